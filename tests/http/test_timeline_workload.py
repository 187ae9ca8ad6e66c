"""Tijdlijn and Werklast over HTTP per role, on both backends: scoped counts and lists, no police-only
report for gemeente users, no personal data for managers, 401/403 for who may not ask."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from auth.users import principal_for
from components.palette import CATEGORY_STYLES, NORMAL_COLOUR, URGENT_COLOUR
from data_access.db import transaction
from data_access.models import User, utcnow
from services.intake import IntakeData, submit_report
from services.workflow import change_status

SECRET = "Inbraak bij Jansen op nummer 12, dader nog binnen"
EMAIL = "p.geheim@voorbeeld.nl"
ANALYSTS = ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente")
POLICE_SEEING = {"meldkamer", "wijkagent", "manager-politie"}
TIMELINE = "..tl-counts.figure...tl-heatmap.figure...tl-message.children.."
WORKLOAD = ("..wl-kpis.children...wl-lateness.figure...wl-groups.rowData...wl-groups.columnDefs...wl-flow.figure"
            "...wl-age.figure...wl-lead.children...wl-handover.children...wl-message.children..")
DRILL = "..wl-drill.rowData...wl-drill-title.children.."
KPI_ID = {"type": "wl-kpi", "metric": "open"}


@pytest.fixture(scope="module")
def seeded(web):
    app, store, clients = web
    now = utcnow()
    with transaction(store.sessions) as session:
        police = submit_report(session, IntakeData(text=SECRET, channel="app", lat=52.047, lon=4.29,
                                                   category_slug="inbraak", contact_email=EMAIL,
                                                   received_at=now - timedelta(hours=3)))
        shared = submit_report(session, IntakeData(text="Losse stoeptegel", channel="web", lat=52.035, lon=4.27,
                                                   category_slug="onderhoud-stoep-straat-en-fietspad",
                                                   contact_email="melder@voorbeeld.nl",
                                                   received_at=now - timedelta(hours=2)))
        gemeente = principal_for(session.scalar(select(User).where(User.username == "gemeente")))
        change_status(session, gemeente, shared.id, shared.version, "in_behandeling", at=now - timedelta(hours=1))
        shared.assignee_id = gemeente.user_id
        # an old, closed Afval report: only in the 30-day views, never open
        old = submit_report(session, IntakeData(text="Vuilniszak gescheurd", channel="web", lat=52.04, lon=4.28,
                                                category_slug="huisafval", received_at=now - timedelta(days=20)))
        change_status(session, gemeente, old.id, old.version, "afgehandeld", at=now - timedelta(days=19))
    return clients, police, shared


def _timeline(client, search="?window=7d", stack="categorie"):
    return client.callback(TIMELINE, [{"id": "tl-url", "property": "search", "value": search},
                                      {"id": "tl-stack", "property": "value", "value": stack}])


def _workload(client, level="organisatie", search="?window=7d"):
    return client.callback(WORKLOAD, [{"id": "wl-url", "property": "search", "value": search},
                                      {"id": "wl-level", "property": "value", "value": level}])


def _drill(client, metric="open"):
    kpi = {**KPI_ID, "metric": metric}
    return client.callback(
        DRILL, [[{"id": kpi, "property": "n_clicks", "value": 1}],
                {"id": "wl-groups", "property": "cellClicked", "value": None},
                {"id": "wl-age", "property": "clickData", "value": None}],
        state=[{"id": "wl-url", "property": "search", "value": "?window=7d"},
               {"id": "wl-level", "property": "value", "value": "organisatie"},
               {"id": "wl-groups", "property": "rowData", "value": []}],
        changed=[json.dumps(kpi, sort_keys=True, separators=(",", ":")) + ".n_clicks"])


def _figure_total(response) -> int:
    figure = response.get_json()["response"]["tl-counts"]["figure"]
    return sum(sum(trace["y"]) for trace in figure["data"])


@pytest.mark.parametrize("user", ANALYSTS)
def test_timeline_counts_are_scoped(seeded, user):
    clients, police, _ = seeded
    response = _timeline(clients[user])
    assert response.status_code == 200
    expected = 2 if user in POLICE_SEEING else 1
    assert _figure_total(response) == expected
    assert SECRET not in response.text and EMAIL not in response.text
    heat = response.get_json()["response"]["tl-heatmap"]["figure"]["data"][0]["z"]
    assert sum(map(sum, heat)) == expected


@pytest.mark.parametrize("user", ANALYSTS)
def test_workload_and_drill_down_are_scoped_without_contact_details(seeded, user):
    clients, police, shared = seeded
    response = _workload(clients[user])
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert sum(row["open"] for row in body["wl-groups"]["rowData"]) == (2 if user in POLICE_SEEING else 1)
    drill = _drill(clients[user])
    assert drill.status_code == 200
    rows = drill.get_json()["response"]["wl-drill"]["rowData"]
    references = {row["reference"] for row in rows}
    assert shared.reference in references
    assert (police.reference in references) == (user in POLICE_SEEING)
    for text in (response.text, drill.text):
        assert SECRET not in text and EMAIL not in text and "melder@voorbeeld.nl" not in text
    assert set(rows[0]) == {"id", "reference", "received", "category", "buurt", "status", "due"}


def test_person_level_only_for_managers(seeded):
    clients, _, _ = seeded
    staff = _workload(clients["gemeente"], level="persoon").get_json()["response"]
    assert "person" not in {c["field"] for c in staff["wl-groups"]["columnDefs"]}
    manager = _workload(clients["manager-gemeente"], level="persoon").get_json()["response"]
    assert "person" in {c["field"] for c in manager["wl-groups"]["columnDefs"]}
    assert any(row["person"] == "Demo Gemeente" for row in manager["wl-groups"]["rowData"])


def test_report_events_are_scoped(seeded):
    clients, police, shared = seeded

    def events(user, reference):
        return clients[user].callback("tl-events.children",
                                      [{"id": "tl-ref", "property": "value", "value": reference},
                                       {"id": "tl-pick", "property": "value", "value": None}])
    seen = events("meldkamer", police.reference)
    assert seen.status_code == 200 and "Ontvangen" in seen.text and police.reference in seen.text
    refused = events("gemeente", police.reference)
    assert refused.status_code == 200 and "Geen melding of incident gevonden" in refused.text
    assert SECRET not in refused.text
    assert "Status: In behandeling" in events("manager-gemeente", shared.reference).text


def test_bad_url_filters_get_a_dutch_message(seeded):
    clients, _, _ = seeded
    response = _timeline(clients["meldkamer"], search="?window=7d&main=bestaat-niet&buurt=<script>")
    assert response.status_code == 200
    assert "Onbekende hoofdcategorie genegeerd" in response.text
    assert _figure_total(response) == 2


def test_selecting_a_row_sets_the_selected_report(seeded):
    clients, _, shared = seeded
    response = clients["gemeente"].callback("selected-report.data", [
        {"id": "wl-drill", "property": "cellClicked", "value": {"rowId": str(shared.id), "colId": "reference"}}])
    assert response.get_json()["response"]["selected-report"]["data"] == {"id": shared.id}


@pytest.mark.parametrize("user, status", [("beheerder", 403), ("wall", 403), (None, 401)])
def test_refused_roles(seeded, user, status):
    clients, _, _ = seeded
    assert _timeline(clients[user]).status_code == status
    assert _workload(clients[user]).status_code == status
    assert _drill(clients[user]).status_code == status
    if user:
        assert clients[user].get("/tijdlijn").status_code == 403
        assert clients[user].get("/werklast").status_code == 403


@pytest.mark.parametrize("user", ANALYSTS)
def test_pages_render(seeded, user):
    clients, _, _ = seeded
    assert clients[user].get("/tijdlijn?window=7d&main=afval").status_code == 200
    assert clients[user].get("/werklast?window=bogus").status_code == 200


def test_timeline_categories_keep_their_own_colours(seeded):
    """'Afval' and 'Wegen, verkeer, straatmeubilair' once shared one blue: each main category
    now has its colour from components/palette.py, the same as on the map."""
    clients, _, _ = seeded
    figure = _timeline(clients["meldkamer"], search="?window=30d").get_json()["response"]["tl-counts"]["figure"]
    colours = {trace["name"]: trace["marker"]["color"] for trace in figure["data"]}
    assert colours == {"Afval": CATEGORY_STYLES["afval"].colour,
                       "Wegen, verkeer, straatmeubilair": CATEGORY_STYLES["wegen-verkeer-straatmeubilair"].colour,
                       "Veiligheid en criminaliteit (politie)": CATEGORY_STYLES["veiligheid-politie"].colour}
    urgency = _timeline(clients["meldkamer"], search="?window=30d", stack="urgentie")
    by_key = {t["name"]: t["marker"]["color"] for t in urgency.get_json()["response"]["tl-counts"]["figure"]["data"]}
    assert by_key == {"Spoed": URGENT_COLOUR, "Geen spoed": NORMAL_COLOUR}


def test_workload_backlog_axis_has_round_ticks(seeded):
    """The backlog's right axis counts in round steps that share the left axis' grid lines
    (it read 41,5 / 83 / 124,4 when Plotly synced it to the left one)."""
    clients, _, _ = seeded
    layout = _workload(clients["meldkamer"], search="?window=30d").get_json()["response"]["wl-flow"]["figure"]["layout"]
    for axis in (layout["yaxis"], layout["yaxis2"]):
        assert axis["tickmode"] == "linear" and axis["tick0"] == 0
        assert isinstance(axis["dtick"], int) and str(axis["dtick"])[0] in "125"
        assert axis["range"] == [0, 4 * axis["dtick"]]
    assert layout["yaxis2"]["range"][1] >= 2        # the backlog reaches 2 open reports


def _components(node, kind):
    """Every component of type `kind` in a layout answer (dicts as Dash sends them)."""
    if isinstance(node, dict):
        if node.get("type") == kind:
            yield node["props"]
        for value in (node.get("props") or node).values():
            yield from _components(value, kind)
    elif isinstance(node, list):
        for item in node:
            yield from _components(item, kind)


@pytest.mark.parametrize("user, path", [("meldkamer", "/tijdlijn"), ("meldkamer", "/werklast"),
                                        ("gemeente", "/terugkoppeling"), ("manager-politie", "/trends"),
                                        ("gemeente", "/kaart"), ("wijkagent", "/buurtberichten")])
def test_every_chart_and_date_picker_is_dutch_without_a_cloud_button(seeded, user, path):
    """One graph factory: Plotly's Dutch locale, a small toolbar, no 'share'/'Chart Studio' button
    that would send police figures away; one date picker: Dutch days, weeks from Monday."""
    clients, _, _ = seeded
    layout = clients[user].callback(
        ".._pages_content.children..._pages_store.data..",
        [{"id": "_pages_location", "property": "pathname", "value": path},
         {"id": "_pages_location", "property": "search", "value": ""}],
        outputs=[{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    ).get_json()["response"]["_pages_content"]["children"]
    graphs = list(_components(layout, "Graph"))
    pickers = list(_components(layout, "DatePickerRange")) + list(_components(layout, "DatePickerSingle"))
    assert graphs or path in ("/kaart", "/buurtberichten")
    assert pickers
    for config in (graph["config"] for graph in graphs):
        assert config["locale"] == "nl" and config["displaylogo"] is False
        assert config["showLink"] is False and config["showSendToCloud"] is False
        assert config["showEditInChartStudio"] is False
        assert {"sendDataToCloud", "editInChartStudio", "lasso2d", "select2d"} <= set(config["modeBarButtonsToRemove"])
    for picker in pickers:
        assert picker["display_format"] == "D MMM YYYY" and picker["first_day_of_week"] == 1
        assert picker["month_format"] == "MMMM YYYY"
