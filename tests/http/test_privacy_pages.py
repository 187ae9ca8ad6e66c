"""The privacy officer's page over real HTTP, on both backends: /privacy and its callbacks and
/privacy/inzage only for the privacy role, in its organisation's scope; every other page and
callback refused to the privacy role."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from auth.guard import LOGGED_IN, PAGES_ROUTER_OUTPUT, PUBLIC
from data_access.models import AuditLog, Report
from tests.privacy_plant import EMAIL, plant_resident, text_hits

PRIVACY_USERS = ("privacy-politie", "privacy-gemeente")
STAFF_USERS = ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente",
               "beheerder", "wall")
SEARCH = ("..privacy-result.children...privacy-searched.data...privacy-form-q.value..."
          "privacy-actions.hidden..")
ERASE = "..privacy-message.children...privacy-erased.data.."


@pytest.fixture(scope="module")
def planted(web):
    app, store, clients = web
    return app, store, clients, plant_resident(store)


def search(client, query):
    return client.callback(SEARCH, [{"id": "privacy-search", "property": "n_clicks", "value": 1},
                                    {"id": "privacy-query", "property": "n_submit", "value": None},
                                    {"id": "privacy-erased", "property": "data", "value": None}],
                           state=[{"id": "privacy-query", "property": "value", "value": query}])


def inzage(client, query, fmt):
    page = client.get("/privacy")
    token = client.client.get_cookie("_csrf_token").value
    return client.client.post("/privacy/inzage", data={"q": query, "format": fmt, "csrf_token": token}), page


def test_privacy_callbacks_and_export_refused_to_every_staff_role(planted):
    _, _, clients, p = planted
    for user in STAFF_USERS:
        assert clients[user].get("/privacy").status_code == 403, user
        assert search(clients[user], EMAIL).status_code == 403, user
        assert clients[user].callback(ERASE, [{"id": "privacy-erase", "property": "submit_n_clicks", "value": 1}],
                                      state=[{"id": "privacy-searched", "property": "data", "value": EMAIL}]
                                      ).status_code == 403, user
        response, _ = inzage(clients[user], EMAIL, "json")
        assert response.status_code == 403, user
    anonymous = clients[None].client.post("/privacy/inzage", data={"q": EMAIL})
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_every_other_callback_is_refused_to_the_privacy_role(planted):
    app, _, clients, _ = planted
    refused = 0
    for output, entry in app.callback_map.items():
        func = entry.get("callback")
        if func is None or PAGES_ROUTER_OUTPUT in output or func.hnm_access == PUBLIC:
            continue
        allowed = func.hnm_access == LOGGED_IN or "privacy" in func.hnm_access
        for user in PRIVACY_USERS:
            status = clients[user].callback(output, [{"id": "x", "property": "y", "value": None}]).status_code
            assert (status != 403) if allowed else (status == 403), (user, output, status)
        refused += not allowed
    assert refused >= 40


def test_layouts_render_for_the_officer_and_not_for_staff(planted):
    from tests.http.test_how_we_work import render

    _, _, clients, _ = planted
    for path, marker in (("/privacy", "privacy-export-form"), ("/audit", "audit-entries"), ("/", "/privacy")):
        assert marker in render(clients["privacy-gemeente"], path), path
    assert "Geen toegang" in render(clients["meldkamer"], "/privacy")
    assert "Geen toegang" in render(clients["privacy-politie"], "/kaart")


def test_search_in_the_officers_scope(planted):
    _, _, clients, p = planted
    police = search(clients["privacy-politie"], EMAIL).get_data(as_text=True)
    assert p.police_ref in police and p.shared_ref in police and "Zwaluwina Tremelo" in police
    gemeente = search(clients["privacy-gemeente"], EMAIL).get_data(as_text=True)
    assert p.shared_ref in gemeente and p.police_ref not in gemeente and "kwartelkoning" not in gemeente
    nothing = search(clients["privacy-gemeente"], p.police_ref).get_json()["response"]   # not even that it exists
    shown = json.dumps(nothing["privacy-result"])
    assert "Niets gevonden" in shown and p.police_ref not in shown and "Inbraak" not in shown
    assert nothing["privacy-actions"]["hidden"] is True
    bad = search(clients["privacy-politie"], "Jansen").get_json()["response"]
    assert "referentie" in bad["privacy-result"]["children"] and bad["privacy-actions"]["hidden"] is True


def test_export_json_and_printable_page(planted):
    _, store, clients, p = planted
    response, page = inzage(clients["privacy-gemeente"], EMAIL, "json")
    assert page.status_code == 200
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert [r["referentie"] for r in data["meldingen"]] == [p.shared_ref]
    response, _ = inzage(clients["privacy-politie"], EMAIL, "html")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and p.police_ref in html and "data:image/jpeg;base64," in html
    assert "Opslaan als pdf" in html
    bad, _ = inzage(clients["privacy-politie"], "Jansen", "json")
    assert bad.status_code == 400 and "Traceback" not in bad.get_data(as_text=True)
    client = clients["privacy-politie"].client
    assert client.post("/privacy/inzage", data={"q": EMAIL, "format": "json", "csrf_token": "vervalst"}).status_code == 400
    with store.session() as session:
        sources = session.scalars(select(AuditLog.source).where(AuditLog.action == "privacy_export")).all()
        assert sources and set(sources) == {"/privacy/inzage"}
        details = " ".join(session.scalars(select(AuditLog.detail).where(AuditLog.action.like("privacy_%"))))
        assert EMAIL not in details and "Tremelo" not in details


def test_erase_through_the_page(planted):
    _, store, clients, p = planted
    response = clients["privacy-politie"].callback(
        ERASE, [{"id": "privacy-erase", "property": "submit_n_clicks", "value": 1}],
        state=[{"id": "privacy-searched", "property": "data", "value": EMAIL}])
    assert response.status_code == 200
    assert "2 melding(en) geanonimiseerd" in response.get_data(as_text=True)
    assert text_hits(store) == []
    with store.session() as session:
        assert session.scalar(select(Report.text).where(Report.reference == p.police_ref)) == "[verwijderd op verzoek]"
    assert re.search(r"Niets gevonden", search(clients["privacy-politie"], EMAIL).get_data(as_text=True))
