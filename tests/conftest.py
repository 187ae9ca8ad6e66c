"""Shared fixtures: a fresh store on SQLite (temp file) and on the real PostgreSQL.

PostgreSQL comes from HNM_TEST_DATABASE_URL (set by .ci/run to the machine's server); each test
session creates its own throw-away database there, so parallel runs never see each other.
Without the variable the PostgreSQL variants are skipped with a visible reason.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema
from data_access.reference_data import seed_reference_data

PG_URL = os.environ.get("HNM_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"]


@dataclass
class Store:
    backend: str
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def session(self) -> Session:
        return self.sessions()


def _pg_database(request) -> str:
    if not PG_URL:
        pytest.skip("PostgreSQL-tests overgeslagen: HNM_TEST_DATABASE_URL is niet gezet")
    base = make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
                    if PG_URL.startswith("postgresql://") else PG_URL)
    name = f"hnm_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server is not there: say so instead of failing obscurely
        pytest.skip(f"PostgreSQL niet bereikbaar op {base.host}:{base.port}: {exc.__class__.__name__}")

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return base.set(database=name).render_as_string(hide_password=False)


def make_store(request, backend: str, tmp_path_factory, region=None) -> Store:
    """`region`: a data_access.region.Region to seed (default: the Wateringse Veld demo)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'hnm.sqlite3'}"
    else:
        url = _pg_database(request)
    engine = make_engine(url)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        seed_reference_data(session, region)
    request.addfinalizer(engine.dispose)
    return Store(backend, url, engine, factory)


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path_factory) -> Store:
    """A fresh, seeded store per test, on each backend."""
    return make_store(request, request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=BACKENDS)
def module_store(request, tmp_path_factory) -> Store:
    """A seeded store shared by the tests of one module, on each backend."""
    return make_store(request, request.param, tmp_path_factory)


# --- the app over HTTP ------------------------------------------------------------------------

import re
import shutil
import threading

from werkzeug.serving import make_server

from auth.users import ensure_demo_accounts
from settings import Settings

DEMO_PASSWORD = "Paars-konijn-leest-38-kranten"      # the demo accounts' password in tests

DEMO_ROLES = ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie",
              "manager-gemeente", "beheerder", "wall", "privacy-politie", "privacy-gemeente")


def make_app(store: Store, tmp_path_factory, **overrides):
    from app import create_app

    settings = Settings(mode="test", database_url=store.url, secret_key="t" * 40,
                        instance_dir=tmp_path_factory.mktemp("instance"), demo_live=False, **overrides)
    app = create_app(settings)
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session, DEMO_PASSWORD)
    return app


class RoleClient:
    """A Flask test client logged in as one demo account, speaking Dash's callback protocol."""

    def __init__(self, app, username: str | None):
        self.client = app.server.test_client()
        self.username = username
        if username:
            page = self.client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            response = self.client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                                        "csrf_token": token, "next": "/"})
            assert response.status_code == 302, f"login as {username} failed"
        else:
            self.client.get("/login")      # an anonymous session with its CSRF cookie

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def callback(self, output: str, inputs: list[dict], state: list[dict] | None = None,
                 outputs=None, changed: list[str] | None = None):
        """POST /_dash-update-component as the renderer does, with the CSRF header."""
        if outputs is None:
            parts = [p for p in output.strip(".").split("...") if p]
            outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
            outputs = outputs[0] if len(outputs) == 1 else outputs
        body = {"output": output, "outputs": outputs, "inputs": inputs, "state": state or [],
                "changedPropIds": changed or [f"{i['id']}.{i['property']}" for i in inputs[:1]]}
        cookie = self.client.get_cookie("_csrf_token")
        headers = {"X-CSRFToken": cookie.value} if cookie else {}
        return self.client.post("/_dash-update-component", json=body, headers=headers)


@pytest.fixture(scope="module", params=BACKENDS)
def web(request, tmp_path_factory):
    """(app, store, clients) on each backend; clients[username] is a logged-in RoleClient."""
    store = make_store(request, request.param, tmp_path_factory)
    app = make_app(store, tmp_path_factory)
    clients = {name: RoleClient(app, name) for name in DEMO_ROLES}
    clients[None] = RoleClient(app, None)
    return app, store, clients


# --- a real server and real Chromium -------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture(scope="module")
def live_app(request, tmp_path_factory):
    """The app on SQLite served over real HTTP on a free port: (url, app, store)."""
    store = make_store(request, "sqlite", tmp_path_factory)
    app = make_app(store, tmp_path_factory)
    server = LiveServer(app)
    request.addfinalizer(server.stop)
    return server.url, app, store


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium-tests overgeslagen: geen chromium gevonden (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield _TestBrowser(instance)
        instance.close()


class _TestBrowser:
    """The browser with pages that bypass the app's Content-Security-Policy by default: Playwright's
    wait_for_function and add_script_tag put script into the page that the policy (rightly)
    refuses. tests/e2e/test_content_security_policy.py opens its pages with bypass_csp=False."""

    def __init__(self, browser):
        self._browser = browser

    def new_page(self, **options):
        return self._browser.new_page(**{"bypass_csp": True, **options})

    def new_context(self, **options):
        return self._browser.new_context(**{"bypass_csp": True, **options})

    def __getattr__(self, name):
        return getattr(self._browser, name)


ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "test-artifacts")


def login_in_browser(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{base_url}/")


def screenshot(page, name: str) -> str:
    """Keep a screenshot as a test artefact (test-artifacts/, not in git)."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, f"{name}.png")
    page.screenshot(path=path, full_page=False)
    return path
