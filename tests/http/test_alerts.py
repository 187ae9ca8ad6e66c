"""Vroegsignalering over HTTP per role: scoping of alerts and proposals, state changes."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

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


def _cards(response) -> list[dict]:
    """The alert cards of a list answer: (card id, its figure)."""
    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if str(props.get("id", "")).startswith("alert-"):
                yield props["id"], next(walk_figure(props.get("children")))
            for value in props.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    def walk_figure(node):
        if isinstance(node, dict):
            if "figure" in node.get("props", {}):
                yield node["props"]["figure"]
            for value in node.get("props", {}).values():
                yield from walk_figure(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk_figure(item)

    return dict(walk(response.get_json()["response"]["alerts-list"]["children"]))


def test_hourly_alert_chart_has_a_real_time_axis_in_dutch_time(seeded):
    """A day-long spike: 24 bars at 24 different local moments (yesterday's 01:00 is not today's),
    in order, and the newest hour (two reports half an hour ago) is the last bar, on the right."""
    _, store, clients, _ = seeded
    now = utcnow()
    with transaction(store.sessions) as session:
        alert = Alert(kind="piek", area_code="BU05184013", visibility="politie", window_start=now - timedelta(hours=24),
                      window_end=now, observed=2, expected=0.4, explanation="Daglange piek (test van de tijdas).",
                      state="nieuw", created_at=now)
        session.add(alert)
        session.flush()
        alert_id = alert.id
    figure = _cards(clients["meldkamer"].callback(LIST, LIST_INPUTS))[f"alert-{alert_id}"]
    bars = figure["data"][0]
    assert figure["layout"]["xaxis"]["type"] == "date"
    moments = [datetime.fromisoformat(x).replace(tzinfo=ZoneInfo("Europe/Amsterdam")) for x in bars["x"]]
    assert len(moments) == 24 and moments == sorted(moments) and len(set(moments)) == 24
    local_now = now.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert timedelta(0) < local_now - moments[-1] <= timedelta(hours=1)      # centre of the last hour
    assert bars["y"][-1] == 2 and sum(bars["y"][:-1]) == 0
    assert figure["layout"]["xaxis"]["range"][1] == local_now.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S")
