"""Werklast's lead times from the duration histograms of report_stage_durations (migration
0023_werklast20m_stage_durations): the bucket of a duration is the same in Python, SQLite and
PostgreSQL; the median read from the histograms (whole days) plus the reports' index (the edges)
is the exact median within half a bucket (data_access/stage_durations.py), shown the same up to
48 hours, for several roles and periods (a DST day among them); a filtered view gets the exact
median; intake, status changes, the importer, the migration and a
rebuild keep the histograms equal; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import literal, select

from auth.users import ensure_demo_accounts
from components.filter_url import analysis_filters
from data_access.db import MIGRATIONS_DIR, transaction, upgrade_schema
from data_access.models import Report, UTCDateTime
from data_access.rollup_store import rebuild, rollup_cells
from data_access.stage_durations import TIERS, block_of, block_sql, bucket_of, bucket_sql, whole_seconds
from data_access import workload_queries
from data_access.workload_queries import exact_stage_medians, stage_medians
from services.intake import IntakeData, submit_report
from services.map_filters import load_options
from services.workflow import change_status
from tests.integration.test_stage_times import (
    ROLES, _handler, _principals, assert_within_a_bucket, exact_durations, import_lindendal,
)

UTC = timezone.utc
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
MINUTE, HOUR, DAY = 60, 3600, 86400
# durations in seconds, across every tier and on its edges (2.05 h = 7,380 s, 48.05 h = 172,980 s)
DURATIONS = (0, 3 * MINUTE + 20, 47 * MINUTE, 7379, 7380, 2 * HOUR + 10 * MINUTE, 5 * HOUR + 41,
             20 * HOUR + 3 * MINUTE, 172979, 172980, 70 * HOUR + 17, 9 * DAY + 5 * HOUR, 20 * DAY + 7)
PATHS = (                       # status steps, indices into DURATIONS after the previous one (None: none)
    [],
    [("in_behandeling", 1)],
    [("in_behandeling", 0), ("afgehandeld", 5)],
    [("ingepland", 2), ("in_behandeling", 6), ("afgehandeld", 8)],
    [("in_behandeling", 3), ("afgehandeld", 4)],
    [("geannuleerd", 2)],
    [("afgehandeld", 7)],        # closed without being picked up
    [("in_behandeling", 9), ("afgehandeld", 10)],
    [("in_behandeling", 11), ("afgehandeld", 12)],
    [("in_behandeling", 1), ("afgehandeld", 2), ("heropend", 3), ("in_behandeling", 1), ("afgehandeld", 5)],
)
WINDOWS = (                     # the DST switch: Sunday 25-10-2026 has 25 hours
    {"window": "30d"}, {"window": "7d"}, {"window": "24h"},
    {"window": "custom", "from": "2026-10-25", "to": "2026-10-25"},
    {"window": "custom", "from": "2026-10-03", "to": "2026-10-27"},
    {"window": "custom", "from": "2026-09-18", "to": "2026-11-02"},
)
FILTERED = ({"window": "30d", "urgent": "ja"}, {"window": "30d", "main": "overlast-bedrijven-en-horeca"},
            {"window": "custom", "from": "2026-09-20", "to": "2026-11-02", "org": "gemeente"},
            {"window": "30d", "channel": "web"}, {"window": "30d", "status": "afgehandeld"},
            {"window": "7d", "sub": "veeg-zwerfvuil"}, {"window": "30d", "buurt": "BU05184013"})


@pytest.fixture(autouse=True)
def _no_early_warning(monkeypatch):
    monkeypatch.setattr("services.intake.detect_safely", lambda session, report: None)


def _seed(store, count: int = 110) -> None:
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session)
        step = timedelta(hours=9, minutes=17, seconds=13, microseconds=370_000)
        for i in range(count):
            received = NOW - timedelta(days=45) + step * i
            slug = ("inbraak", "veeg-zwerfvuil", "stank-horecabedrijven", "parkeeroverlast")[i % 4]
            report = submit_report(session, IntakeData(
                text=f"Melding {i}", channel=("web", "app", "telefoon")[i % 3], category_slug=slug,
                lat=52.035 + 0.003 * (i % 4), lon=4.27 + 0.005 * (i % 3), urgent=i % 5 == 0, received_at=received))
            actor, at = _handler(session, report), received
            for status, duration in PATHS[(i * 7) % len(PATHS)]:
                at += timedelta(seconds=DURATIONS[(duration + i) % len(DURATIONS)])
                session.flush()
                report = change_status(session, actor, report.id, report.version, status, at=at)


def test_a_duration_gets_the_same_bucket_and_block_in_python_and_sql(store):
    pairs = [(NOW, NOW + timedelta(seconds=s, microseconds=us)) for s in DURATIONS + tuple(
        low + k for low, *_ in TIERS for k in (-61, -1, 0, 1, 359, 360, 14399, 14400)) if s >= 0
        for us in (0, 999_999)]
    pairs += [(NOW + timedelta(microseconds=700_000), NOW + timedelta(seconds=7380, microseconds=100_000))]
    with store.engine.connect() as connection:
        dialect = connection.dialect.name
        for start, end in pairs:
            bucket = bucket_sql(literal(start, UTCDateTime), literal(end, UTCDateTime), dialect)
            sql_bucket, sql_block = connection.execute(select(bucket, block_sql(bucket))).one()
            assert sql_bucket == bucket_of(whole_seconds(start, end)), (start, end)
            assert sql_block == block_of(sql_bucket), (start, end)
            assert abs(whole_seconds(start, end) - (end - start).total_seconds()) < 1


def test_medians_from_the_histograms_are_the_exact_ones_within_a_bucket(store, monkeypatch):
    _seed(store)
    principals = _principals(store)
    exact_calls = []
    monkeypatch.setattr(workload_queries, "exact_stage_medians",
                        lambda *args: exact_calls.append(args) or exact_stage_medians(*args))
    checked = 0
    with store.session() as session:
        options = load_options(session)
        for window in WINDOWS + FILTERED:
            filters = analysis_filters(window, options, NOW)[1]
            for name, principal in principals.items():
                exact_calls.clear()
                got = stage_medians(session, principal, filters)
                durations = exact_durations(session, principal, filters)
                assert_within_a_bucket(got, durations, (name, window))
                # the roll-up answers unless the period has no whole day or there is a filter
                expect_exact = window in FILTERED or window["window"] == "24h"
                assert bool(exact_calls) == expect_exact, (name, window)
                if expect_exact:
                    assert got == exact_stage_medians(session, principal, filters)
                checked += sum(n for *_, n in got)
    assert checked > 1000
    # the data reach every tier: 30 days of the control room hold durations beyond 48 h and 14 days
    filters = analysis_filters({"window": "custom", "from": "2026-09-18", "to": "2026-11-02"}, options, NOW)[1]
    with store.session() as session:
        longest = max(max(v) for v in exact_durations(session, principals["meldkamer"], filters) if v)
    assert longest > TIERS[3][0] and set(ROLES) == set(principals)


def test_import_migration_and_rebuild_keep_the_histograms_in_step(store):
    _seed(store, 40)
    with store.session() as session:
        import_lindendal(session)
    with store.engine.connect() as connection:
        kept = rollup_cells(connection)[3:]
    assert sum(n for key, n in kept[1].items() if key[0] == "d") > 300
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:      # a store from before 0023: no histograms
        config.attributes["connection"] = connection
        command.downgrade(config, "0023_werklast20m_stage_durations-1")
    upgrade_schema(store.engine)
    with store.engine.begin() as connection:
        assert rollup_cells(connection)[3:] == kept
        rebuild(connection)
        assert rollup_cells(connection)[3:] == kept
