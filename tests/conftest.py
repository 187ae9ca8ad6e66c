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


def make_store(request, backend: str, tmp_path_factory) -> Store:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'hnm.sqlite3'}"
    else:
        url = _pg_database(request)
    engine = make_engine(url)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        seed_reference_data(session)
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
