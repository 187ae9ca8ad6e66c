"""Rate limits hold on every limited route: the Open311 and JSON intake per API key (or address),
and the login form per address; a 429 says when to try again. Limits are off in test mode: a
demo-mode app over the same store turns them on."""

import pytest

from auth.limits import limiter


@pytest.fixture
def limited_app(web, tmp_path_factory):
    from app import create_app
    from settings import Settings

    _, store, _ = web
    app = create_app(Settings(mode="demo", database_url=store.url, secret_key="d" * 40,
                              instance_dir=tmp_path_factory.mktemp("limits"), demo_live=False,
                              api_write_limit="3 per minute"))
    try:
        yield app.server
    finally:
        limiter.enabled = False          # the limiter object is shared by every app in this process


def test_open311_answers_429_in_the_spec_format(limited_app):
    client = limited_app.test_client()
    statuses = [client.post("/open311/v2/requests.json", data={"api_key": "onzin"}).status_code
                for _ in range(5)]
    assert statuses[:3] == [403, 403, 403] and statuses[3:] == [429, 429]
    answer = client.post("/open311/v2/requests.json", data={"api_key": "onzin"})
    assert answer.json[0]["code"] == 429
    assert 1 <= int(answer.headers["Retry-After"]) <= 60        # the minute's window ends then
    assert "X-RateLimit-Remaining" not in answer.headers         # not on every answer (cost)


def test_the_json_intake_refuses_the_fourth_submission_in_a_minute(limited_app):
    client = limited_app.test_client()
    answers = [client.post("/api/v1/meldingen", data="{}", headers={
        "Content-Type": "application/json", "X-API-Key": "onbekend"}) for _ in range(5)]
    assert [a.status_code for a in answers] == [403, 403, 403, 429, 429]
    assert answers[-1].json["error"] == "http_429"
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60


def test_the_login_form_refuses_the_eleventh_attempt_in_a_minute(limited_app):
    client = limited_app.test_client()
    statuses = [client.post("/login", data={"username": "niemand", "password": "fout"}).status_code
                for _ in range(12)]
    assert 429 not in statuses[:10] and statuses[10:] == [429, 429]
