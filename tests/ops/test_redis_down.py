"""Redis away (issue 16): logins, the API, the chat intake and pages go on, the rate limits and the
shared cache count and keep per process (with a warning in the log), and both return to Redis
when it is back. A redis-server of the test's own on a free port is stopped mid-test."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis

from auth.limits import limiter
from auth.users import ensure_demo_accounts
from data_access.db import transaction
from services.api_keys import create_key
from settings import Settings
from tests.conftest import BACKENDS, DEMO_PASSWORD, RoleClient, make_store
from tests.http.test_resident_pages import _answer, _submit

REDIS_SERVER = shutil.which("redis-server")
REPORT = {"text": "Er ligt een kapotte bank op de stoep", "lat": 52.0415, "lon": 4.284, "category": "grofvuil"}
WALL = [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
        {"id": "map-location", "property": "search", "value": ""}]
WALL_STATE = [{"id": "wall-state", "property": "data", "value": None}]


class RedisServer:
    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory, self.process = directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server kwam niet op")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path):
    if not REDIS_SERVER:
        pytest.skip("redis-server is niet geïnstalleerd")
    server = RedisServer(tmp_path)
    yield server
    if server.process and server.process.poll() is None:
        server.stop()


class Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def wall_refresh(app, client):
    key = next(k for k in app.callback_map if k.startswith("..wall-tiles.children"))
    return client.callback(key, WALL, WALL_STATE)


def until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.parametrize("backend", BACKENDS)
def test_with_redis_down_everything_goes_on_and_returns_to_redis(backend, request, tmp_path_factory, redis_server):
    from app import create_app

    store = make_store(request, backend, tmp_path_factory)
    shared = redis_server.start()
    app = create_app(Settings(mode="demo", database_url=store.url, secret_key="r" * 40, demo_live=False,
                              instance_dir=tmp_path_factory.mktemp("redis"), redis_url=redis_server.url,
                              api_write_limit="4 per minute"))
    request.addfinalizer(lambda: setattr(limiter, "enabled", False))  # shared by every app in the process
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session, DEMO_PASSWORD)
        _, api_key = create_key(session, f"app-{uuid.uuid4().hex[:6]}")
    warnings = Warnings()
    for name in ("hnm.redis", "hnm.limits", "flask-limiter"):
        logging.getLogger(name).addHandler(warnings)
        request.addfinalizer(lambda name=name: logging.getLogger(name).removeHandler(warnings))

    wall = RoleClient(app, "wall")                  # a login, counted in Redis
    assert wall_refresh(app, wall).status_code == 200
    assert any(b"wall:" in key for key in shared.keys()) and shared.keys("LIMITS*")

    redis_server.stop()
    operator = RoleClient(app, "meldkamer")         # the login form (rate limited) works
    assert operator.get("/meldingen").status_code == 200
    assert wall_refresh(app, wall).status_code == 200 and wall_refresh(app, wall).status_code == 200
    api = app.server.test_client()
    posts = [api.post("/api/v1/meldingen", json=REPORT, headers={"X-API-Key": api_key}) for _ in range(5)]
    assert [p.status_code for p in posts] == [201, 201, 201, 201, 429]     # the limit holds, in memory
    resident = RoleClient(app, None)
    receipt = json.dumps(_answer(_submit(app, resident, "draftkey-" + "r" * 20, "Losse stoeptegel op de stoep")))
    assert "HNM-" in receipt
    assert any("Redis niet bereikbaar" in m for m in warnings.messages)
    assert any("falling back to in-memory" in m or "telt per proces" in m for m in warnings.messages)

    shared = redis_server.start()                   # the same address, empty
    assert until(lambda: wall_refresh(app, wall).status_code == 200
                 and any(b"wall:" in key for key in shared.keys()), 20), "de cache ging niet terug naar Redis"
    assert until(lambda: api.post("/api/v1/meldingen", json=REPORT, headers={"X-API-Key": "onbekend"})
                 and bool(shared.keys("LIMITS*")), 60), "de limieten gingen niet terug naar Redis"
    assert any("Redis weer bereikbaar" in m for m in warnings.messages)

