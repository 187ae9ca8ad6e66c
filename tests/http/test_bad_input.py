"""Bad input gets a clear Dutch 4xx, never a 500, and nothing is written (issue 16, item 3).

The classes that gave a 500: a NUL byte or a lone surrogate in any text field (PostgreSQL refuses
NUL in text; no UTF-8 encoder takes a lone surrogate), fields longer than their column, numbers
that overflow, JSON nested deeper than the parser's recursion, a photo id beyond the column's
range and the pages router without a pathname. Real requests, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import AreaFollower, Report
from services.api_keys import create_key
from services.intake import IntakeData, submit_report
from services.tracking import issue_token
from tests.http.test_resident_pages import _output, _submit_inputs

NUL, SURROGATE = "\x00", "\ud800"
INSIDE = {"lat": 52.0455, "lon": 4.288}
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture(scope="module")
def bad(web):
    app, store, clients = web
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"bad-{uuid.uuid4().hex[:6]}")
        report = submit_report(session, IntakeData(text="Kapotte lantaarnpaal", channel="web", **INSIDE,
                                                   category_slug="veeg-zwerfvuil"))
        token = issue_token(session, report)
    return app, store, clients, key, token


def reports(store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(Report))


def dutch_json(response, status=(400, 413, 422)):
    assert response.status_code in status, (response.status_code, response.data[:300])
    body = response.get_json()
    assert body["error"] and body["message"], body
    return body


def raw_json(client, path, text, key):
    return client.post(path, data=text.encode("utf-8", "surrogatepass"), content_type="application/json",
                       headers={"X-API-Key": key})


def melding(**fields) -> dict:
    return {"text": "Er ligt grofvuil op de stoep", **INSIDE, **fields}


JSON_BODIES = {
    "nul in text": melding(text=f"Grofvuil{NUL} op de stoep"),
    "surrogate in text": melding(text=f"Grofvuil {SURROGATE} op de stoep"),
    "nul in address": melding(address=f"Kasstraat{NUL} 3"),
    "nul in category": melding(category=f"grofvuil{NUL}"),
    "nul in channel": melding(channel=f"app{NUL}"),
    "nul in a key": {**melding(), f"x{NUL}": 1},
    "surrogate in name": melding(contact={"name": f"Jan {SURROGATE}"}),
    "nul in email": melding(contact={"email": f"jan{NUL}@voorbeeld.nl"}),
    "address over 200": melding(address="Kasstraat " + "9" * 200),
    "name over 120": melding(contact={"name": "J" * 121}),
    "phone over 40": melding(contact={"phone": "0" * 41}),
    "email over 200": melding(contact={"email": "a" * 190 + "@voorbeeld.nl"}),
}


@pytest.mark.parametrize("case", sorted(JSON_BODIES))
def test_json_intake_refuses_bad_text(bad, case):
    app, store, _, key, _ = bad
    before = reports(store)
    text = json.dumps(JSON_BODIES[case], ensure_ascii=True)       # \u0000 and \ud800 as JSON escapes
    body = dutch_json(raw_json(app.server.test_client(), "/api/v1/meldingen", text, key))
    assert reports(store) == before
    assert any(ch in json.dumps(body, ensure_ascii=False) for ch in "éëtlg")      # a Dutch sentence


@pytest.mark.parametrize("text", ['{"text": "x", "lat": 1e400, "lon": 4.288}', DEEP,
                                  '{"text": ' * 5000 + '"x"' + "}" * 5000])
def test_json_intake_refuses_overflow_and_deep_nesting(bad, text):
    app, store, _, key, _ = bad
    before = reports(store)
    dutch_json(raw_json(app.server.test_client(), "/api/v1/meldingen", text, key))
    assert reports(store) == before


@pytest.mark.parametrize("body", [{"source": "buurtapp", "id": f"a{NUL}", "text": "Grofvuil"},
                                  {"source": "buurtapp", "id": "b1", "text": f"Grof{SURROGATE}vuil"},
                                  {"source": "buurtapp", "id": "b2", "text": "Grofvuil", "source_name": "n" * 81}])
def test_feed_refuses_bad_text(bad, body):
    app, _, _, key, _ = bad
    dutch_json(raw_json(app.server.test_client(), "/api/v1/feed", json.dumps(body), key))


OPEN311_FORMS = {
    "nul in description": {"description": f"Grof{NUL}vuil"},
    "nul in service_code": {"service_code": f"grofvuil{NUL}"},
    "nul in address": {"address_string": f"Kasstraat{NUL} 3", "lat": "", "long": ""},
    "nul in email": {"email": f"jan{NUL}@voorbeeld.nl"},
    "nul in name": {"first_name": f"Jan{NUL}"},
    "address over 200": {"address_string": "Kasstraat " + "9" * 200},
    "name over 120": {"first_name": "J" * 70, "last_name": "K" * 70},
    "phone over 40": {"phone": "0" * 41},
    "lat 1e400": {"lat": "1e400"},
}


@pytest.mark.parametrize("case", sorted(OPEN311_FORMS))
def test_open311_post_refuses_bad_text_in_its_error_format(bad, case):
    app, store, _, key, _ = bad
    before = reports(store)
    form = {"api_key": key, "service_code": "grofvuil", "description": "Grofvuil op de stoep",
            "lat": str(INSIDE["lat"]), "long": str(INSIDE["lon"]), **OPEN311_FORMS[case]}
    response = app.server.test_client().post("/open311/v2/requests.json", data=form)
    assert response.status_code == 400, (response.status_code, response.data[:300])
    [error] = response.get_json()
    assert error["code"] == 400 and error["description"]
    assert reports(store) == before


@pytest.mark.parametrize("path", [f"/open311/v2/requests.json?service_request_id=HNM{NUL}",
                                  f"/open311/v2/requests.json?service_code=a{NUL}",
                                  f"/open311/v2/requests/HNM-{NUL}.json", f"/open311/v2/tokens/{NUL}.json",
                                  f"/open311/v2/services/{NUL}.json"])
def test_open311_reads_refuse_nul(bad, path):
    app, *_ = bad
    response = app.server.test_client().get(path.replace(NUL, "%00"))
    assert response.status_code in (400, 404), (response.status_code, response.data[:300])
    assert isinstance(response.get_json(), list)


def _chat(app, client, text, **overrides):
    output = _output(app, "intake-receipt.children")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in output.strip(".").split("...")]
    state = _submit_inputs(uuid.uuid4().hex, text, **{k: v for k, v in overrides.items() if k in ("lat", "lon")})
    for item in state:
        name = item["id"].removeprefix("intake-")
        if name in overrides:
            item["value"] = overrides[name]
    body = {"output": output, "outputs": outputs,
            "inputs": [{"id": "intake-submit", "property": "n_clicks", "value": 1}], "state": state,
            "changedPropIds": ["intake-submit.n_clicks"]}
    return _post_callback(client, body)


def _post_callback(client, body):
    cookie = client.client.get_cookie("_csrf_token")
    return client.client.post("/_dash-update-component",
                              data=json.dumps(body, ensure_ascii=True).encode(),
                              content_type="application/json", headers={"X-CSRFToken": cookie.value})


def _refused_or_told(response) -> None:
    """A 4xx JSON answer with a Dutch message, or the page's own Dutch error text: never a 500."""
    assert response.status_code != 500, response.data[:300]
    if response.status_code >= 400:
        dutch_json(response)


