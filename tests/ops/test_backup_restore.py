"""Backup and restore of the PostgreSQL store as docs/operations.md says: `pg_dump -Fc` and
`pg_restore` into a new database give a store with every table's rows and every figure unchanged,
that takes new reports at once."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import make_url

from auth.users import ensure_demo_accounts, principal_for
from data_access.db import make_session_factory, transaction
from data_access.feedback_queries import feedback_figures
from data_access.models import Report, User, utcnow
from data_access.trend_queries import compare
from services.demo_scenario import generate_demo
from services.intake import IntakeData, submit_report
from tests.conftest import make_store

pytestmark = pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore")),
                                reason="Back-up-test overgeslagen: pg_dump/pg_restore niet gevonden")


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table(name)))
                for name in inspect(engine).get_table_names()}


def _figures(sessions, now) -> list:
    with sessions() as session:
        figures = []
        for username in ("manager-politie", "manager-gemeente", "wijkagent"):
            principal = principal_for(session.scalar(select(User).where(User.username == username)))
            figures.append(compare(session, principal, "month", now.date(), now, group="buurt"))
            figures.append(compare(session, principal, "week", now.date(), now))
            figures.append(feedback_figures(session, principal, now - timedelta(days=28), now, now, "organisatie"))
        return figures


def test_pg_dump_and_restore_round_trip_every_table_and_figure(request, tmp_path_factory):
    store = make_store(request, "postgresql", tmp_path_factory)
    now = utcnow()
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session)
        generate_demo(session, now, seed=7, weeks=1)
    libpq = make_url(store.url).set(drivername="postgresql")
    dump = tmp_path_factory.mktemp("backup") / "hnm.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), libpq.render_as_string(hide_password=False)], check=True)
    restored_name = f"hnm_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(store.url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{restored_name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)'))
        admin.dispose()
    request.addfinalizer(drop)
    subprocess.run(["pg_restore", "--exit-on-error", "--no-owner", "-d",
                    libpq.set(database=restored_name).render_as_string(hide_password=False), str(dump)], check=True)
    restored = create_engine(make_url(store.url).set(database=restored_name))
    request.addfinalizer(restored.dispose)
    before = _counts(store.engine)
    assert before["reports"] > 100 and before["report_rollups"] > 0 and before["alembic_version"] > 0
    assert _counts(restored) == before
    restored_sessions = make_session_factory(restored)
    assert _figures(restored_sessions, now) == _figures(store.sessions, now)
    with transaction(restored_sessions) as session:        # sequences came along: new ids just follow on
        report = submit_report(session, IntakeData(text="Na het terugzetten", channel="web", lat=52.0455, lon=4.288,
                                                   category_slug="veeg-zwerfvuil"))
        assert report.id > session.scalar(select(func.max(Report.id)).where(Report.id != report.id))
