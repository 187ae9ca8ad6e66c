"""Property-based fuzzing of the public API (hypothesis): whatever a client sends, the answer is
a known status with a well-formed error body, never a 500. bench/api_fuzz.py runs the same
properties with many more examples."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access.db import transaction
from services.api_keys import create_key

EXAMPLES = 25
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=60))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=10)
coordinate = st.one_of(st.floats(51.9, 52.2, allow_nan=False), st.floats(allow_nan=False),
                       st.integers(-1000, 1000), st.text(max_size=12), st.none(), st.booleans())
melding = st.fixed_dictionaries({}, optional={
    "text": st.one_of(st.text(max_size=300), json_values), "lat": coordinate, "lon": coordinate,
    "category": st.one_of(st.sampled_from(["grofvuil", "inbraak", "boom", "onzin"]), json_values),
    "urgent": json_values, "channel": st.one_of(st.sampled_from(["app", "chat", "web", "fax"]), json_values),
    "address": json_values, "contact": json_values})
# near-valid bodies, so that the accepting paths are fuzzed too
inside = {"lat": st.floats(52.031, 52.051), "lon": st.floats(4.263, 4.304)}
valid_melding = st.fixed_dictionaries({"text": st.text(min_size=1, max_size=200), **inside})
valid_post = st.fixed_dictionaries({"source": st.sampled_from(["buurtapp", "social"]),
                                    "id": st.text(min_size=1, max_size=20), "text": st.text(min_size=1, max_size=200)},
                                   optional={"geotag": st.fixed_dictionaries(inside)})
header_value = st.one_of(st.none(), st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8))
feed_post = st.fixed_dictionaries({}, optional={
    "source": st.one_of(st.sampled_from(["buurtapp", "social"]), json_values),
    "id": json_values, "text": st.one_of(st.text(max_size=200), json_values),
    "posted_at": st.one_of(st.text(max_size=30), json_values), "geotag": json_values,
    "source_name": json_values})
form_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
open311_form = st.fixed_dictionaries({}, optional={
    "service_code": st.one_of(st.sampled_from(["grofvuil", "inbraak", "boom"]), form_text),
    "lat": st.one_of(st.from_regex(r"5[12]\.[0-9]{1,6}", fullmatch=True), form_text),
    "long": st.one_of(st.from_regex(r"4\.[0-9]{1,6}", fullmatch=True), form_text),
    "address_string": st.one_of(st.sampled_from(["Kasstraat 3", "Nergensweg"]), form_text),
    "description": form_text, "attribute[spoed]": st.one_of(st.sampled_from(["ja", "nee"]), form_text),
    "email": form_text, "first_name": form_text})
query = st.fixed_dictionaries({}, optional={
    "service_request_id": form_text, "service_code": form_text, "status": st.one_of(
        st.sampled_from(["open", "closed", "open,closed"]), form_text),
    "start_date": st.one_of(st.sampled_from(["2026-01-01T00:00:00+01:00", "2026-01-01"]), form_text),
    "end_date": form_text})


def check_json(response, allowed: set[int]) -> None:
    assert response.status_code in allowed, (response.status_code, response.data[:300])
    body = response.get_json()
    assert isinstance(body, dict)
    if response.status_code >= 400:
        assert body["error"] and body["message"]


def check_open311(response, allowed: set[int]) -> None:
    assert response.status_code in allowed, (response.status_code, response.data[:300])
    body = response.get_json()
    assert isinstance(body, list)
    if response.status_code >= 400:
        assert all(item["code"] == response.status_code and item["description"] for item in body)


def properties(client, key: str, fuzz=FUZZ):
    """The fuzz properties as plain functions, so the bench can run them with other settings."""
    headers = {"X-API-Key": key}

    @fuzz
    @given(body=st.one_of(valid_melding, melding, json_values), idempotency=header_value)
    def json_intake(body, idempotency):
        extra = {"Idempotency-Key": idempotency} if idempotency else {}
        check_json(client.post("/api/v1/meldingen", data=json.dumps(body), content_type="application/json",
                               headers={**headers, **extra}), {201, 400, 409, 422})

    @fuzz
    @given(body=st.one_of(valid_post, feed_post, json_values))
    def feed(body):
        check_json(client.post("/api/v1/feed", data=json.dumps(body), content_type="application/json",
                               headers=headers), {200, 201, 400, 422})

    @fuzz
    @given(form=open311_form, with_key=st.booleans())
    def open311_post(form, with_key):
        data = {**form, **({"api_key": key} if with_key else {})}
        check_open311(client.post("/open311/v2/requests.json", data=data), {201, 400, 403, 415})  # 415: empty body

    @fuzz
    @given(params=query)
    def open311_get(params):
        check_open311(client.get("/open311/v2/requests.json", query_string=params), {200, 400})

    return {"json_intake": json_intake, "feed": feed, "open311_post": open311_post, "open311_get": open311_get}


@pytest.fixture(scope="module")
def fuzz_client(web):
    app, store, _ = web
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"fuzz-{uuid.uuid4().hex[:6]}")
    return app.server.test_client(), key


@pytest.mark.parametrize("name", ["json_intake", "feed", "open311_post", "open311_get"])
def test_no_input_makes_the_api_fail(fuzz_client, name):
    client, key = fuzz_client
    properties(client, key)[name]()
