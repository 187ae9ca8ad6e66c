"""Each report's first in_behandeling and first afgehandeld moment on the report row (migration
0021_rollups20m_stage_times): every writer keeps them equal to the timeline's first status events,
the migration fills them from the timeline, and Werklast's lead times read from them are the
medians the timeline gives (the computation before 0021), per role, on SQLite and PostgreSQL
(exactly from the index; within half a bucket from the histograms of 0023)."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta, timezone

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import func, select

from auth.users import ensure_demo_accounts, principal_for
from components.filter_url import analysis_filters
from data_access.db import MIGRATIONS_DIR, transaction, upgrade_schema
from data_access.models import Report, ReportEvent, User
from data_access.scoping import report_scope
from data_access.stage_durations import STAGE_MOMENTS, TIERS, largest_error_seconds
from data_access.stage_times import STAGE_COLUMNS
from data_access.timeline_queries import filter_conditions
from data_access.workload_queries import STAGES, exact_stage_medians, stage_medians
from services.areas import load_cbs_geojson
from services.importers import generic_csv
from services.importers.base import run_import
from services.intake import IntakeData, submit_report
from services.map_filters import load_options
from services.workflow import change_status
from tests.integration.test_import_history import CSV, REGION

UTC = timezone.utc
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
PATHS = (                       # status steps, hours after the previous one
    [],
    [("in_behandeling", 2)],
    [("in_behandeling", 3), ("afgehandeld", 20)],
    [("ingepland", 1), ("in_behandeling", 5), ("afgehandeld", 60)],
    [("geannuleerd", 1)],
    [("afgehandeld", 2)],        # closed without being picked up
    [("in_behandeling", 1), ("afgehandeld", 4), ("heropend", 10), ("in_behandeling", 1), ("afgehandeld", 3)],
)
ROLES = ("meldkamer", "gemeente", "wijkagent", "manager-politie", "manager-gemeente")


@pytest.fixture(autouse=True)
def _no_early_warning(monkeypatch):
    monkeypatch.setattr("services.intake.detect_safely", lambda session, report: None)


def timeline_firsts(session) -> dict[int, tuple]:
    """{report id: (first in_behandeling, first afgehandeld)} from the status events."""
    firsts = {report_id: [None, None] for report_id in session.scalars(select(Report.id))}
    for report_id, status, at in session.execute(
            select(ReportEvent.report_id, ReportEvent.to_value, func.min(ReportEvent.at))
            .where(ReportEvent.kind == "status", ReportEvent.to_value.in_(STAGE_COLUMNS))
            .group_by(ReportEvent.report_id, ReportEvent.to_value)):
        firsts[report_id][list(STAGE_COLUMNS).index(status)] = at
    return {report_id: tuple(pair) for report_id, pair in firsts.items()}


def stored_firsts(session) -> dict[int, tuple]:
    return {i: (a, b) for i, a, b in session.execute(
        select(Report.id, Report.first_in_behandeling_at, Report.first_afgehandeld_at))}


def timeline_medians(session, principal, filters) -> list[tuple]:
    """The lead times as before 0021: per report in scope and period, the first status events."""
    firsts = timeline_firsts(session)
    moments = {}
    for report_id, received in session.execute(select(Report.id, Report.received_at).where(
            report_scope(principal), *filter_conditions(filters))):
        moments[report_id] = {"gemeld": received, "in_behandeling": firsts[report_id][0],
                              "afgehandeld": firsts[report_id][1]}
    result = []
    for first, second in STAGES:
        hours = [(m[second] - m[first]).total_seconds() / 3600 for m in moments.values()
                 if m[first] is not None and m[second] is not None and m[second] >= m[first]]
        result.append((first, second, statistics.median(hours) if hours else None, len(hours)))
    return result


def exact_durations(session, principal, filters) -> list[list[float]]:
    """Per stage the sorted durations (seconds) of the reports in scope and period, in Python."""
    result = [[] for _ in STAGES]
    for row in session.execute(select(*[Report.__table__.c[c] for c in STAGE_MOMENTS.values()])
                               .where(report_scope(principal), *filter_conditions(filters))):
        moments = dict(zip(STAGE_MOMENTS, row))
        for i, (first, second) in enumerate(STAGES):
            start, end = moments[first], moments[second]
            if start is not None and end is not None and end >= start:
                result[i].append((end - start).total_seconds())
    return [sorted(values) for values in result]


def assert_within_a_bucket(got, durations, context) -> None:
    """`got` (stage_medians) holds the counts of `durations` and medians within half a bucket of
    theirs; a median up to 48.05 hours from an odd count is shown as the exact one."""
    for (_, _, hours, n), values in zip(got, durations):
        assert n == len(values), context
        if not values:
            assert hours is None, context
            continue
        exact = statistics.median(values)
        middle = [values[(n - 1) // 2], values[n // 2]]
        assert abs(hours * 3600 - exact) <= largest_error_seconds(middle), (context, hours, exact / 3600)
        steps = exact / 360 % 1      # where the exact median lies between two shown values (0.1 h)
        if n % 2 and exact < TIERS[2][0] and 0.001 < abs(steps - 0.5):
            assert f"{hours:.1f}" == f"{exact / 3600:.1f}", (context, hours, exact / 3600)


def _handler(session, report: Report):
    """A demo account of the report's handling organisation (only it may change the status)."""
    name = "meldkamer" if report.organisation.code == "politie" else "gemeente"
    return principal_for(session.scalar(select(User).where(User.username == name)))


