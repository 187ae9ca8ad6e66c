"""/hoe-wij-werken: public, linked from /melden, says that a person decides, how long data is kept
and how to ask for it; the Algoritmeregister entry it links to is public JSON."""

from __future__ import annotations

import json

from components.transparency import term_text
from services.privacy.policy import load_policy

LAYOUT = ".._pages_content.children..._pages_store.data.."


def render(client, path):
    response = client.callback(LAYOUT, [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": ""}],
                               outputs=[{"id": "_pages_content", "property": "children"},
                                        {"id": "_pages_store", "property": "data"}])
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_public_page_for_residents(web):
    _, _, clients = web
    anonymous = clients[None]
    assert anonymous.get("/hoe-wij-werken").status_code == 200
    page = render(anonymous, "/hoe-wij-werken")
    for phrase in ("Hoe wij uw melding behandelen", "Een medewerker beslist", "De computer beslist nooit alleen",
                   "privacyfunctionaris", "Wet politiegegevens",
                   "/api/v1/algoritmeregister", "Waarom?", "/melden"):
        assert phrase in page, phrase
    policy = load_policy()                     # the terms come from the retention policy
    for org in ("gemeente", "politie"):
        term = term_text(policy.term(org, "contact"))
        assert f"{org.capitalize()}: {term} nadat uw melding is afgehandeld" in page, (org, term)
    assert "/hoe-wij-werken" in render(anonymous, "/melden")


def test_algorithm_register_entry_is_public_json(web):
    _, _, clients = web
    response = clients[None].get("/api/v1/algoritmeregister")
    assert response.status_code == 200 and response.is_json
    entry = response.get_json()
    assert entry["standaard"].startswith("Algoritmeregister")
    assert {r["Status"] for r in entry["registraties"]} == {"In gebruik"}
    assert entry["registraties"][0]["Modelversie"] in render(clients[None], "/hoe-wij-werken")
