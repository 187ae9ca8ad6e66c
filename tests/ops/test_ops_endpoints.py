"""/health, /ready and /metrics over HTTP on both stores; request ids and JSON logs."""

from __future__ import annotations

import io
import json
import logging
import os

import pytest

from services.log_setup import configure_logging
from services.jobs.runner import JobRunner

TOKEN = "metriek-token-1234567890"


def test_health_is_open_and_sets_no_session(web):
    _app, _store, clients = web
    answer = clients[None].client.get("/health")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}
    assert "Set-Cookie" not in answer.headers


def test_ready_needs_a_job_runner_and_says_so_in_english(web):
    app, _store, clients = web
    answer = clients[None].client.get("/ready")
    assert answer.status_code == 503
    assert answer.json["status"] == "not_ready" and answer.json["checks"] == {
        "database": "ok", "migrations": "ok", "job_runner": "not_seen", "redis": "not_configured"}
    JobRunner(app.server, [], name="ready-test")._tick()          # one beat as leader
    answer = clients[None].client.get("/ready")
    assert answer.status_code == 200 and answer.json["status"] == "ready"


def test_ready_checks_redis_when_configured(web):
    """Redis away shows on /ready but leaves the host ready: everything goes on without it (issue 16)."""
    app, _store, clients = web
    settings = app.server.config["HNM_SETTINGS"]
    redis_url = os.environ.get("HNM_TEST_REDIS_URL")
    JobRunner(app.server, [], name="ready-redis-test")._tick()          # one beat as leader
    try:
        app.server.config["HNM_SETTINGS"] = settings.with_overrides(redis_url="redis://127.0.0.1:1/0")
        answer = clients[None].client.get("/ready")
        assert answer.status_code == 200 and answer.json["checks"]["redis"] == "unreachable"
        if redis_url:
            app.server.config["HNM_SETTINGS"] = settings.with_overrides(redis_url=redis_url)
            assert clients[None].client.get("/ready").json["checks"]["redis"] == "ok"
    finally:
        app.server.config["HNM_SETTINGS"] = settings


def test_metrics_are_closed_to_the_public(web):
    app, _store, clients = web
    client = clients["beheerder"].client                     # even a logged-in user from elsewhere
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 403
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 403
    settings = app.server.config["HNM_SETTINGS"]
    app.server.config["HNM_SETTINGS"] = settings.with_overrides(metrics_token=TOKEN, metrics_networks="")
    try:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer fout"}).status_code == 401
        assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    finally:
        app.server.config["HNM_SETTINGS"] = settings


def test_metrics_count_routes_callbacks_and_the_stores_figures(web):
    _app, _store, clients = web
    clients["meldkamer"].get("/live/nieuw")
    clients["meldkamer"].callback("home-tiles.children", [{"id": "home-refresh", "property": "n_intervals",
                                                            "value": 1}])
    text = clients[None].client.get("/metrics").text       # the test client comes from 127.0.0.1
    assert 'hnm_http_request_duration_seconds_count{method="GET",route="/live/nieuw"' in text
    assert 'hnm_dash_callback_duration_seconds_count{output="home-tiles.children"' in text
    assert 'hnm_outbox_backlog{outbox="terugkoppeling",state="wachtrij"}' in text
    assert "hnm_job_runner_seen_seconds_ago" in text and "hnm_reports_stored_total" in text


def test_request_id_is_echoed_or_made_and_in_every_log_line(web):
    app, _store, clients = web
    assert clients[None].client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == \
        "abc-123"
    made = clients[None].client.get("/health", headers={"X-Request-ID": "<script>" + "x" * 200}).headers["X-Request-ID"]
    assert len(made) == 32 and "<" not in made
    stream = io.StringIO()
    handler = configure_logging("json", stream)
    try:
        with app.server.test_request_context("/health", headers={"X-Request-ID": "req-43"}):
            app.server.preprocess_request()              # the request hooks bind the id
            logging.getLogger("hnm.test").warning("iets te melden")
    finally:
        logging.getLogger().removeHandler(handler)
    record = next(json.loads(line) for line in stream.getvalue().splitlines() if "iets te melden" in line)
    assert record["request_id"] == "req-43" and record["level"] == "warning" and record["logger"] == "hnm.test"
    assert record["event"] == "iets te melden" and "timestamp" in record


def _beheer(client):
    return client.callback(".._pages_content.children..._pages_store.data..",
                           [{"id": "_pages_location", "property": "pathname", "value": "/beheer"},
                            {"id": "_pages_location", "property": "search", "value": ""}],
                           outputs=[{"id": "_pages_content", "property": "children"},
                                    {"id": "_pages_store", "property": "data"}])


def test_beheer_shows_each_jobs_last_and_next_run_and_failures(web):
    app, _store, clients = web
    runner = app.server.test_cli_runner()
    with app.server.app_context():          # as `flask --app app jobs ...` runs them
        result = runner.invoke(args=["jobs", "run", "followers"])
        assert result.exit_code == 0 and "Taak followers: ok." in result.output
        assert runner.invoke(args=["jobs", "run", "bestaat-niet"]).exit_code != 0
        listing = runner.invoke(args=["jobs", "list"]).output
    assert "followers" in listing and "fouten 0 op rij" in listing
    page = json.dumps(_beheer(clients["beheerder"]).json, ensure_ascii=False)
    assert "Geplande taken" in page and "Onbevestigde volgers van buurten wissen" in page
    assert "gelukt (onbevestigd gewist: 0)" in page and "Taakuitvoerders" in page
    assert "Geplande taken" not in json.dumps(_beheer(clients["meldkamer"]).json, ensure_ascii=False)


def test_a_pending_migration_shows_on_ready_while_the_running_app_keeps_serving(store, tmp_path_factory):
    from sqlalchemy import text

    from data_access.db import upgrade_schema
    from tests.conftest import RoleClient, make_app

    app = make_app(store, tmp_path_factory)
    JobRunner(app.server, [], name="pending-test")._tick()
    with store.engine.begin() as connection:       # as if a new release brought this revision
        connection.execute(text("DROP TABLE staff_notifications"))
        connection.execute(text("DROP TABLE staff_notification_settings"))
        connection.execute(text("DELETE FROM alembic_version WHERE version_num = '0018_opsjobs_staff_notify'"))
    client = RoleClient(app, "meldkamer")
    answer = client.client.get("/ready")
    assert answer.status_code == 503 and answer.json["checks"]["migrations"] == "behind"
    assert client.get("/kaart").status_code == 200                 # the running version keeps serving
    upgrade_schema(store.engine)                                    # what the new version does at start
    assert client.client.get("/ready").json == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "job_runner": "ok", "redis": "not_configured"}}
