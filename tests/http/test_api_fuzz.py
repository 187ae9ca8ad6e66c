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

# the classes that once gave a 500 (issue 16): a NUL or a lone surrogate inside a text, a field
# longer than its column, a number beyond a float (1e400) and JSON nested past the parser's recursion
unstorable = st.builds(lambda a, bad, b: a + bad + b, st.text(max_size=10),
                       st.sampled_from(["\x00", "\ud800", "\udfff", "\x00\x00"]), st.text(max_size=10))
poisoned_text = st.one_of(st.text(max_size=60), unstorable, st.text(min_size=121, max_size=260))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), poisoned_text)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=10)
coordinate = st.one_of(st.floats(51.9, 52.2, allow_nan=False), st.floats(allow_nan=False),
                       st.integers(-1000, 1000), st.text(max_size=12), st.none(), st.booleans())
melding = st.fixed_dictionaries({}, optional={
    "text": st.one_of(st.text(max_size=300), json_values), "lat": coordinate, "lon": coordinate,
    "category": st.one_of(st.sampled_from(["grofvuil", "inbraak", "boom", "onzin"]), json_values),
    "urgent": json_values, "channel": st.one_of(st.sampled_from(["app", "chat", "web", "fax"]), json_values),
    "address": st.one_of(poisoned_text, json_values),
    "contact": st.one_of(st.fixed_dictionaries({}, optional={
        "name": poisoned_text, "email": poisoned_text, "phone": poisoned_text,
        "wants_feedback": st.booleans()}), json_values)})
raw_bodies = st.one_of(
    st.integers(900, 100_000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(900, 20_000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
    st.sampled_from(['{"text": "Grofvuil op de stoep", "lat": 1e400, "lon": 4.28}',
                     '{"text": "Grofvuil op de stoep", "lat": -1e999, "lon": 1e400}',
                     '{"text": "Grof\\u0000vuil", "lat": 52.04, "lon": 4.28}',
                     '{"text": "Grof\\ud800vuil", "lat": 52.04, "lon": 4.28}']))
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
# a form's values travel as UTF-8, which has no lone surrogates: NUL and over-long values here
form_text = st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
                      st.builds(lambda a, b: a + "\x00" + b, st.text(max_size=8).filter(str.isprintable),
                                st.text(max_size=8).filter(str.isprintable)),
                      st.text(st.characters(min_codepoint=48, max_codepoint=57), min_size=41, max_size=260))
open311_form = st.fixed_dictionaries({}, optional={
    "service_code": st.one_of(st.sampled_from(["grofvuil", "inbraak", "boom"]), form_text),
    "lat": st.one_of(st.from_regex(r"5[12]\.[0-9]{1,6}", fullmatch=True), form_text),
    "long": st.one_of(st.from_regex(r"4\.[0-9]{1,6}", fullmatch=True), form_text),
    "address_string": st.one_of(st.sampled_from(["Kasstraat 3", "Nergensweg"]), form_text),
    "description": form_text, "attribute[spoed]": st.one_of(st.sampled_from(["ja", "nee"]), form_text),
    "email": form_text, "first_name": form_text, "last_name": form_text, "phone": form_text})
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
    @given(text=raw_bodies, path=st.sampled_from(["/api/v1/meldingen", "/api/v1/feed"]))
    def raw_json(text, path):
        check_json(client.post(path, data=text, content_type="application/json", headers=headers),
                   {400, 422})

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

    return {"json_intake": json_intake, "raw_json": raw_json, "feed": feed, "open311_post": open311_post,
            "open311_get": open311_get}


@pytest.fixture(scope="module")
def fuzz_client(web):
    app, store, _ = web
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"fuzz-{uuid.uuid4().hex[:6]}")
    return app.server.test_client(), key


@pytest.mark.parametrize("name", ["json_intake", "raw_json", "feed", "open311_post", "open311_get"])
def test_no_input_makes_the_api_fail(fuzz_client, name):
    client, key = fuzz_client
    properties(client, key)[name]()
