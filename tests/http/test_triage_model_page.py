"""The Triagemodel page over HTTP: page and callbacks per role, figures in each role's scope."""

from __future__ import annotations

import json

import pytest

from sqlalchemy import select

from auth.users import principal_for
from data_access.db import transaction
from data_access.models import User
from services.intake import IntakeData, submit_report
from services.report_actions import change_category
from services.workflow import change_status

ALLOWED = ("manager-politie", "manager-gemeente", "beheerder")
REFUSED = ("meldkamer", "wijkagent", "handhaving", "gemeente", "wall")
PERIOD = [{"id": "tm-period", "property": "value", "value": "8"}]
POLICE_TEXT = "Mijn fiets is vorige week gestolen bij het station, het slot is doorgeknipt"


@pytest.fixture(scope="module")
def checked(web):
    """Three triaged reports picked up by staff; the shared one corrected to another main category."""
    app, store, clients = web
    with transaction(store.sessions) as session:
        staff = {name: principal_for(session.scalar(select(User).where(User.username == name)))
                 for name in ("meldkamer", "gemeente")}
        made = {}
        for key, text in (("police", POLICE_TEXT), ("lamp", "De lantaarnpaal bij de speeltuin is al een week kapot"),
                          ("geese", "Ganzen poepen het hele grasveld onder bij de vijver")):
            report = submit_report(session, IntakeData(text=text, channel="chat", lat=52.0455, lon=4.288), detect=False)
            who = staff["meldkamer"] if report.organisation.code == "politie" else staff["gemeente"]
            change_status(session, who, report.id, report.version, "in_behandeling")
            made[key] = report
        change_category(session, staff["gemeente"], made["geese"].id, made["geese"].version, "hondenpoep")
        assert made["police"].visibility == "politie"
    return app, clients


def _view(client, which: str):
    return client.callback(f"tm-{which}-view.children", PERIOD)


@pytest.mark.parametrize("user", REFUSED)
def test_other_roles_are_refused_page_and_callbacks(checked, user):
    _, clients = checked
    assert clients[user].get("/triagemodel").status_code == 403
    assert _view(clients[user], "accuracy").status_code == 403
    assert _view(clients[user], "fairness").status_code == 403


def test_anonymous_is_refused(checked):
    _, clients = checked
    assert clients[None].get("/triagemodel").status_code == 302
    assert _view(clients[None], "accuracy").status_code == 401


def _text(response) -> str:
    assert response.status_code == 200, response.text[:300]
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def _value(response, component_id: str):
    """The children of the component with this id in a callback answer."""
    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == component_id:
                return props.get("children")
            return next((found for found in map(walk, node.values()) if found is not None), None)
        if isinstance(node, list):
            return next((found for found in map(walk, node) if found is not None), None)
        return None
    return walk(response.get_json()["response"])


def test_police_manager_sees_every_checked_proposal(checked):
    _, clients = checked
    answer = _view(clients["manager-politie"], "accuracy")
    text = _text(answer)
    assert "Per hoofdcategorie" in text and "Meest voorkomende verwisselingen" in text
    assert _value(answer, "kpi-tm-checked") == "3"
    assert _value(answer, "tm-accuracy") == "67%"       # the geese became hondenpoep: another main category
    fairness = _text(_view(clients["manager-politie"], "fairness"))
    assert "Per buurt" in fairness and "Per kanaal" in fairness and "Per tekstlengte" in fairness and "Chat" in fairness


def test_gemeente_manager_never_counts_the_police_only_report(checked):
    _, clients = checked
    answer = _view(clients["manager-gemeente"], "accuracy")
    text = _text(answer)
    assert _value(answer, "kpi-tm-checked") == "2"
    assert POLICE_TEXT not in text and "fiets" not in text.lower()


def test_beheerder_sees_the_model_but_no_report_figures(checked):
    _, clients = checked
    page = clients["beheerder"].get("/triagemodel")
    assert page.status_code == 200
    assert "Triagemodel" in page.text or page.text    # the page shell; its layout arrives by callback
    assert _value(_view(clients["beheerder"], "accuracy"), "kpi-tm-checked") == "0"
