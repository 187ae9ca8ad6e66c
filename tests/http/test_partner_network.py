"""A partner network (issue 19) over real HTTP, on SQLite and PostgreSQL: the invented region
Lindendal with a third organisation, a housing corporation (tests/fixtures/region/lindendal.yaml),
and its history imported through the documented CSV mapping.

The corporation's staff never receive a police-only report, event or text, nor another
organisation's personal data (reporter contact, free text as written, house numbers) unless a
sharing rule gives it; they see exactly the categories the rules show them, with exact figures;
a report handed over gemeente -> corporation -> gemeente keeps its whole history."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from auth.users import create_user
from data_access.db import transaction
from data_access.models import AuditLog, Organisation, Report, ReportEvent
from data_access.region import load_region
from services import report_actions as actions
from services.intake import IntakeData, submit_report
from tests.conftest import BACKENDS, DEMO_PASSWORD, RoleClient, make_app, make_store
from tests.http.test_report_panel import act, show, version_of
from tests.http.test_live_map import ids as map_ids
from tests.http.test_live_map import load
from tests.http.test_privacy_pages import search as privacy_search
from tests.http.test_search import found
from tests.http.test_second_region import (
    CSV_FILE, MAPPING, REGION_FILE, ROWS, TIMELINE, WHOLE, _no_pilot_town, _page, _trends, _workload,
)

PARTNER_USERS = {"woning": ["partner"], "woning-manager": ["manager"], "woning-privacy": ["privacy"]}
OTHERS = ("meldkamer", "gemeente", "manager-gemeente", "manager-politie", "beheerder")
SECRET = "Inbraak bij Jansen op nummer 12, dader nog binnen"
POLICE_NOTE = "Buurtonderzoek loopt, getuige Mulder gehoord"
SEEN = {"Afval", "Overlast"}           # the CSV's categories the corporation's rules show it
STAFF_PAGES = ("/", "/kaart", "/tijdlijn", "/werklast", "/terugkoppeling", "/signalen", "/feed-beoordeling",
               "/instellingen")


def _inside(region) -> tuple[float, float]:
    buurt = next(f for f in region.areas if f.kind == "buurt")
    point = buurt.geometry.representative_point()
    return point.y, point.x


@pytest.fixture(scope="module", params=BACKENDS)
def network(request, tmp_path_factory):
    region = load_region(REGION_FILE)
    store = make_store(request, request.param, tmp_path_factory, region)
    app = make_app(store, tmp_path_factory, region=str(REGION_FILE))
    result = app.server.test_cli_runner().invoke(args=["import", "csv", str(CSV_FILE), "--mapping", str(MAPPING)])
    assert result.exit_code == 0 and "Geïmporteerd: 300" in result.output, result.output
    lat, lon = _inside(region)

    def plant(slug, text, email, **extra):
        return submit_report(session, IntakeData(text=text, channel="app", lat=lat, lon=lon, category_slug=slug,
                                                 contact_email=email, address="Stationsweg 14, Lindendal",
                                                 **extra)).id

    with transaction(store.sessions) as session:
        for username, roles in PARTNER_USERS.items():
            create_user(session, username, DEMO_PASSWORD, "woningcorporatie", roles, team="wijkbeheer")
        ids = {
            "police": plant("inbraak", SECRET, "p.geheim@voorbeeld.nl"),
            "police_shared": plant("verdachte-situatie", "Verdachte auto met kenteken 12-ABC-3", "auto@voorbeeld.nl"),
            "street": plant("onderhoud-stoep-straat-en-fietspad", "Losse stoeptegel bij Karel Appel",
                            "stoep@voorbeeld.nl"),
            "youth": plant("jongerenoverlast", "Jongeren bij Jan de Vries, bel 06-12345678", "jong@voorbeeld.nl"),
            "neighbour": plant("overige-overlast-door-personen", "Buurman Piet Jansen schreeuwt elke nacht",
                               "buur@voorbeeld.nl"),
            "was_police": plant("jongerenoverlast", "Groep bij de kiosk", "kiosk@voorbeeld.nl"),
        }
        # a report the police held as police-only, with a police-only note, then shared and handed to
        # the corporation: the corporation sees the report, never the note written before
        police = Organisation.code == "politie"
        report = session.get(Report, ids["was_police"])
        report.organisation_id, report.visibility = session.scalar(select(Organisation.id).where(police)), "politie"
        session.flush()
        meldkamer = _principal(session, "meldkamer")
        actions.add_note(session, meldkamer, report.id, report.version, POLICE_NOTE)
        actions.hand_over(session, meldkamer, report.id, report.version, "woningcorporatie", share=True)
    clients = {name: RoleClient(app, name) for name in (*PARTNER_USERS, *OTHERS)}
    return app, store, clients, ids


def _principal(session, username):
    from auth.users import principal_for
    from data_access.models import User
    return principal_for(session.scalar(select(User).where(User.username == username)))


def _events(store, report_id) -> list[tuple[str, str | None, str | None, str]]:
    with store.sessions() as session:
        return [(e.kind, e.from_value, e.to_value, e.visibility) for e in session.scalars(
            select(ReportEvent).where(ReportEvent.report_id == report_id).order_by(ReportEvent.at, ReportEvent.id))]


def test_the_partner_never_opens_police_only_or_unshared_reports(network):
    _, _, clients, ids = network
    for user in ("woning", "woning-manager"):
        for name in ("police", "police_shared", "street"):
            response = show(clients[user], ids[name])
            assert response.status_code == 200
            assert "Melding niet gevonden" in response.text, (user, name)
            assert response.get_json()["response"]["report-panel-loaded"]["data"] is None
            for leak in (SECRET, "Jansen", "12-ABC-3", "stoeptegel", "voorbeeld.nl"):
                assert leak not in response.text, (user, name, leak)


def test_the_partner_reads_shared_categories_pseudonymised_without_contact(network):
    app, store, clients, ids = network
    response = show(clients["woning"], ids["youth"])
    text = response.text
    assert "Jongeren bij [NAAM], bel [TELEFOON]" in text
    assert "Jan de Vries" not in text and "06-12345678" not in text and "jong@voorbeeld.nl" not in text
    assert "Stationsweg 14" not in text and "Stationsweg" in text              # the street, no house number
    assert "Toon contactgegevens" not in text and "rp-action" not in text     # not its report: read only
    loaded = [{"id": "report-panel-loaded", "property": "data", "value": {"id": ids["youth"]}}]
    click = [{"id": "report-panel-contact-button", "property": "n_clicks", "value": 1}]
    contact = clients["woning"].callback("report-panel-contact.children", click, loaded)
    assert contact.status_code == 200 and "jong@voorbeeld.nl" not in contact.text
    assert "alleen voor de behandelende organisatie" in contact.text
    # the gemeente handles it: the text as written, and its contact details on request
    assert "Jan de Vries" in show(clients["gemeente"], ids["youth"]).text


def test_a_sharing_rule_gives_the_partner_personal_data_and_every_view_is_audited(network):
    _, store, clients, ids = network
    response = show(clients["woning"], ids["neighbour"])
    assert "Buurman Piet Jansen schreeuwt" in response.text and "Stationsweg 14" in response.text
    assert "Toon contactgegevens" in response.text and "buur@voorbeeld.nl" not in response.text
    loaded = [{"id": "report-panel-loaded", "property": "data", "value": {"id": ids["neighbour"]}}]
    click = [{"id": "report-panel-contact-button", "property": "n_clicks", "value": 1}]
    contact = clients["woning"].callback("report-panel-contact.children", click, loaded)
    assert "buur@voorbeeld.nl" in contact.text
    with store.sessions() as session:
        assert session.scalar(select(AuditLog.username).where(
            AuditLog.action == "view_contact", AuditLog.object_id == str(ids["neighbour"]))) == "woning"
    # a manager of the corporation never sees personal data, whatever the rule
    manager = show(clients["woning-manager"], ids["neighbour"])
    assert "Piet Jansen" not in manager.text and "Toon contactgegevens" not in manager.text


def test_a_report_the_police_held_keeps_its_police_only_note_from_the_partner(network):
    _, store, clients, ids = network
    assert ("notitie", None, None, "politie") in [(k, None, None, v) for k, _, _, v in _events(store, ids["was_police"])]
    response = show(clients["woning"], ids["was_police"])
    assert "Groep bij de kiosk" in response.text                         # its own report now: as written
    assert POLICE_NOTE not in response.text and "Mulder" not in response.text
    assert "Woonstichting Lindendal" in response.text and "rp-action" in response.text
    assert POLICE_NOTE in show(clients["meldkamer"], ids["was_police"]).text


def test_the_partner_corrects_a_category_only_within_what_it_handles(network):
    _, store, clients, ids = network
    report = ids["was_police"]
    assert '"value":"inbraak"' not in show(clients["woning"], report).text.replace(" ", "")   # not offered
    refused = act(clients["woning"], "category", report, version_of(store, report), category="inbraak")
    assert "behandelt geen meldingen van de categorie" in refused.text
    assert act(clients["woning"], "category", report, version_of(store, report),
               category="overige-overlast-door-personen").status_code == 200
    with store.sessions() as session:
        assert session.get(Report, report).category.slug == "overige-overlast-door-personen"


def test_hand_over_gemeente_partner_gemeente_keeps_its_history(network):
    _, store, clients, ids = network
    report = ids["youth"]
    options = show(clients["gemeente"], report).text
    assert "Woonstichting Lindendal" in options                                # a handler of the category
    response = act(clients["gemeente"], "handover", report, version_of(store, report),
                   handover_org="woningcorporatie", handover_share=[], handover_note="Huurders van ons complex")
    assert response.status_code == 200 and "error" not in json.dumps(response.get_json()["response"]).lower()
    mine = show(clients["woning"], report).text
    assert "Jan de Vries" in mine and "rp-action" in mine and "Toon contactgegevens" in mine
    note = act(clients["woning"], "note", report, version_of(store, report), note="Bewoners aangesproken")
    assert note.status_code == 200
    back = act(clients["woning"], "handover", report, version_of(store, report),
               handover_org="gemeente", handover_share=[], handover_note="Geen huurders van ons")
    assert back.status_code == 200
    history = [(kind, before, after) for kind, before, after, _ in _events(store, report) if kind in ("overdracht", "notitie")]
    assert history == [("overdracht", "Gemeente Lindendal", "Woonstichting Lindendal"),
                       ("notitie", None, None),
                       ("overdracht", "Woonstichting Lindendal", "Gemeente Lindendal")]
    # back with the gemeente: the corporation reads it again as a partner (pseudonymised, no actions),
    # the timeline it sees holds the whole history
    again = show(clients["woning"], report).text
    assert "Jan de Vries" not in again and "rp-action" not in again
    assert "Bewoners aangesproken" in again and again.count("Woonstichting Lindendal") >= 2
    assert "Bewoners aangesproken" in show(clients["gemeente"], report).text


def test_hand_over_only_to_an_organisation_that_handles_the_category(network):
    _, store, clients, ids = network
    street = ids["street"]
    assert "Woonstichting Lindendal" not in show(clients["gemeente"], street).text    # not offered
    refused = act(clients["gemeente"], "handover", street, version_of(store, street),
                  handover_org="woningcorporatie", handover_share=[], handover_note="")
    assert "behandelt geen meldingen van de categorie" in refused.text
    with store.sessions() as session:
        assert session.get(Report, street).organisation.code == "gemeente"


def test_search_and_map_stay_within_the_partners_categories(network):
    app, _, clients, ids = network
    with network[1].sessions() as session:
        refs = {name: session.get(Report, i).reference for name, i in ids.items()}
    assert found(clients["woning"], "inbraak jansen") == set()
    assert found(clients["woning"], refs["police"]) == set() and found(clients["woning"], refs["street"]) == set()
    assert found(clients["woning"], "schreeuwt") == {refs["neighbour"]}
    assert found(clients["meldkamer"], "inbraak jansen") == {refs["police"]}
    on_map = map_ids(load(clients, app, "woning"))
    assert {ids["youth"], ids["neighbour"], ids["was_police"]} <= on_map
    assert not on_map & {ids["police"], ids["police_shared"], ids["street"]}


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_every_staff_page_shows_the_regions_names_and_nothing_police_only(network, path):
    _, _, clients, _ = network
    text = _page(clients["woning"], path)
    assert "Geen toegang" not in text
    for leak in (SECRET, "Jansen op nummer", "p.geheim", "12-ABC-3"):
        assert leak not in text, leak
    _no_pilot_town(text)


def _seen_rows():
    return [r for r in ROWS if r["categorie"] in SEEN]


def test_the_partners_figures_count_exactly_its_categories(network):
    _, _, clients, _ = network
    client = clients["woning-manager"]
    response = client.callback(TIMELINE, [{"id": "tl-url", "property": "search", "value": WHOLE},
                                          {"id": "tl-stack", "property": "value", "value": "kanaal"}]).get_json()["response"]
    figure = response["tl-counts"]["figure"]
    # Afval came in by phone, Overlast at the counter ("Balie": import) in the fixture
    assert {t["name"]: sum(t["y"]) for t in figure["data"]} == {"Telefoon": 75, "Import": 75}
    assert f"{len(_seen_rows())} meldingen in deze periode." in json.dumps(response["tl-message"])
    groups = {row["organisation"]: row for row in _workload(client)["wl-groups"]["rowData"]}
    organisation_of_team = {"Buitendienst": "Gemeente Lindendal", "Toezicht": "Gemeente Lindendal",
                            "Wijkteam": "Politie Eenheid Lindendal"}
    for name, row in groups.items():
        mine = [r for r in _seen_rows() if organisation_of_team.get(r["team"]) == name]
        assert row["instroom"] == len(mine), name
    assert {name for name, row in groups.items() if row["instroom"]} == {"Gemeente Lindendal",
                                                                         "Politie Eenheid Lindendal"}
    # the corporation holds the report the police handed over: open now, received after the history
    assert groups["Woonstichting Lindendal"]["open"] == 1
    quarter = {row["groep"]: row["meldingen"] for row in _trends(client, "quarter", "2023-05-15", "buurt")["tr-groups"]["rowData"]}
    in_quarter = [r for r in _seen_rows() if "2023-04-01" <= r["aangemaakt"][:10] <= "2023-06-30"]
    assert sum(quarter.values()) == len(in_quarter) > 0
    for buurt, n in quarter.items():
        assert n == sum(r["regio"] == buurt for r in in_quarter)


def test_the_partners_export_holds_its_categories_only(network):
    _, _, clients, _ = network
    response = clients["woning-manager"].get("/export/meldingen.csv?van=2019-01-01&tot=2024-12-31")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, body = lines[0], lines[1:]
    assert len(body) == len(_seen_rows()) == 150
    assert {row[header.index("organisatie")] for row in body} == {"Gemeente Lindendal", "Politie Eenheid Lindendal"}
    assert not re.search(r"Verlichting|Groen|straatverlichting", response.data.decode("utf-8-sig"))


def test_the_partners_privacy_officer_finds_only_what_its_rules_show(network):
    _, store, clients, ids = network
    officer = clients["woning-privacy"]
    assert "deelregels" in _page(officer, "/privacy")
    with store.sessions() as session:
        refs = {name: session.get(Report, i).reference for name, i in ids.items()}
    for name, email in (("police", "p.geheim@voorbeeld.nl"), ("police_shared", "auto@voorbeeld.nl"),
                        ("street", "stoep@voorbeeld.nl")):
        for query in (refs[name], email):
            shown = json.dumps(privacy_search(officer, query).get_json()["response"]["privacy-result"])
            assert "Niets gevonden" in shown and refs[name] not in shown, (name, query)
            assert SECRET not in shown and "Karel Appel" not in shown and "12-ABC-3" not in shown
    assert refs["neighbour"] in privacy_search(officer, "buur@voorbeeld.nl").text
    assert refs["police"] in privacy_search(RoleClient(network[0], "privacy-politie"), "p.geheim@voorbeeld.nl").text


def test_beheer_shows_the_partner_and_its_sharing_rules(network):
    _, _, clients, _ = network
    text = _page(clients["beheerder"], "/beheer")
    assert "Woonstichting Lindendal" in text and "(woningcorporatie, partner)" in text
    assert "Deelregels per categorie" in text
    assert "zien persoonsgegevens: Woonstichting Lindendal" in text
    assert "behandelen: Gemeente Lindendal, Politie Eenheid Lindendal, Woonstichting Lindendal" in text
