"""Queries of the live map and the wall screen: bounded points, grid cells, changes, counts.

Every function takes the server-built Principal and applies report_scope in SQL; callers add
filter conditions. Rows carry no free text and no personal data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, case, cast, exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import (
    Alert, Area, Category, FeedbackMessage, Organisation, Report, ReporterContact,
)
from data_access.scoping import alert_scope, report_scope
from data_access.rollup_store import CELL_LAT, CELL_LON, cell_index, report_cell_counts
from data_access.rollups import IS_OPEN, add_counts, first_whole_day, local_midnight, on_table, period_parts
from data_access.time_buckets import LOCAL_TZ
from data_access.vocabulary import NEW_STATUS, OPEN_ALERT_STATES



# A map point is a plain row (report id, lat, lon, urgent, main category id, reporters): the id is the
# report a click opens (the newest of an incident), reporters is 1 or the incident's report count.
# Rows straight from the driver, without a wrapper object each: the 24-hour view has thousands.
MapPoint = tuple


@dataclass(frozen=True)
class GridCell:
    lat: float
    lon: float
    count: int
    urgent: int


def _located(principal: Principal, conditions) -> list:
    return [report_scope(principal), Report.lat.is_not(None), Report.lon.is_not(None), *conditions]


def map_points(session: Session, principal: Principal, conditions, limit: int) -> list[MapPoint] | None:
    """Single reports plus one point per incident; None when there are more than `limit`.

    Plain Core rows (no ORM result machinery): the 24-hour view reads a few thousand of them."""
    where = _located(principal, conditions)
    connection = session.connection()
    singles = connection.execute(
        select(Report.id, Report.lat, Report.lon, Report.urgent, Report.main_category_id, literal(1))
        .where(*where, Report.incident_id.is_(None)).limit(limit + 1)).all()
    if len(singles) > limit:
        return None
    grouped = connection.execute(
        select(func.max(Report.id), func.avg(Report.lat), func.avg(Report.lon),
               func.max(cast(Report.urgent, Integer)), func.min(Report.main_category_id), func.count())
        .where(*where, Report.incident_id.is_not(None))
        .group_by(Report.incident_id).limit(limit + 1 - len(singles))).all()
    if len(singles) + len(grouped) > limit:
        return None
    return singles + grouped


# Below this many whole days the reports' covering index is read directly: at 20M reports a day
# has about a third as many cell roll-up rows as reports, while months compress well (a year: 1.7 s
# from the reports, 1.0 s from the roll-up before 0023_map20m_grid). The reports' GROUP BY needs
# 0023's statistics on the cell expressions to be planned as a parallel aggregate (30 days at 20M:
# ~0.9 s serial with JIT vs ~0.45 s, EXPLAIN under load; bench/figures-20m/round3_map_*).
ROLLUP_MIN_DAYS = 60


def grid_cells(session: Session, principal: Principal, conditions, since: datetime, until: datetime | None,
               limit: int) -> list[GridCell]:
    """Counts per ~100 m cell of the reports received in [since, until) (None: no end) meeting
    `conditions`, the busiest `limit` cells. For long periods whole local days and months come from
    report_cell_counts when the scope and the conditions fit its columns (a year: some 10^5 roll-up
    rows instead of millions of reports), the edges and every other case from the reports."""
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    t = report_cell_counts
    adapted = on_table([report_scope(principal), *conditions], t)
    first = first_whole_day(since)
    last = None if until is None else until.astimezone(LOCAL_TZ).date()
    whole_days = ((last or datetime.now(LOCAL_TZ).date()) - first).days
    raw = [(since, until)]
    if adapted is not None and (last is None or first < last) and whole_days >= ROLLUP_MIN_DAYS:
        raw = [(since, local_midnight(first))] + ([] if last is None else [(local_midnight(last), until)])
        # One range of ix_report_cell_counts_cover per part (days, months, days), each read from
        # the index alone; an OR of the ranges became a bitmap scan of the table (0023_map20m_grid).
        parts = union_all(*[select(t.c.cell_row, t.c.cell_col, t.c.urgent, t.c.received).where(part, *adapted)
                            for part in period_parts(first, last, True, t)]).subquery()
        urgent = func.sum(case((parts.c.urgent.is_(True), parts.c.received), else_=0))
        for row, col, n, u in session.execute(
                select(parts.c.cell_row, parts.c.cell_col, func.sum(parts.c.received), urgent)
                .group_by(parts.c.cell_row, parts.c.cell_col)):
            add_counts(sums, (int(row), int(col)), (n, u))
    row_cell, col_cell = cell_index(Report.lat, CELL_LAT), cell_index(Report.lon, CELL_LON)
    for low, high in raw:
        if high is not None and low >= high:
            continue
        period = [Report.received_at >= low, *([Report.received_at < high] if high is not None else [])]
        for row, col, n, u in session.execute(
                select(row_cell, col_cell, func.count(), func.sum(cast(Report.urgent, Integer)))
                .where(*_located(principal, conditions), *period).group_by(row_cell, col_cell)):
            add_counts(sums, (int(row), int(col)), (n, u))
    busiest = sorted(((key, n, u) for key, (n, u) in sums.items() if n), key=lambda c: (-c[1], c[0]))[:limit]
    return [GridCell(round(r * CELL_LAT, 5), round(c * CELL_LON, 5), n, u) for (r, c), n, u in busiest]


def latest_change(session: Session, principal: Principal) -> datetime | None:
    """The newest updated_at in scope: the one cheap, indexed query of an idle live poll."""
    return session.scalar(select(Report.updated_at).where(report_scope(principal))
                          .order_by(Report.updated_at.desc()).limit(1))


def changed_since(session: Session, principal: Principal, cursor: datetime | None) -> bool:
    """Whether any report in scope changed after `cursor` (any at all when None): one row at most
    from the updated_at index, which for an idle poll is an empty index range."""
    query = select(Report.id).where(report_scope(principal))
    if cursor is not None:
        query = query.where(Report.updated_at > cursor)
    return session.scalar(query.limit(1)) is not None


@dataclass(frozen=True)
class Change:
    report_id: int
    received_at: datetime
    in_incident: bool


def changes_since(session: Session, principal: Principal, cursor: datetime, limit: int) -> list[Change]:
    """Reports in scope changed after `cursor` (newest first, at most `limit`)."""
    rows = session.execute(
        select(Report.id, Report.received_at, Report.incident_id)
        .where(report_scope(principal), Report.updated_at > cursor)
        .order_by(Report.updated_at.desc()).limit(limit)).all()
    return [Change(rid, received, incident is not None) for rid, received, incident in rows]


def points_by_id(session: Session, principal: Principal, conditions, ids: list[int]) -> list[MapPoint]:
    return session.connection().execute(
        select(Report.id, Report.lat, Report.lon, Report.urgent, Report.main_category_id, literal(1))
        .where(*_located(principal, conditions), Report.id.in_(ids))).all()


@dataclass(frozen=True)
class QueueItem:
    report_id: int
    received_at: datetime
    main_category: str
    category: str
    buurt: str
    status: str
    urgent: bool
    safety_check: bool = False      # maybe someone in danger: a person checks it first

    @property
    def to_check(self) -> bool:
        """Maybe someone in danger and nobody has picked it up yet: on top, with a badge."""
        return self.safety_check and self.status == NEW_STATUS


def _queue_query(principal: Principal, conditions):
    main = Category.__table__.alias("main_category")
    return (select(Report.id, Report.received_at, main.c.name, Category.name,
                   func.coalesce(Area.name, "Onbekende buurt"), Report.status, Report.urgent,
                   Report.safety_check)
            .join(Category, Category.id == Report.category_id)
            .join(main, main.c.id == Report.main_category_id)
            .outerjoin(Area, Area.code == Report.buurt_code)
            .where(report_scope(principal), *conditions))


def _urgent_open(conditions) -> list:
    # rollups.IS_OPEN, not NOT IN the closed statuses: only its listed form matches the partial
    # open-work indexes; NOT IN read all 20M reports (4-6 s per map callback at 20M).
    return [*conditions, Report.urgent.is_(True), IS_OPEN]


def urgent_queue(session: Session, principal: Principal, conditions, limit: int) -> list[QueueItem]:
    """Open urgent reports by age, newest first; on top (the most urgent), those that may describe
    someone in danger and that nobody has picked up yet (safety_check while still "gemeld").
    Two newest-first reads of at most `limit` rows each (an ORDER BY on the to-check flag would
    sort every open urgent report): the to-check ones, then the newest of all minus those."""
    def newest(extra) -> list[QueueItem]:
        query = _queue_query(principal, [*_urgent_open(conditions), *extra])
        return [QueueItem(*row) for row in session.connection().execute(
            query.order_by(Report.received_at.desc()).limit(limit)).all()]

    to_check = newest([Report.safety_check.is_(True), Report.status == NEW_STATUS])
    on_top = {item.report_id for item in to_check}
    return (to_check + [item for item in newest([]) if item.report_id not in on_top])[:limit]


def urgent_count(session: Session, principal: Principal, conditions) -> int:
    """How many reports urgent_queue would list without its limit."""
    return int(session.scalar(select(func.count()).select_from(Report).where(
        report_scope(principal), *_urgent_open(conditions))) or 0)


def latest_reports(session: Session, principal: Principal, conditions, limit: int) -> list[QueueItem]:
    rows = session.execute(_queue_query(principal, conditions)
                           .order_by(Report.received_at.desc()).limit(limit)).all()
    return [QueueItem(*row) for row in rows]


def wall_counts(session: Session, principal: Principal, conditions, now: datetime) -> dict[str, int]:
    """The wall's KPI tiles in three indexed queries; `conditions` narrow to the wall's area and filters."""
    scope = report_scope(principal)
    urgent, overdue = session.execute(select(
        func.count().filter(Report.urgent.is_(True)), func.count().filter(Report.due_at < now),
    ).where(scope, IS_OPEN, *conditions)).one()
    last_hour = session.scalar(select(func.count()).select_from(Report).where(
        scope, Report.received_at >= now - timedelta(hours=1), *conditions))
    # Driven from the (few) contacts that asked for feedback, not from all open reports.
    owed = session.scalar(
        select(func.count()).select_from(ReporterContact).join(Report, Report.id == ReporterContact.report_id)
        .where(ReporterContact.wants_feedback.is_(True), scope, IS_OPEN, *conditions,
               ~exists().where(FeedbackMessage.report_id == Report.id)))
    alerts = session.scalar(select(func.count()).select_from(Alert)
                            .where(alert_scope(principal), Alert.state.in_(OPEN_ALERT_STATES)))
    return {"open_urgent": int(urgent or 0), "last_hour": int(last_hour or 0), "overdue": int(overdue or 0),
            "feedback_owed": int(owed or 0), "open_alerts": int(alerts or 0)}


def buurt_shapes(session: Session) -> list[tuple[str, str, str]]:
    """(code, name, GeoJSON geometry text) of every buurt with a polygon."""
    return [tuple(r) for r in session.execute(
        select(Area.code, Area.name, Area.geometry)
        .where(Area.kind == "buurt", Area.geometry.is_not(None)).order_by(Area.code))]


def filter_option_rows(session: Session) -> dict[str, dict[str, str]]:
    """Known categories, areas and organisations (code -> Dutch name) for validating and offering filters."""
    categories = session.execute(select(Category.slug, Category.name, Category.parent_id)
                                 .where(Category.active.is_(True)).order_by(Category.name)).all()
    areas = session.execute(select(Area.code, Area.name, Area.kind)
                            .where(Area.kind.in_(("wijk", "buurt"))).order_by(Area.name)).all()
    organisations = session.execute(select(Organisation.code, Organisation.name).order_by(Organisation.id)).all()
    return {
        "organisations": dict(organisations),
        "main": {slug: name for slug, name, parent in categories if parent is None},
        "sub": {slug: name for slug, name, parent in categories if parent is not None},
        "buurten": {code: name for code, name, kind in areas if kind == "buurt"},
        "areas": {code: name for code, name, _ in areas},
    }


def main_category_slugs(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Category.id, Category.slug).where(Category.parent_id.is_(None))).all())
