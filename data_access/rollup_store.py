"""Roll-up tables of report counts, kept in step with the reports table in the same transaction.

`report_rollups`: per local (Europe/Amsterdam) day ('d') and month ('m') x the dimensions the
analysis pages filter and group on: reports received (and how many of those are closed now, and
closed within the afhandeltermijn), and reports closed (outflow, on the day of closed_at).
`report_hour_counts`: reports received per UTC hour x organisation, visibility, buurt and wijk (the
hour x weekday heat map). `report_cell_counts`: located reports received per local day and month x
~100 m map cell x what the map filters and scopes on (the map's grid over long periods; a year was
an index-only scan of 6.7M reports at 20M). `report_stage_blocks` and `report_stage_durations`:
reports per local day and month x visibility and wijk x Werklast stage x block and bucket of the
duration (the lead times' medians; data_access/stage_durations.py). Nullable dimensions are stored as 0 (team) and '' (buurt, wijk)
so that the key is unique on both backends.

Every ORM flush that adds, changes or deletes a report moves its contribution between cells
(`before_flush`: the old values come from the database, the new ones from the object) with an
INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n per cell (one statement per table, compiled
once, executed for all rows), rows in key order (no deadlocks between concurrent writers on
PostgreSQL). Intake inserts its reports with Core and adds their contributions itself
(`count_new_reports`); other bulk writers that bypass the ORM (the bench generator,
area relocation, clearing the demo) call `rebuild`, which recomputes everything from the reports
(and data_access/feedback_store.py's feedback facts, kept in step the same way).
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache

from sqlalchemy import (
    Boolean, Column, Date, Index, Integer, String, Table, case, cast, delete, event, func, inspect, literal,
    or_, select, text, true, union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access.models import Base, Report
from data_access.stage_durations import (
    BLOCK_KEY, STAGE_DIMENSIONS, STAGE_KEY, STAGE_MOMENTS, block_of, block_sql, counted, report_stage_blocks,
    report_stage_durations, seconds_bucket_sql, stage_buckets, stage_numbers, whole_seconds_sql,
)
from data_access.time_buckets import LOCAL_TZ, local_time

DIMENSIONS = ("main_category_id", "organisation_id", "team_id", "urgent", "channel", "visibility",
              "buurt_code", "wijk_code")
HOUR_DIMENSIONS = ("organisation_id", "visibility", "buurt_code", "wijk_code")
CELL_DIMENSIONS = ("main_category_id", "organisation_id", "urgent", "visibility", "buurt_code", "wijk_code")
MEASURES = ("received", "closed", "on_time", "outflow")
TRACKED = ("received_at", "closed_at", "due_at", "lat", "lon", "first_in_behandeling_at",
           "first_afgehandeld_at") + DIMENSIONS
CELL_LAT = 0.0009     # ~100 m: a map cell is round(lat / CELL_LAT), round(lon / CELL_LON)
CELL_LON = 0.0015     # ~100 m at 52 degrees north
NONE_AS = {"team_id": 0, "buurt_code": "", "wijk_code": ""}

report_rollups = Table(
    "report_rollups", Base.metadata,
    Column("grain", String(1), primary_key=True),            # 'd' local day, 'm' local month
    Column("period", Date, primary_key=True),                 # the local day or first day of the month
    Column("main_category_id", Integer, primary_key=True),
    Column("organisation_id", Integer, primary_key=True),
    Column("team_id", Integer, primary_key=True),              # 0: no team
    Column("urgent", Boolean, primary_key=True),
    Column("channel", String(20), primary_key=True),
    Column("visibility", String(12), primary_key=True),
    Column("buurt_code", String(16), primary_key=True),        # '': none
    Column("wijk_code", String(16), primary_key=True),         # '': none
    *[Column(name, Integer, nullable=False, default=0) for name in MEASURES],
)
report_hour_counts = Table(
    "report_hour_counts", Base.metadata,
    Column("hour", Integer, primary_key=True),                 # whole hours since 1970 (UTC)
    Column("organisation_id", Integer, primary_key=True),
    Column("visibility", String(12), primary_key=True),
    Column("buurt_code", String(16), primary_key=True),
    Column("wijk_code", String(16), primary_key=True),
    Column("received", Integer, nullable=False, default=0),
)
report_cell_counts = Table(
    "report_cell_counts", Base.metadata,
    Column("grain", String(1), primary_key=True),            # 'd' local day, 'm' local month
    Column("period", Date, primary_key=True),
    Column("cell_row", Integer, primary_key=True),           # round(lat / CELL_LAT)
    Column("cell_col", Integer, primary_key=True),           # round(lon / CELL_LON)
    Column("main_category_id", Integer, primary_key=True),
    Column("organisation_id", Integer, primary_key=True),
    Column("urgent", Boolean, primary_key=True),
    Column("visibility", String(12), primary_key=True),
    Column("buurt_code", String(16), primary_key=True),       # '': none
    Column("wijk_code", String(16), primary_key=True),        # '': none
    Column("received", Integer, nullable=False, default=0),
)
# The map grid's columns in period order (its key plus the count): a long period's rows of
# report_cell_counts are read from this index alone (0023_map20m_grid).
CELL_COVER_COLUMNS = [c.name for c in report_cell_counts.primary_key] + ["received"]
Index("ix_report_cell_counts_cover", *[report_cell_counts.c[name] for name in CELL_COVER_COLUMNS])
ROLLUP_KEY = [c.name for c in report_rollups.primary_key]
HOUR_KEY = [c.name for c in report_hour_counts.primary_key]
CELL_KEY = [c.name for c in report_cell_counts.primary_key]


def cell_index(column, size: float):
    """A coordinate's map cell in SQL (the map's GROUP BY and the rebuild use this one form)."""
    return func.round(column / size)


def cell_index_of(value: float, size: float, dialect: str) -> int:
    """`cell_index` in Python, rounding as the database does: PostgreSQL's round(float8) is rint()
    (half to even, as Python's round), SQLite's rounds half away from zero."""
    x = value / size
    if dialect == "postgresql":
        return int(round(x))
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def dims_of(values, names=DIMENSIONS) -> tuple:
    return tuple(NONE_AS.get(name, None) if values[name] is None else values[name] for name in names)


def contributions(values, sign: int, rollups: dict, hours: dict, cells: dict, blocks: dict, stages: dict,
                  dialect: str) -> None:
    """Add (sign = +1) or take away (-1) what one report with these values counts in every cell."""
    received, closed, due = values["received_at"], values["closed_at"], values["due_at"]
    dims = dims_of(values)
    day = received.astimezone(LOCAL_TZ).date()
    on_time = int(closed is not None and due is not None and closed <= due)
    for grain, period in (("d", day), ("m", day.replace(day=1))):
        cell = rollups[(grain, period, *dims)]
        cell[0] += sign
        cell[1] += sign * int(closed is not None)
        cell[2] += sign * on_time
    if closed is not None:
        closed_day = closed.astimezone(LOCAL_TZ).date()
        for grain, period in (("d", closed_day), ("m", closed_day.replace(day=1))):
            rollups[(grain, period, *dims)][3] += sign
    hours[(int(received.timestamp()) // 3600, *dims_of(values, HOUR_DIMENSIONS))][0] += sign
    if values["lat"] is not None and values["lon"] is not None:
        row, col = (cell_index_of(values[n], size, dialect) for n, size in (("lat", CELL_LAT), ("lon", CELL_LON)))
        for grain, period in (("d", day), ("m", day.replace(day=1))):
            cells[(grain, period, row, col, *dims_of(values, CELL_DIMENSIONS))][0] += sign
    for stage, bucket in stage_buckets(values):
        dims, block = dims_of(values, STAGE_DIMENSIONS), block_of(bucket)
        for grain, period in (("d", day), ("m", day.replace(day=1))):
            blocks[(grain, period, *dims, stage, block)][0] += sign
            stages[(grain, stage, block, period, *dims, bucket)][0] += sign


@cache
def _upsert(table: Table, dialect: str):
    """INSERT ... ON CONFLICT (key) DO UPDATE SET m = m + excluded.m, built once per table and
    dialect (its compiled form is then cached too; rows go in as parameters)."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    measures = [c.name for c in table.c if not c.primary_key]
    return insert.on_conflict_do_update(index_elements=[c.name for c in table.primary_key],
                                        set_={m: table.c[m] + insert.excluded[m] for m in measures})


def upsert_deltas(connection, table: Table, cells: dict) -> None:
    """Add {key tuple: [delta per measure]} to `table` (key columns = its primary key, measures =
    the other columns): one upsert per row that adds the deltas, in one executemany, rows in key
    order (concurrent writers lock cells in the same order), zero deltas left out."""
    key = [c.name for c in table.primary_key]
    measures = [c.name for c in table.c if not c.primary_key]
    rows = [dict(zip(key, cell), **dict(zip(measures, counts)))
            for cell, counts in sorted(cells.items(), key=lambda item: repr(item[0])) if any(counts)]
    if rows:
        connection.execute(_upsert(table, connection.dialect.name), rows)


def write_deltas(connection, rollups: dict, hours: dict, cells: dict, blocks: dict, stages: dict) -> None:
    upsert_deltas(connection, report_rollups, rollups)
    upsert_deltas(connection, report_hour_counts, hours)
    upsert_deltas(connection, report_cell_counts, cells)
    upsert_deltas(connection, report_stage_blocks, blocks)
    upsert_deltas(connection, report_stage_durations, stages)


def _new_deltas() -> tuple[dict, ...]:
    return (defaultdict(lambda: [0] * len(MEASURES)), *[defaultdict(lambda: [0]) for _ in range(4)])


def count_new_reports(connection, rows) -> None:
    """Add the contributions of reports inserted without the ORM (rows with the TRACKED columns),
    which no flush listener sees: one upsert per table, in the caller's transaction."""
    deltas = _new_deltas()
    for values in rows:
        contributions(values, +1, *deltas, connection.dialect.name)
    write_deltas(connection, *deltas)


def _values(report: Report) -> dict:
    return {name: getattr(report, name) for name in TRACKED}


_BEFORE = "rollup_store.before"
# The tracked columns and the relationships that set some of them (only during the flush).
_MOVERS = TRACKED + ("organisation", "team", "main_category")


def _may_move(report: Report) -> bool:
    """Whether a change could move the report between cells (not e.g. only updated_at or status)."""
    attrs = inspect(report).attrs
    return any(attrs[name].history.has_changes() for name in _MOVERS)


@event.listens_for(Session, "before_flush")
def _remember_old_values(session: Session, _context, _instances) -> None:
    """The values of changed and deleted reports as the database still holds them."""
    ids = [o.id for o in session.dirty if isinstance(o, Report) and _may_move(o)]
    ids += [o.id for o in session.deleted if isinstance(o, Report)]
    old = {}
    if ids:
        reports = Report.__table__
        old = {row.id: row._mapping for row in session.connection().execute(
            select(reports.c.id, *[reports.c[n] for n in TRACKED]).where(reports.c.id.in_(ids)))}
    session.info[_BEFORE] = old


@event.listens_for(Session, "after_flush")
def _keep_in_step(session: Session, _context) -> None:
    """Move each added, changed or deleted report's contribution (foreign keys set from
    relationships, e.g. report.organisation = ..., are only synchronised by the flush itself)."""
    old = session.info.pop(_BEFORE, {})
    deltas, dialect = _new_deltas(), session.get_bind().dialect.name
    for report in session.new:
        if isinstance(report, Report):
            contributions(_values(report), +1, *deltas, dialect)
    kept = {o.id: o for o in session.dirty if isinstance(o, Report) and o.id in old}
    for report_id, values in old.items():
        current = kept.get(report_id)
        if current is not None and all(values[n] == getattr(current, n) for n in TRACKED):
            continue
        contributions(values, -1, *deltas, dialect)
        if current is not None:
            contributions(_values(current), +1, *deltas, dialect)
    write_deltas(session.connection(), *deltas)


# --- full rebuild ------------------------------------------------------------------------------

def local_date(column, dialect: str):
    local = local_time(column, dialect)
    return cast(local, Date) if dialect == "postgresql" else func.substr(local, 1, 10, type_=String)


def month_of(column, dialect: str):
    if dialect == "postgresql":
        return cast(func.date_trunc("month", column), Date)
    return func.substr(column, 1, 7, type_=String).concat("-01")


def _epoch_hour(column, dialect: str):
    if dialect == "postgresql":
        return cast(func.floor(func.extract("epoch", column) / 3600), Integer)
    return cast(func.strftime("%s", func.substr(column, 1, 19)), Integer) // 3600


def dimension_columns(names=DIMENSIONS, table=Report.__table__) -> list:
    return [func.coalesce(table.c[n], NONE_AS[n]).label(n) if n in NONE_AS else table.c[n].label(n)
            for n in names]


def rebuild(connection) -> None:
    """Recompute every roll-up (counts and feedback facts) from the source tables (idempotent; in
    the caller's transaction)."""
    from data_access import feedback_store     # it builds on this module

    rebuild_counts(connection)
    rebuild_cells(connection)
    rebuild_stages(connection)
    feedback_store.rebuild(connection)


def rebuild_counts(connection) -> None:
    """Recompute both count tables from the reports."""
    dialect, reports = connection.dialect.name, Report.__table__
    if dialect == "postgresql":     # writers wait; those already in flight commit before the snapshot
        connection.execute(text("LOCK TABLE report_rollups, report_hour_counts IN EXCLUSIVE MODE"))
    connection.execute(delete(report_rollups))
    connection.execute(delete(report_hour_counts))
    received = select(local_date(reports.c.received_at, dialect).label("period"), *dimension_columns(),
                      literal(1).label("received"),
                      case((reports.c.closed_at.is_not(None), 1), else_=0).label("closed"),
                      case((reports.c.closed_at <= reports.c.due_at, 1), else_=0).label("on_time"),
                      literal(0).label("outflow"))
    closed = select(local_date(reports.c.closed_at, dialect).label("period"), *dimension_columns(),
                    *[literal(int(m == "outflow")).label(m) for m in MEASURES]).where(reports.c.closed_at.is_not(None))
    both = union_all(received, closed).subquery()
    keys = [both.c.period, *[both.c[n] for n in DIMENSIONS]]
    days = select(literal("d"), *keys, *[func.sum(both.c[m]) for m in MEASURES]).group_by(*keys)
    connection.execute(report_rollups.insert().from_select(ROLLUP_KEY + list(MEASURES), days))
    month = month_of(report_rollups.c.period, dialect)
    dims = [report_rollups.c[n] for n in DIMENSIONS]
    months = (select(literal("m"), month, *dims, *[func.sum(report_rollups.c[m]) for m in MEASURES])
              .where(report_rollups.c.grain == "d").group_by(month, *dims))
    connection.execute(report_rollups.insert().from_select(ROLLUP_KEY + list(MEASURES), months))
    hour = _epoch_hour(reports.c.received_at, dialect)
    hour_dims = dimension_columns(HOUR_DIMENSIONS)
    hours = select(hour, *hour_dims, func.count()).group_by(hour, *[c.element for c in hour_dims])
    connection.execute(report_hour_counts.insert().from_select(HOUR_KEY + ["received"], hours))


def rebuild_cells(connection) -> None:
    """Recompute the map cell counts from the reports (its own step: migration 0022 adds the table)."""
    dialect, reports = connection.dialect.name, Report.__table__
    if dialect == "postgresql":
        connection.execute(text("LOCK TABLE report_cell_counts IN EXCLUSIVE MODE"))
    connection.execute(delete(report_cell_counts))
    keys = [local_date(reports.c.received_at, dialect).label("period"),
            cell_index(reports.c.lat, CELL_LAT).label("cell_row"), cell_index(reports.c.lon, CELL_LON).label("cell_col"),
            *dimension_columns(CELL_DIMENSIONS)]
    days = (select(literal("d"), *keys, func.count())
            .where(reports.c.lat.is_not(None), reports.c.lon.is_not(None))
            .group_by(*[getattr(k, "element", k) for k in keys]))
    connection.execute(report_cell_counts.insert().from_select(CELL_KEY + ["received"], days))
    t = report_cell_counts
    month = month_of(t.c.period, dialect)
    others = [t.c[n] for n in CELL_KEY[2:]]
    months = select(literal("m"), month, *others, func.sum(t.c.received)).where(t.c.grain == "d").group_by(month, *others)
    connection.execute(report_cell_counts.insert().from_select(CELL_KEY + ["received"], months))


def rebuild_stages(connection) -> None:
    """Recompute the stage duration histograms from the reports (its own step: migration 0023 adds
    the tables): one pass over the reports (on PostgreSQL over ix_reports_stage_times alone), each
    report joined with the stage numbers, grouped per day and bucket; the months from the days and
    the blocks from the buckets."""
    dialect, reports = connection.dialect.name, Report.__table__
    if dialect == "postgresql":
        connection.execute(text("LOCK TABLE report_stage_blocks, report_stage_durations IN EXCLUSIVE MODE"))
    connection.execute(delete(report_stage_durations))
    connection.execute(delete(report_stage_blocks))
    # per report its local day once (a time zone conversion), then per report x stage its duration
    # once (fenced subqueries, OFFSET 0: not repeated in every CASE branch), then the buckets
    dims = [local_date(reports.c.received_at, dialect).label("period"), *dimension_columns(STAGE_DIMENSIONS)]
    per_report = select(*dims, *[reports.c[c] for c in STAGE_MOMENTS.values()]).offset(0).subquery()
    numbers, start, end = stage_numbers(per_report)
    keys = [per_report.c[d.name] for d in dims] + [numbers.c.stage]
    rows = (select(*keys, whole_seconds_sql(start, end, dialect).label("seconds")).select_from(per_report)
            .join(numbers, true()).where(counted(start, end)).offset(0)).subquery()
    keys = [rows.c[k.name] for k in keys] + [seconds_bucket_sql(rows.c.seconds).label("bucket")]
    counts = select(*keys, func.count().label("n")).group_by(*[getattr(k, "element", k) for k in keys]).subquery()
    t = report_stage_durations
    days = select(literal("d"), counts.c.stage, block_sql(counts.c.bucket), counts.c.period,
                  *[counts.c[n] for n in STAGE_DIMENSIONS], counts.c.bucket, counts.c.n)
    connection.execute(t.insert().from_select(STAGE_KEY + ["n"], days))
    month = month_of(t.c.period, dialect)
    others = [t.c[n] for n in STAGE_KEY[4:]]
    months = (select(literal("m"), t.c.stage, t.c.block, month, *others, func.sum(t.c.n))
              .where(t.c.grain == "d").group_by(t.c.stage, t.c.block, month, *others))
    connection.execute(t.insert().from_select(STAGE_KEY + ["n"], months))
    keys = [t.c.grain, t.c.period, *[t.c[n] for n in STAGE_DIMENSIONS], t.c.stage, t.c.block]
    connection.execute(report_stage_blocks.insert().from_select(
        BLOCK_KEY + ["n"], select(*keys, func.sum(t.c.n)).group_by(*keys)))


def rebuild_in(session: Session) -> None:
    """`rebuild` inside a session's transaction (after pending ORM changes are written)."""
    session.flush()
    rebuild(session.connection())


def rollup_cells(connection) -> tuple[dict, dict, dict, dict, dict]:
    """Every non-zero cell of the five tables (for comparing incremental upkeep with a rebuild)."""
    rollups = {tuple(r[:len(ROLLUP_KEY)]): tuple(r[len(ROLLUP_KEY):]) for r in connection.execute(
        select(report_rollups).where(or_(*[report_rollups.c[m] != 0 for m in MEASURES])))}
    hours = {tuple(r[:-1]): r[-1] for r in connection.execute(
        select(report_hour_counts).where(report_hour_counts.c.received != 0))}
    cells = {tuple(r[:-1]): r[-1] for r in connection.execute(
        select(report_cell_counts).where(report_cell_counts.c.received != 0))}
    blocks, stages = ({tuple(r[:-1]): r[-1] for r in connection.execute(select(t).where(t.c.n != 0))}
                      for t in (report_stage_blocks, report_stage_durations))
    return rollups, hours, cells, blocks, stages
