"""Vroegsignalering over HTTP per role: scoping of alerts and proposals, state changes."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Alert, utcnow
from services.intake import IntakeData, submit_report

POLICE_ALERT = "5 meldingen 'inbraak' in Zonne Veld in de afgelopen uur, verwacht 0,1 (geheim)."
SHARED_ALERT = "7 meldingen 'afval' in Hoge Veld in de afgelopen 24 uur, verwacht 1,2."
POLICE_TEXT = "Inbraak bij familie Geheim, achterdeur opengebroken"
LIST = "alerts-list.children"
LIST_INPUTS = [{"id": "alerts-state-filter", "property": "value", "value": ["nieuw", "bevestigd"]},
               {"id": "alerts-version", "property": "data", "value": 0},
               {"id": "alerts-refresh", "property": "n_intervals", "value": 1}]
PROPOSALS = "proposals-list.children"
PROPOSAL_INPUTS = [{"id": "proposals-version", "property": "data", "value": 0},
                   {"id": "alerts-refresh", "property": "n_intervals", "value": 1}]
READERS = ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente")


@pytest.fixture(scope="module")
def seeded(web):
    app, store, clients = web
    now = utcnow()
    with transaction(store.sessions) as session:
        alerts = [Alert(kind="piek", area_code=code, visibility=vis, window_start=now - timedelta(hours=1),
                        window_end=now, observed=5, expected=0.1, explanation=text, state="nieuw",
                        created_at=now)
                  for code, vis, text in (("BU05184013", "politie", POLICE_ALERT),
                                          ("BU05184012", "gedeeld", SHARED_ALERT))]
        session.add_all(alerts)
        for minutes, text in ((0, POLICE_TEXT), (6, POLICE_TEXT + ", dader gevlucht")):
            submit_report(session, IntakeData(text=text, channel="app", lat=52.0372, lon=4.2745,
                                              category_slug="inbraak",
                                              received_at=now - timedelta(minutes=30 - minutes)))
        session.flush()
        ids = {a.visibility: a.id for a in alerts}
    return app, store, clients, ids


def state_click(client, alert_id, state="bevestigd"):
    button = {"type": "alert-state", "alert": alert_id, "state": state}
    return client.callback("..alerts-message.children...alerts-version.data..",
                           [[{"id": button, "property": "n_clicks", "value": 1}]],
                           state=[{"id": "alerts-version", "property": "data", "value": 0}],
                           changed=[json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"])


@pytest.mark.parametrize("user", READERS)
def test_alert_list_is_scoped_per_role(seeded, user):
    _, _, clients, _ = seeded
    response = clients[user].callback(LIST, LIST_INPUTS)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert SHARED_ALERT in text
    if user in ("meldkamer", "wijkagent", "manager-politie"):
        assert POLICE_ALERT in text
    else:
        assert POLICE_ALERT not in text and "geheim" not in text.lower()


@pytest.mark.parametrize("user", READERS)
def test_proposals_are_scoped_per_role(seeded, user):
    _, _, clients, _ = seeded
    text = clients[user].callback(PROPOSALS, PROPOSAL_INPUTS).get_data(as_text=True)
    assert (POLICE_TEXT in text) == (user in ("meldkamer", "wijkagent", "manager-politie"))
    assert ("Samenvoegen" in text) == (user in ("meldkamer", "wijkagent"))   # deciding: handling police


def test_beheerder_wall_and_anonymous_are_refused(seeded):
    _, _, clients, _ = seeded
    assert clients["beheerder"].callback(LIST, LIST_INPUTS).status_code == 403
    assert clients["wall"].callback(PROPOSALS, PROPOSAL_INPUTS).status_code == 403
    response = clients[None].callback(LIST, LIST_INPUTS)
    assert response.status_code == 401 and response.get_json()["error"] == "unauthenticated"


def test_state_change_by_handling_role_and_refused_for_managers(seeded):
    _, store, clients, ids = seeded
    assert state_click(clients["manager-gemeente"], ids["gedeeld"]).status_code == 403
    assert state_click(clients["manager-politie"], ids["politie"]).status_code == 403
    response = state_click(clients["handhaving"], ids["gedeeld"])
    assert response.status_code == 200 and "bevestigd" in response.get_data(as_text=True)
    refused = state_click(clients["gemeente"], ids["politie"], "afgewezen")   # not in scope
    assert "niet gevonden" in refused.get_data(as_text=True)
    with store.session() as session:
        states = dict(session.execute(select(Alert.visibility, Alert.state)).all())
    assert states == {"gedeeld": "bevestigd", "politie": "nieuw"}


def test_alerts_page_per_role(seeded):
    _, _, clients, _ = seeded
    assert clients["gemeente"].get("/signalen").status_code == 200
    assert clients["beheerder"].get("/signalen").status_code == 403
    assert clients[None].get("/signalen").status_code == 302
