"""The report panel's callbacks over HTTP, per role, on both backends: what each role receives,
what it may do, the audited contact view and the conflict on a stale version."""

import json

import pytest
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import AuditLog, FeedbackMessage, Report, ReportEvent
from services.intake import IntakeData, submit_report

SECRET = "Inbraak bij Jansen op nummer 12, dader nog binnen"
EMAIL = "melder-paneel@voorbeeld.nl"
SHOW = "..report-panel.className...report-panel-title.children...report-panel-body.children" \
       "...report-panel-loaded.data...report-panel-message.children.."
ACT, CONTACT = "report-panel-outcome.data", "report-panel-contact.children"
HANDLERS = ("meldkamer", "wijkagent", "handhaving", "gemeente")


def pid(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@pytest.fixture(scope="module")
def seeded(web):
    app, store, clients = web
    with transaction(store.sessions) as session:
        police = submit_report(session, IntakeData(text=SECRET, channel="app", lat=52.0473, lon=4.2911,
                                                   category_slug="inbraak", contact_email="p@voorbeeld.nl"))
        shared = submit_report(session, IntakeData(text="Losse stoeptegel voor de bibliotheek", channel="web",
                                                   lat=52.035, lon=4.27, contact_email=EMAIL,
                                                   category_slug="onderhoud-stoep-straat-en-fietspad"))
    return app, store, clients, police.id, shared.id


def show(client, report_id):
    return client.callback(SHOW, [{"id": "selected-report", "property": "data", "value": {"id": report_id}},
                                  {"id": "report-panel-outcome", "property": "data", "value": None},
                                  {"id": "report-panel-close", "property": "n_clicks", "value": 0}])


def act(client, name, report_id, version, **fields):
    action = {"type": "rp-action", "name": name}
    states = [[{"id": {"type": "rp-field", "name": key}, "property": "value", "value": value}
               for key, value in fields.items()],
              {"id": "report-panel-loaded", "property": "data", "value": {"id": report_id, "version": version}}]
    return client.callback(ACT, [[{"id": action, "property": "n_clicks", "value": 1}]], states,
                           changed=[f"{pid(action)}.n_clicks"])


def version_of(store, report_id):
    with store.sessions() as session:
        return session.get(Report, report_id).version


def count(store, model, *where):
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_police_staff_open_a_police_only_report(seeded):
    _, store, clients, police, _ = seeded
    for user in ("meldkamer", "wijkagent", "manager-politie"):
        response = show(clients[user], police)
        assert response.status_code == 200, user
        data = response.get_json()["response"]
        assert SECRET in response.text
        assert data["report-panel-loaded"]["data"] == {"id": police, "version": version_of(store, police)}


def test_gemeente_never_receives_a_police_only_report(seeded):
    _, _, clients, police, _ = seeded
    for user in ("handhaving", "gemeente", "manager-gemeente"):
        response = show(clients[user], police)
        assert response.status_code == 200
        assert "Melding niet gevonden" in response.text
        assert SECRET not in response.text and "52.0473" not in response.text and "Jansen" not in response.text
        assert response.get_json()["response"]["report-panel-loaded"]["data"] is None


def test_wall_and_beheerder_get_no_panel_and_cannot_act(seeded):
    _, store, clients, police, shared = seeded
    for user in ("wall", "beheerder"):
        assert show(clients[user], police).status_code == 403
        assert act(clients[user], "note", shared, version_of(store, shared), note="x").status_code == 403
    assert show(clients[None], shared).status_code == 401


def test_manager_sees_read_only_panel_without_contact(seeded):
    _, store, clients, _, shared = seeded
    response = show(clients["manager-gemeente"], shared)
    assert "Losse stoeptegel" in response.text
    assert "Toon contactgegevens" not in response.text and EMAIL not in response.text
    assert "alleen bekijken" in response.text and "rp-action" not in response.text
    assert act(clients["manager-gemeente"], "note", shared, version_of(store, shared), note="x").status_code == 403
    loaded = {"id": "report-panel-loaded", "property": "data", "value": {"id": shared}}
    assert clients["manager-gemeente"].callback(
        CONTACT, [{"id": "report-panel-contact-button", "property": "n_clicks", "value": 1}], [loaded]
    ).status_code == 403


def test_contact_only_on_click_for_the_handling_organisation_and_audited(seeded):
    _, store, clients, _, shared = seeded
    opened = show(clients["gemeente"], shared)
    assert "Toon contactgegevens" in opened.text and EMAIL not in opened.text
    audited = AuditLog.action == "view_contact", AuditLog.object_id == str(shared)
    before = count(store, AuditLog, *audited)
    loaded = {"id": "report-panel-loaded", "property": "data", "value": {"id": shared}}
    click = [{"id": "report-panel-contact-button", "property": "n_clicks", "value": 1}]
    response = clients["gemeente"].callback(CONTACT, click, [loaded])
    assert EMAIL in response.text
    assert count(store, AuditLog, *audited) == before + 1
    refused = clients["meldkamer"].callback(CONTACT, click, [loaded])     # police: not the handler
    assert EMAIL not in refused.text and "behandelende organisatie" in refused.text
    assert count(store, AuditLog, *audited) == before + 1


def test_status_change_and_stale_version_conflict(seeded):
    _, store, clients, _, shared = seeded
    loaded = version_of(store, shared)
    ok = act(clients["gemeente"], "status", shared, loaded, status="in_behandeling", status_note="")
    assert ok.get_json()["response"]["report-panel-outcome"]["data"]["ok"] is True
    events = count(store, ReportEvent, ReportEvent.report_id == shared)
    stale = act(clients["gemeente"], "note", shared, loaded, note="Dit mag niet landen")
    outcome = stale.get_json()["response"]["report-panel-outcome"]["data"]
    assert outcome["ok"] is False and "intussen" in outcome["message"]
    assert count(store, ReportEvent, ReportEvent.report_id == shared) == events
    with store.sessions() as session:
        assert session.get(Report, shared).status == "in_behandeling"


def test_other_organisation_cannot_act_and_forged_ids_change_nothing(seeded):
    _, store, clients, police, shared = seeded
    refused = act(clients["meldkamer"], "note", shared, version_of(store, shared), note="x")
    assert "Alleen de behandelende" in refused.text
    forged = act(clients["handhaving"], "note", police, version_of(store, police), note="x")
    assert "niet gevonden" in forged.text and SECRET not in forged.text
    assert count(store, ReportEvent, ReportEvent.kind == "notitie") == 0


def test_feedback_template_and_send(seeded):
    _, store, clients, _, shared = seeded
    kind = {"type": "rp-field", "name": "feedback_kind"}
    body = {"type": "rp-field", "name": "feedback_body"}
    loaded = {"id": "report-panel-loaded", "property": "data", "value": {"id": shared}}
    response = clients["gemeente"].callback(
        f"{pid(body)}.value", [{"id": kind, "property": "value", "value": "tussenbericht"}], [loaded],
        outputs={"id": body, "property": "value"}, changed=[f"{pid(kind)}.value"])
    text = response.get_json()["response"][pid(body)]["value"]
    assert "HNM-" in text and EMAIL not in text
    sent = act(clients["gemeente"], "feedback", shared, version_of(store, shared),
               feedback_kind="tussenbericht", feedback_body=text)
    assert sent.get_json()["response"]["report-panel-outcome"]["data"]["ok"] is True
    assert count(store, FeedbackMessage, FeedbackMessage.report_id == shared,
                 FeedbackMessage.state == "wachtrij") == 1
    reopened = show(clients["gemeente"], shared)
    assert "Terugkoppeling" in reopened.text and "in de wachtrij" in reopened.text