CHAT = {"nul in text": {"text": f"Grofvuil{NUL} op de stoep"},
        "surrogate in text": {"text": f"Grofvuil {SURROGATE} op de stoep"},
        "nul in name": {"name": f"Jan{NUL}"}, "surrogate in email": {"email": f"jan{SURROGATE}@voorbeeld.nl"},
        "name over 120": {"name": "J" * 121}, "phone over 40": {"phone": "0" * 41},
        "lat 1e400": {"lat": 1e400}}


@pytest.mark.parametrize("case", sorted(CHAT))
def test_chat_intake_refuses_bad_text(bad, case):
    app, store, clients, _, _ = bad
    before = reports(store)
    fields = dict(CHAT[case])
    text = fields.pop("text", "Er ligt grofvuil op de stoep bij de speeltuin")
    response = _chat(app, clients[None], text, **fields)
    _refused_or_told(response)
    if response.status_code == 200:
        assert "intake-errors" in response.text and "fout" not in response.text.lower()
    assert reports(store) == before


def test_tracking_and_following_refuse_bad_text(bad):
    app, store, clients, _, token = bad
    anonymous = clients[None]
    cases = [
        {"output": "..track-view.children...track-add-box.hidden...track-survey-box.hidden..",
         "inputs": [{"id": "track-token", "property": "data", "value": f"{token}{NUL}"},
                    {"id": "track-refresh", "property": "data", "value": 0}]},
        {"output": "..track-view.children...track-add-box.hidden...track-survey-box.hidden..",
         "inputs": [{"id": "track-token", "property": "data", "value": SURROGATE},
                    {"id": "track-refresh", "property": "data", "value": 0}]},
        {"output": "..track-add-message.children...track-addition.value..",
         "inputs": [{"id": "track-add", "property": "n_clicks", "value": 1}],
         "state": [{"id": "track-token", "property": "data", "value": token},
                   {"id": "track-addition", "property": "value", "value": f"Nog{NUL} steeds"}]},
        {"output": "..buurt-follow-status.children...buurt-follow-email.value..",
         "inputs": [{"id": "buurt-follow", "property": "n_clicks", "value": 1}],
         "state": [{"id": "buurt-follow-email", "property": "value", "value": f"jan{NUL}@voorbeeld.nl"},
                   {"id": "buurt-code", "property": "data", "value": "BU05184012"}]},
        {"output": "..buurt-follow-status.children...buurt-follow-email.value..",
         "inputs": [{"id": "buurt-follow", "property": "n_clicks", "value": 1}],
         "state": [{"id": "buurt-follow-email", "property": "value", "value": "jan@voorbeeld.nl"},
                   {"id": "buurt-code", "property": "data", "value": f"BU{SURROGATE}"}]},
    ]
    for case in cases:
        parts = [p for p in case["output"].strip(".").split("...") if p]
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
        body = {**case, "outputs": outputs, "state": case.get("state", []),
                "changedPropIds": [f"{case['inputs'][0]['id']}.{case['inputs'][0]['property']}"]}
        _refused_or_told(_post_callback(anonymous, body))
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AreaFollower)) == 0


@pytest.mark.parametrize("path", ["/foto/2147483648", "/foto/99999999999999999999999", f"/volg/a%00b",
                                  "/buurt/BU%00", "/api/v1/afmelden/%00"])
def test_paths_out_of_range_or_with_nul_are_4xx(bad, path):
    _, _, clients, _, _ = bad
    response = clients["meldkamer"].get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize("pathname", [None, 5, f"/buurt/{NUL}"])
def test_pages_router_with_a_bad_pathname_is_refused(bad, pathname):
    _, _, clients, _, _ = bad
    body = {"output": "..!_pages_content.children...!_pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}
    response = _post_callback(clients["gemeente"], body)
    assert 400 <= response.status_code < 500, (response.status_code, response.data[:200])
    dutch_json(response)
