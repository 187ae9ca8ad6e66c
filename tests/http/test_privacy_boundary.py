"""Pseudonymisation at the boundary (issue 17): free text that leaves the handling organisation or the
staff never carries a resident's name, phone number, e-mail address, plate or house number.

Each surface is read over real HTTP requests (Open311 GET in JSON and XML, the public /buurt page's
callback, the wall's callback, the CSV export, a shared incident as the other organisation sees it),
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from sqlalchemy import select

from auth.users import principal_for
from data_access.db import transaction
from data_access.models import IncidentProposal, Report, User, utcnow
from services import incident_grouping
from services.api_keys import create_key
from services.intake import IntakeData, submit_report
from services.neighbourhood import post_message
from tests.http.test_resident_followups import _page
from tests.http.test_report_panel import show
from tests.http.test_resident_pages import BUURT, POINT, _answer, _neighbourhood

PLANTED = ("Mijn buurman Jan de Vries (06-12345678) zet zijn bank bij Akkerwindestraat 14, "
           "auto XP-406-G, mail jan.devries@example.nl")
SECRETS = ("Jan de Vries", "Vries", "06-12345678", "Akkerwindestraat 14", "XP-406-G", "jan.devries@example.nl")
PSEUDONYMISED = ("Mijn buurman [NAAM] ([TELEFOON]) zet zijn bank bij [ADRES], auto [KENTEKEN], mail [E-MAIL]")


def _no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def _user(session, username):
    return principal_for(session.scalar(select(User).where(User.username == username)))


def _report(store, slug="grofvuil", minutes=0, text=PLANTED) -> Report:
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(
            text=text, channel="web", lat=POINT[0], lon=POINT[1], address="Akkerwindestraat 14, Den Haag",
            category_slug=slug, received_at=utcnow() - timedelta(minutes=60 - minutes)))
        return report.reference


def test_open311_get_shows_the_description_pseudonymised(web):
    app, store, _ = web
    client = app.server.test_client()
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"privacy-{uuid.uuid4().hex[:6]}")
    posted = client.post("/open311/v2/requests.json", data={
        "api_key": key, "service_code": "grofvuil", "description": PLANTED, "lat": "52.04153", "long": "4.28417"})
    assert posted.status_code == 201
    reference = posted.json[0]["service_request_id"]
    single = client.get(f"/open311/v2/requests/{reference}.json")
    assert single.json[0]["description"] == PSEUDONYMISED
    for path in ("/open311/v2/requests.json", "/open311/v2/requests.xml", f"/open311/v2/requests/{reference}.xml",
                 f"/open311/v2/tokens/{posted.json[0]['token']}.json"):
        response = client.get(path)
        assert response.status_code == 200 and (reference in response.text or "token" in path)
        _no_secrets(response.text)
    assert "[NAAM]" in client.get(f"/open311/v2/requests/{reference}.xml").text
    with store.session() as session:       # the handling organisation keeps the text as written
        assert session.scalar(select(Report.text).where(Report.reference == reference)) == PLANTED


def test_buurt_page_shows_buurtberichten_pseudonymised(web):
    _, store, clients = web
    with transaction(store.sessions) as session:
        post_message(session, _user(session, "wijkagent"), BUURT, "oproep", "Wie zag Jan de Vries?",
                     f"Bel 06-12345678 als u iets zag bij Akkerwindestraat 14 (auto XP-406-G). Of mail "
                     f"jan.devries@example.nl", utcnow() + timedelta(days=3))
    answer = json.dumps(_answer(_neighbourhood(clients[None], BUURT)), ensure_ascii=False)
    assert "Wie zag [NAAM]?" in answer and "[TELEFOON]" in answer and "[KENTEKEN]" in answer
    _no_secrets(answer)


def test_follower_mails_carry_buurtberichten_pseudonymised(store):
    from services.area_followers import FollowerLinks, deliver_notifications, follow, notify_followers
    from tests.http.test_resident_followups import Recorder

    now, recorder = utcnow(), Recorder()
    with transaction(store.sessions) as session:
        from auth.users import ensure_demo_accounts

        ensure_demo_accounts(session)
        follow(session, BUURT, "volger@example.org").confirmed_at = now
        deliver_notifications(session, now, {"email": Recorder()}, FollowerLinks("http://127.0.0.1", "t" * 40))
        message = post_message(session, _user(session, "wijkagent"), BUURT, "oproep", "Wie zag Jan de Vries?",
                               "Bel 06-12345678 als u iets zag bij Akkerwindestraat 14 (auto XP-406-G).",
                               now + timedelta(days=3), now=now)
        assert notify_followers(session, message) == 1
        deliver_notifications(session, now, {"email": recorder}, FollowerLinks("http://127.0.0.1", "t" * 40))
    (mail,) = recorder.envelopes
    sent = " ".join((mail.subject, mail.body, mail.html or ""))
    assert "Wie zag [NAAM]?" in sent and "[ADRES]" in sent and "[KENTEKEN]" in sent
    _no_secrets(sent)


def test_wall_ticker_carries_no_planted_identifiers(web):
    app, store, clients = web
    _report(store, minutes=59)
    key = next(k for k in app.callback_map if k.startswith("..wall-tiles.children"))
    response = clients["wall"].callback(key, [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
                                              {"id": "map-location", "property": "search", "value": ""}],
                                        [{"id": "wall-state", "property": "data", "value": None}])
    assert response.status_code == 200 and "Grofvuil" in response.text
    _no_secrets(response.text)


def test_exports_carry_no_planted_identifiers(web):
    _, store, clients = web
    reference = _report(store, minutes=58)
    for username in ("manager-gemeente", "gemeente"):
        response = clients[username].get("/export/meldingen.csv")
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and reference in text
        _no_secrets(text)


def test_a_shared_incident_is_titled_pseudonymised(web):
    _, store, clients = web
    first = _report(store, "veeg-zwerfvuil", minutes=10)
    _report(store, "veeg-zwerfvuil", minutes=12,
            text="Weer zwerfvuil bij Akkerwindestraat 14, van buurman Jan de Vries (06-12345678)")
    with transaction(store.sessions) as session:
        first_id = session.scalar(select(Report.id).where(Report.reference == first))
        proposal = session.scalar(select(IncidentProposal).where(IncidentProposal.candidate_report_id == first_id))
        assert proposal is not None and proposal.state == "voorgesteld"
        incident = incident_grouping.confirm(session, _user(session, "handhaving"), proposal.id)
        assert incident.title == PSEUDONYMISED and incident.visibility == "gedeeld"
    for viewer in ("wijkagent", "handhaving"):       # police and gemeente staff both pick it here
        page = _page(clients[viewer], "/buurtberichten")
        assert page.status_code == 200
        assert f"#{incident.id} {PSEUDONYMISED}" in page.text
        _no_secrets(page.text)


def test_report_panel_pseudonymises_a_shared_report_for_the_other_organisation(web):
    _, store, clients = web
    reference = _report(store, minutes=57)          # grofvuil: handled by the gemeente, shared
    with store.session() as session:
        report_id = session.scalar(select(Report.id).where(Report.reference == reference))
    for username in ("wijkagent", "meldkamer", "manager-politie"):
        response = show(clients[username], report_id)
        assert response.status_code == 200 and PSEUDONYMISED in response.text, username
        assert "Akkerwindestraat" in response.text          # the street stays, the house number goes
        _no_secrets(response.text)
    own = show(clients["handhaving"], report_id)      # the handling organisation reads what was written
    assert PLANTED in own.text
