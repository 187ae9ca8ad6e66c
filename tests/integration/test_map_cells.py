"""The map's grid read from report_cell_counts (whole local days and months) plus the reports (the
edges) gives the cells and counts of a GROUP BY over the reports, per role, filter and period, on
SQLite and PostgreSQL; and the roll-up's cell of a point is the database's own rounding."""

from __future__ import annotations

import random
import re
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Integer, bindparam, cast, event, func, select

from auth.users import ensure_demo_accounts, principal_for
from data_access.db import transaction
from data_access import map_queries
from data_access.map_queries import GridCell, _located, grid_cells
from data_access.models import Report, User
from data_access.rollup_store import CELL_LAT, CELL_LON, cell_index, cell_index_of
from services.intake import IntakeData, submit_report
from services.map_filters import MapFilters, load_options, parse_filters, report_conditions

UTC = timezone.utc
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
SLUGS = ("onderhoud-stoep-straat-en-fietspad", "veeg-zwerfvuil", "parkeeroverlast", "inbraak")
ROLES = ("meldkamer", "gemeente", "wijkagent", "manager-gemeente")


@pytest.fixture(scope="module")
def seeded(module_store):
    rng = random.Random(5)
    with transaction(module_store.sessions) as session:
        ensure_demo_accounts(session)
        moments = [NOW - timedelta(minutes=rng.randrange(0, 420 * 24 * 60)) for _ in range(260)]
        moments += [datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
                    datetime(2026, 10, 24, 22, 30, tzinfo=UTC)]          # around the DST switches
        for i, received in enumerate(moments):
            submit_report(session, IntakeData(
                text=f"Melding {i}", channel="web", category_slug=SLUGS[i % 4], urgent=i % 6 == 0,
                lat=52.030 + rng.random() * 0.02, lon=4.262 + rng.random() * 0.035, received_at=received),
                detect=False)
    with module_store.session() as session:
        users = {u.username: principal_for(u) for u in session.scalars(select(User).where(User.username.in_(ROLES)))}
    return module_store, users


def grid_from_reports(session, principal, conditions, since, until) -> list[GridCell]:
    """The grid as before report_cell_counts: one GROUP BY over the period's reports."""
    row, col = cell_index(Report.lat, CELL_LAT), cell_index(Report.lon, CELL_LON)
    period = [Report.received_at >= since, *([Report.received_at < until] if until else [])]
    rows = session.execute(select(row, col, func.count(), func.sum(cast(Report.urgent, Integer)))
                           .where(*_located(principal, conditions), *period).group_by(row, col)).all()
    return sorted((GridCell(round(float(r) * CELL_LAT, 5), round(float(c) * CELL_LON, 5), n, int(u or 0))
                   for r, c, n, u in rows), key=lambda cell: (-cell.count, cell.lat, cell.lon))


PERIODS = ({"window": "custom", "from": "2025-11-01", "to": "2026-11-01"},     # a year
           {"window": "custom", "from": "2026-03-27", "to": "2026-03-30"},     # days around a DST switch
           {"window": "custom", "from": "2026-10-02", "to": "2026-10-02"},     # one day
           {"window": "30d"}, {"window": "7d"}, {"window": "24h"})
FILTERS = ({}, {"urgent": "ja"}, {"main": "afval"}, {"buurt": "BU05184011"})


@pytest.mark.parametrize("extra", FILTERS)
def test_grid_from_the_rollup_equals_the_reports(seeded, extra, monkeypatch):
    monkeypatch.setattr(map_queries, "ROLLUP_MIN_DAYS", 0)     # every period through the roll-up's day logic
    store, users = seeded
    with store.session() as session:
        options = load_options(session)
        checked = 0
        for period in PERIODS:
            filters: MapFilters = parse_filters({**period, **extra}, options)
            if filters.window != period["window"]:
                continue     # a window this project does not offer
            conditions, (since, until) = report_conditions(filters, NOW, timed=False), filters.time_range(NOW)
            for name, principal in users.items():
                got = grid_cells(session, principal, conditions, since, until, 10_000)
                expected = grid_from_reports(session, principal, conditions, since, until)
                assert sorted(got, key=lambda c: (c.lat, c.lon)) == sorted(expected, key=lambda c: (c.lat, c.lon)), \
                    (name, period, extra)
                assert [c.count for c in got] == sorted((c.count for c in got), reverse=True)
                checked += len(expected)
        assert checked > 0


@contextmanager
def statements_run(engine):
    """The SQL statements sent to `engine` inside the block."""
    statements = []

    def remember(_connection, _cursor, sql, *_):
        statements.append(sql)
    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def test_a_year_reads_the_rollup_and_keeps_the_busiest_cells(seeded):
    store, users = seeded
    with store.session() as session:
        filters = parse_filters(PERIODS[0], load_options(session))
        conditions, (since, until) = report_conditions(filters, NOW, timed=False), filters.time_range(NOW)
        with statements_run(store.engine) as statements:
            everything = grid_cells(session, users["gemeente"], conditions, since, until, 10_000)
        top = grid_cells(session, users["gemeente"], conditions, since, until, 5)
    assert len(everything) > 20 and top == everything[:5]
    # a custom year is whole local days: all of it from the roll-up, nothing from the reports
    assert len(statements) == 1 and "FROM report_cell_counts" in statements[0], statements


