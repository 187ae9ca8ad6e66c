"""Derived texts carry the visibility of their most restricted source (issue 16, item 1).

A shared report that police staff link to a police incident must not show that incident's title
(which is the police report's own text) to the gemeente: not in the report panel, not in the
Tijdlijn's events. A closed incident cannot be linked. Real callback requests per role, on both
backends.
"""

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Incident, Organisation, Report, ReportEvent
from services.intake import IntakeData, submit_report
from tests.http.test_report_panel import act, show, version_of

SECRET = "Inbraak bij Pietersen op de Laan van Wateringse Veld 88, dader gevlucht"
GEMEENTE_SIDE = ("handhaving", "gemeente", "manager-gemeente")
EVENTS = "tl-events.children"


def events(client, reference):
    return client.callback(EVENTS, [{"id": "tl-ref", "property": "value", "value": reference},
                                    {"id": "tl-pick", "property": "value", "value": None}])


@pytest.fixture(scope="module")
def linked(web):
    app, store, clients = web
    with transaction(store.sessions) as session:
        police_report = submit_report(session, IntakeData(text=SECRET, channel="app", lat=52.0473, lon=4.2911,
                                                          category_slug="inbraak"))
        shared = submit_report(session, IntakeData(text="Groep jongeren met scooters bij het winkelcentrum",
                                                   channel="app", lat=52.0470, lon=4.2905,
                                                   category_slug="jeugdoverlast"))
        politie = session.scalar(select(Organisation.id).where(Organisation.code == "politie"))
        # what incident_grouping.confirm makes of a police report: its text becomes the title
        incidents = {}
        for status in ("open", "gesloten"):
            incident = Incident(title=SECRET[:120], organisation_id=politie, visibility="politie",
                                lat=52.0473, lon=4.2911, status=status)
            session.add(incident)
            session.flush()
            incidents[status] = incident.id
        police_report.incident_id = incidents["open"]
        ids = police_report.id, shared.id, shared.reference
    police_id, shared_id, reference = ids
    assert shared_id and version_of(store, shared_id)
    return app, store, clients, shared_id, reference, incidents


def test_a_closed_incident_cannot_be_linked(linked):
    _, store, clients, shared, _, incidents = linked
    response = act(clients["meldkamer"], "link", shared, version_of(store, shared), incident=incidents["gesloten"])
    outcome = response.get_json()["response"]["report-panel-outcome"]["data"]
    assert outcome["ok"] is False and "afgesloten" in outcome["message"]
    with store.sessions() as session:
        assert session.get(Report, shared).incident_id is None


def test_linking_a_shared_report_to_a_police_incident_hides_the_police_side(linked):
    _, store, clients, shared, reference, incidents = linked
    response = act(clients["meldkamer"], "link", shared, version_of(store, shared), incident=incidents["open"])
    assert response.get_json()["response"]["report-panel-outcome"]["data"]["ok"] is True
    with store.sessions() as session:
        assert session.get(Report, shared).incident_id == incidents["open"]
        link = session.scalars(select(ReportEvent).where(ReportEvent.report_id == shared,
                                                         ReportEvent.kind == "incident")).one()
        assert link.visibility == "politie"
    for user in GEMEENTE_SIDE:
        panel, timeline = show(clients[user], shared), events(clients[user], reference)
        assert panel.status_code == 200 and timeline.status_code == 200, user
        assert "jongeren" in panel.text, user            # the shared report itself is there
        assert reference in timeline.text, user
        for response in (panel, timeline):
            assert "Pietersen" not in response.text and "dader gevlucht" not in response.text, user
    # the police still read the whole story
    assert "Pietersen" in show(clients["meldkamer"], shared).text
    assert "Pietersen" in events(clients["meldkamer"], reference).text


def test_the_link_options_offer_open_incidents_only(linked):
    _, _, clients, shared, _, incidents = linked
    text = show(clients["meldkamer"], shared).text
    assert f"({incidents['open']})" in text and f"({incidents['gesloten']})" not in text
