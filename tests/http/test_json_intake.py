"""JSON intake POST /api/v1/meldingen: idempotency, 112 advice, Dutch field errors, OpenAPI."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import IntakeRequest, Report, ReporterContact
from services.api_keys import create_key

URL = "/api/v1/meldingen"
BODY = {"text": "Er ligt een kapotte bank op de stoep", "lat": 52.0415, "lon": 4.284,
        "category": "grofvuil", "contact": {"email": "melder@example.org", "wants_feedback": True}}


@pytest.fixture(scope="module")
def api(web):
    app, store, _ = web
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"app-{uuid.uuid4().hex[:6]}")
    return app.server.test_client(), {"X-API-Key": key}, store


def _count(store) -> tuple[int, int, int]:
    with store.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(m))
                     for m in (Report, ReporterContact, IntakeRequest))


def test_a_retried_submission_is_stored_once_with_the_same_answer(api):
    client, headers, store = api
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}", **headers}
    before = _count(store)
    first = client.post(URL, json=BODY, headers=key)
    assert first.status_code == 201 and first.json["reference"].startswith("HNM-")
    assert first.json["advice"] is None and first.json["urgent"] is False
    assert "Set-Cookie" not in first.headers        # an API client gets no session or CSRF cookie
    second = client.post(URL, json=dict(reversed(list(BODY.items()))), headers=key)  # same body, other order
    assert second.status_code == 201 and second.json == first.json
    assert second.headers["Idempotent-Replayed"] == "true"
    assert _count(store) == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_same_key_with_another_body_is_a_conflict(api):
    client, headers, store = api
    key = {"Idempotency-Key": f"conflict-{uuid.uuid4()}", **headers}
    assert client.post(URL, json=BODY, headers=key).status_code == 201
    before = _count(store)
    other = client.post(URL, json={**BODY, "text": "Iets heel anders"}, headers=key)
    assert other.status_code == 409 and other.json["error"] == "idempotency_conflict"
    assert "Idempotency-Key" in other.json["message"]
    assert _count(store) == before


def test_without_idempotency_key_every_post_is_a_new_report(api):
    client, headers, store = api
    before = _count(store)
    a, b = (client.post(URL, json=BODY, headers=headers) for _ in range(2))
    assert a.json["reference"] != b.json["reference"]
    assert _count(store)[0] == before[0] + 2


def test_life_threatening_text_gets_112_advice_and_is_stored_urgent(api):
    client, headers, store = api
    response = client.post(URL, headers=headers, json={
        "text": "Er wordt nu ingebroken bij de buren, ze zijn binnen en hebben een mes!",
        "lat": 52.0415, "lon": 4.284})
    assert response.status_code == 201
    assert response.json["advice"].startswith("Bel direct 112") and response.json["urgent"] is True
    with store.session() as session:
        report = session.scalar(select(Report).where(Report.reference == response.json["reference"]))
        assert report.urgent and report.visibility == "politie"
    # also when the app already chose a category: the safety rules still run
    chosen = client.post(URL, headers=headers, json={**BODY, "text": "Er ligt iemand bewusteloos op straat"})
    assert chosen.json["advice"].startswith("Bel direct 112") and chosen.json["urgent"] is True


@pytest.mark.parametrize("body, fields", [
    ({}, {"text"}),
    ({"text": 12, "lat": 52.04, "lon": 4.28}, {"text"}),
    ({"text": "Losse stoeptegel", "lat": "noord", "lon": 4.28}, {"lat"}),
    ({"text": "Losse stoeptegel", "lat": 52.04}, {"location"}),
    ({"text": "Losse stoeptegel"}, {"location"}),
    ({"text": "Losse stoeptegel", "lat": 52.08, "lon": 4.31}, {"location"}),
    ({"text": "x" * 4001, "lat": 52.0415, "lon": 4.284}, {"text"}),
    ({"text": "Losse stoeptegel", "lat": 52.0415, "lon": 4.284, "category": "bestaat-niet"}, {"category"}),
    ({"text": "Losse stoeptegel", "lat": 52.0415, "lon": 4.284, "urgent": "ja"}, {"urgent"}),
    ({"text": "Losse stoeptegel", "lat": 52.0415, "lon": 4.284, "channel": "fax"}, {"channel"}),
    ({"text": "Losse stoeptegel", "lat": 52.0415, "lon": 4.284, "contact": {"email": "geen-adres"}},
     {"contact_email"}),
    ({"text": "Losse stoeptegel", "lat": 52.0415, "lon": 4.284, "contact": "Jan"}, {"contact"}),
])
def test_field_errors_are_dutch_and_leave_nothing(api, body, fields):
    client, headers, store = api
    before = _count(store)
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 422 and response.json["error"] == "validation"
    assert set(response.json["errors"]) == fields
    assert all(message.endswith(".") for message in response.json["errors"].values())
    assert _count(store) == before


def test_transport_errors(api):
    client, headers, store = api
    before = _count(store)
    assert client.post(URL, json=BODY).status_code == 403
    assert client.post(URL, json=BODY, headers={"X-API-Key": "hnm_onzin"}).json["error"] == "api_key"
    assert client.post(URL, data="text=hoi", headers=headers,
                       content_type="application/x-www-form-urlencoded").status_code == 415
    broken = client.post(URL, data='{"text": "half', headers=headers, content_type="application/json")
    assert broken.status_code == 400 and broken.json["error"] == "json"
    assert client.post(URL, data="[1, 2]", headers=headers, content_type="application/json").status_code == 400
    huge = client.post(URL, data='{"text": "' + "x" * (3 * 1024 * 1024) + '"}', headers=headers,
                       content_type="application/json")
    assert huge.status_code == 413 and huge.json["error"] == "http_413"
    long_key = client.post(URL, json=BODY, headers={**headers, "Idempotency-Key": "k" * 121})
    assert long_key.status_code == 400
    assert _count(store) == before


def test_openapi_description_is_valid_and_names_the_endpoints(api):
    from jsonschema import Draft202012Validator

    client, _, _ = api
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/meldingen", "/api/v1/feed"} <= set(document["paths"])
    schema = document["components"]["schemas"]["Melding"]
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(BODY)


def test_reports_through_the_api_reach_early_warning_after_the_commit(api):
    """Detection runs after the request's commit (at once in test mode): a burst becomes an alert."""
    from data_access.models import Alert

    client, headers, store = api
    for i in range(8):
        body = {"text": f"Groep jongeren vernielt bankjes bij de bushalte ({i})",
                "lat": 52.0355, "lon": 4.2705 + i * 1e-4, "category": "jeugdoverlast"}
        assert client.post(URL, json=body, headers=headers).status_code == 201
    with store.session() as s:
        assert "piek" in s.scalars(select(Alert.kind)).all()
