"""The database away for a moment (issue 16): every caller gets 503 with Retry-After in its own
form, and the app serves again by itself once the database is back.

PostgreSQL: the test's own database stops taking connections and its sessions are ended (what a
restart does to the app), on the shared server that other test runs use. SQLite: another process
holds the write lock for longer than the busy timeout."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from api.unavailable import NOTICE, database_unavailable
from data_access.db import transaction
from services.api_keys import create_key
from tests.conftest import DEMO_PASSWORD, RoleClient, make_app, make_store
from tests.http.test_alerts import LIST, LIST_INPUTS

REPORT = {"text": "Er ligt een kapotte bank op de stoep", "lat": 52.0415, "lon": 4.284, "category": "grofvuil"}


def service(backend, request, tmp_path_factory):
    store = make_store(request, backend, tmp_path_factory)
    app = make_app(store, tmp_path_factory)
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"app-{uuid.uuid4().hex[:6]}")
    return app, store, {"X-API-Key": key}


@contextmanager
def postgres_restart(store):
    """The database refuses new connections and every open one is ended, until the block ends."""
    url = make_url(store.url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = url.database
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        yield
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


def assert_unavailable(response, json_body=True):
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    assert int(response.headers["Retry-After"]) > 0
    if json_body:
        assert response.json["error"] == "database_unavailable" and response.json["message"] == NOTICE


def login_form(client):
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return {"username": "meldkamer", "password": DEMO_PASSWORD, "csrf_token": token, "next": "/"}


def test_a_postgresql_restart_is_answered_503_and_the_app_recovers_by_itself(request, tmp_path_factory):
    app, store, api_key = service("postgresql", request, tmp_path_factory)
    operator = RoleClient(app, "meldkamer")
    fresh = app.server.test_client()
    form = login_form(fresh)
    api = app.server.test_client()

    with postgres_restart(store):
        page = operator.get("/meldingen")
        assert_unavailable(page, json_body=False)
        assert NOTICE in page.get_data(as_text=True) and "<html" in page.get_data(as_text=True).lower()
        assert_unavailable(operator.callback(LIST, LIST_INPUTS))
        assert_unavailable(api.post("/api/v1/meldingen", json=REPORT, headers=api_key))
        open311 = api.get("/open311/v2/services.json")
        assert open311.status_code == 503 and open311.headers["Retry-After"]
        assert open311.json == [{"code": 503, "description": NOTICE}]
        assert_unavailable(fresh.post("/login", data=form), json_body=False)

    # back without a restart of the app: the pool replaces the connections that were ended
    assert operator.get("/meldingen").status_code == 200
    assert operator.callback(LIST, LIST_INPUTS).status_code == 200
    assert api.post("/api/v1/meldingen", json=REPORT, headers=api_key).status_code == 201
    assert api.get("/open311/v2/services.json").status_code == 200
    assert fresh.post("/login", data=login_form(fresh)).status_code == 302


def test_a_sqlite_write_lock_past_the_busy_timeout_is_answered_503(request, tmp_path_factory):
    app, store, api_key = service("sqlite", request, tmp_path_factory)
    engine = app.server.extensions["hnm_engine"]
    # the app waits 30 s for a lock; the test shortens that wait to 0.2 s for its new connections
    event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA busy_timeout=200"))
    engine.dispose()
    api = app.server.test_client()
    other = sqlite3.connect(store.engine.url.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                   # another process writes, and takes its time
    try:
        assert_unavailable(api.post("/api/v1/meldingen", json=REPORT, headers=api_key))
        open311 = api.post("/open311/v2/requests.json", headers=api_key,
                           data={"service_code": "grofvuil", "description": REPORT["text"],
                                 "lat": REPORT["lat"], "long": REPORT["lon"]})
        assert open311.status_code == 503 and open311.json == [{"code": 503, "description": NOTICE}]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert api.post("/api/v1/meldingen", json=REPORT, headers=api_key).status_code == 201


def test_only_a_busy_or_unreachable_database_counts_as_away(tmp_path):
    database = tmp_path / "x.sqlite3"
    engine = create_engine(f"sqlite:///{database}", connect_args={"timeout": 0})
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(OperationalError) as locked, engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        holder.execute("ROLLBACK")
    with pytest.raises(OperationalError) as missing, engine.connect() as conn:
        conn.execute(text("SELECT * FROM no_such_table"))
    assert database_unavailable(locked.value)
    assert not database_unavailable(missing.value)    # a bug in a query stays a 500 with its traceback
    assert not database_unavailable(ValueError("database is locked"))
    engine.dispose()