def _seed(store) -> None:
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session)
        for i in range(35):
            received = NOW - timedelta(days=40) + timedelta(hours=23 * i)
            report = submit_report(session, IntakeData(
                text=f"Stoeptegel los {i}", channel="web", lat=52.035 + 0.003 * (i % 4), lon=4.27 + 0.005 * (i % 3),
                category_slug="inbraak" if i % 4 == 3 else "veeg-zwerfvuil", received_at=received))
            actor, at = _handler(session, report), received
            for status, hours in PATHS[i % len(PATHS)]:
                at += timedelta(hours=hours)
                session.flush()
                report = change_status(session, actor, report.id, report.version, status, at=at)


def _principals(store) -> dict:
    with store.session() as session:
        return {u.username: principal_for(u) for u in session.scalars(select(User).where(User.username.in_(ROLES)))}


def test_status_changes_keep_the_first_moments_of_the_timeline(store):
    _seed(store)
    with transaction(store.sessions) as session:
        # a change recorded out of order (a late entry with its real time) moves the first moment back
        report = session.scalar(select(Report).where(Report.status == "in_behandeling").order_by(Report.id))
        actor = _handler(session, report)
        earlier = report.first_in_behandeling_at - timedelta(minutes=30)
        change_status(session, actor, report.id, report.version, "afgehandeld", at=earlier + timedelta(minutes=5))
        change_status(session, actor, report.id, report.version, "heropend", at=earlier + timedelta(minutes=10))
        change_status(session, actor, report.id, report.version, "in_behandeling", at=earlier)
    with store.session() as session:
        stored, timeline = stored_firsts(session), timeline_firsts(session)
        assert stored == timeline
        assert session.get(Report, report.id).first_in_behandeling_at == earlier
        assert sum(a is not None for a, _ in stored.values()) >= 20 and sum(b is not None for _, b in stored.values()) >= 15


def import_lindendal(session) -> None:
    """The second region's areas and its 300 reports of history (tests/fixtures/region)."""
    load_cbs_geojson(session, REGION / "lindendal_buurten.geojson")
    summary = run_import(session, generic_csv.read_rows(session, CSV, generic_csv.load_mapping(
        REGION / "lindendal_mapping.yaml")))
    session.commit()
    assert summary.imported == 300


def test_import_stores_the_first_moments_of_the_source_statuses(store):
    with store.session() as session:
        import_lindendal(session)
        stored = stored_firsts(session)
        assert stored == timeline_firsts(session)
        assert sum(a is not None for a, _ in stored.values()) == 10          # in_behandeling in the file
        assert sum(b is not None for _, b in stored.values()) == 278         # afgehandeld


def test_the_migration_fills_them_and_the_medians_are_those_of_the_timeline(store):
    _seed(store)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:      # a store from before 0021: no such columns
        config.attributes["connection"] = connection
        command.downgrade(config, "0021_rollups20m_stage_times-1")
    upgrade_schema(store.engine)
    principals = _principals(store)
    with store.session() as session:
        assert stored_firsts(session) == timeline_firsts(session)
        for window in ({"window": "30d"}, {"window": "7d"}, {"window": "custom", "from": "2026-09-20",
                                                               "to": "2026-10-10", "urgent": "ja"}):
            filters = analysis_filters(window, load_options(session), NOW)[1]
            for name, principal in principals.items():
                got = exact_stage_medians(session, principal, filters)
                expected = timeline_medians(session, principal, filters)
                assert [(a, b, n) for a, b, _, n in got] == [(a, b, n) for a, b, _, n in expected], (name, window)
                for (_, _, hours, _), (_, _, wanted, _) in zip(got, expected):
                    assert (hours is None) == (wanted is None)
                    assert hours is None or hours == pytest.approx(wanted, abs=1e-6), (name, window)
                # from the histograms of 0023 for whole days: within half a bucket (test_stage_durations.py)
                assert_within_a_bucket(stage_medians(session, principal, filters),
                                       exact_durations(session, principal, filters), (name, window))
        counted = stage_medians(session, principals["meldkamer"],
                                analysis_filters({"window": "30d"}, load_options(session), NOW)[1])
        assert all(n > 0 for *_, n in counted)