def test_a_points_cell_is_rounded_as_the_database_rounds(store):
    values = [(k + 0.5) * size for size in (CELL_LAT, CELL_LON) for k in range(-4, 60000, 997)]
    values += [random.Random(3).uniform(50, 54) for _ in range(200)] + [52.0405, 4.2825, -0.00045, 0.00045]
    dialect = store.engine.dialect.name
    with store.engine.connect() as connection:
        for size in (CELL_LAT, CELL_LON):
            query = select(cell_index(bindparam("v", type_=Report.lat.type), size))
            for value in values:
                assert cell_index_of(value, size, dialect) == int(connection.scalar(query, {"v": value})), value


def test_a_short_period_reads_the_reports_not_the_rollup(seeded):
    """Below ROLLUP_MIN_DAYS whole days the day rows of the roll-up cost more than the reports'
    covering index (measured at 20M), so a 30-day map reads only the reports - with the same cells."""
    store, users = seeded
    with store.session() as session:
        filters = parse_filters({"window": "custom", "from": "2026-09-01", "to": "2026-09-30"}, load_options(session))
        conditions, (since, until) = report_conditions(filters, NOW, timed=False), filters.time_range(NOW)
        with statements_run(store.engine) as statements:
            got = grid_cells(session, users["gemeente"], conditions, since, until, 10_000)
        expected = grid_from_reports(session, users["gemeente"], conditions, since, until)
    assert got and sorted(got, key=lambda c: (c.lat, c.lon)) == sorted(expected, key=lambda c: (c.lat, c.lon))
    assert not any("report_cell_counts" in sql for sql in statements), statements


def test_a_years_rollup_rows_are_read_from_the_covering_index_alone(seeded):
    """Each part of a year (days, months, days) is one key range of ix_report_cell_counts_cover
    read without the table (at 20M an OR of the parts was a bitmap scan of ~76,000 table pages).
    PostgreSQL's plan, with the scans a tiny test table would rather use switched off."""
    store, users = seeded
    if store.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL plan")
    calls = []

    def remember(_connection, _cursor, sql, parameters, *_):
        calls.append((sql, parameters))
    with store.session() as session:
        filters = parse_filters({"window": "custom", "from": "2025-11-07", "to": "2026-11-01"}, load_options(session))
        conditions, (since, until) = report_conditions(filters, NOW, timed=False), filters.time_range(NOW)
        event.listen(store.engine, "before_cursor_execute", remember)
        try:
            grid_cells(session, users["gemeente"], conditions, since, until, 10_000)
        finally:
            event.remove(store.engine, "before_cursor_execute", remember)
        (sql, parameters), = [call for call in calls if "report_cell_counts" in call[0]]
        connection = session.connection()
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            connection.exec_driver_sql(f"SET LOCAL {setting} = off")
        plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql, parameters))
    scans = plan.count("Index Only Scan using ix_report_cell_counts_cover")
    assert scans == 3 and plan.count("Index Cond: ((grain") == 3, plan     # 7-30 Nov, Dec-Oct, 1 Nov


def test_postgresql_knows_how_many_cells_the_reports_fill(store, monkeypatch):
    """The grid's GROUP BY over the reports: with st_reports_map_cell PostgreSQL estimates about as
    many groups as there are cells. Without it the estimate comes from lat's and lon's own distinct
    values: at 20M ~480,000 groups for 30 days instead of ~780 (a serial aggregate sized for them),
    here (6,000 reports) ~5,600 for ~750 cells. Fails too when the statistics' expressions are not
    the ones the app sends."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's estimate")
    from bench.generate_reports import generate
    monkeypatch.setattr(map_queries, "ROLLUP_MIN_DAYS", 10_000)     # the whole period from the reports
    generate(store.url, 6_000, days=30, now=NOW, progress=lambda *_: None)
    calls = []

    def remember(_connection, _cursor, sql, parameters, *_):
        calls.append((sql, parameters))
    with store.session() as session:
        ensure_demo_accounts(session)
        session.commit()
        meldkamer = principal_for(session.scalar(select(User).where(User.username == "meldkamer")))
        session.connection().exec_driver_sql("ANALYZE reports")
        filters = parse_filters({"window": "30d"}, load_options(session))
        conditions, (since, until) = report_conditions(filters, NOW, timed=False), filters.time_range(NOW)
        event.listen(store.engine, "before_cursor_execute", remember)
        try:
            cells = grid_cells(session, meldkamer, conditions, since, until, 100_000)
        finally:
            event.remove(store.engine, "before_cursor_execute", remember)
        (sql, parameters), = [call for call in calls if "GROUP BY round(reports.lat" in call[0]]
        plan = session.connection().exec_driver_sql("EXPLAIN " + sql, parameters).scalar()
    estimate = int(re.search(r"rows=(\d+)", plan).group(1))
    reports = sum(cell.count for cell in cells)
    assert reports > 4 * len(cells) and len(cells) / 2 <= estimate <= 2 * len(cells), (plan, len(cells), reports)
