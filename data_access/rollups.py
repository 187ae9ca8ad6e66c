"""Report counts per local period: whole local days from the roll-up tables, the rest per UTC hour
from the reports table, summed into Europe/Amsterdam local buckets in Python.

Every UTC hour lies in exactly one local hour (the Netherlands shift by whole hours), so grouping
on the UTC hour (a cheap truncation, no per-row time-zone work, on both backends) and mapping the
few hundred hour keys to local hours, days, weeks, months, weekdays or hours of day gives exactly
the local counts. The mapping is cached per hour key.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from sqlalchemy import String, and_, func, literal_column, or_, select
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ColumnElement

from data_access.models import Report
from data_access.rollup_store import NONE_AS, report_hour_counts, report_rollups
from data_access.time_buckets import LOCAL_TZ
from data_access.vocabulary import OPEN_STATUS_LIST


def _sqlite_table_hint(_compiler, _table, text: str) -> str:
    return text


# SQLAlchemy drops table hints on SQLite; "INDEXED BY ix" is one (see `indexed_by`).
SQLiteCompiler.get_from_hint_text = _sqlite_table_hint


def indexed_by(query, index: str):
    """Make SQLite read `reports` through `index` (its planner misjudges some of these queries)."""
    return query.with_hint(Report, f"INDEXED BY {index}", "sqlite")


def utc_hour(column, dialect_name: str) -> ColumnElement:
    """The UTC hour of a naive-UTC column: a timestamp on PostgreSQL, 'YYYY-MM-DD HH' on SQLite."""
    if dialect_name == "postgresql":
        return func.date_trunc("hour", column)
    return func.substr(column, 1, 13, type_=String)


@lru_cache(maxsize=100_000)
def local_hour_of(key: datetime | str) -> datetime:
    """The naive local start of the hour that contains the UTC hour `key` (as the database returns it)."""
    if isinstance(key, str):
        key = datetime.strptime(key.replace("T", " ")[:13], "%Y-%m-%d %H")
    return key.replace(tzinfo=timezone.utc).astimezone(LOCAL_TZ).replace(tzinfo=None)


# --- reading the roll-up tables (data_access/rollup_store.py) ----------------------------------
#
# A period [start, end) is split into whole local days, read from report_rollups (whole months
# from its month rows where the caller sums months anyway), and the parts before the first and
# after the last local midnight, read from the reports table per UTC hour. Conditions written
# against Report are carried over to the roll-up's columns of the same name; a condition on a
# column the roll-up does not have (sub category, status, assignee...) sends the whole period to
# the reports table. Either way the counts are the same.

# Listed, not "NOT IN (afgehandeld, geannuleerd)", and written as literals: the partial index
# ix_reports_open_work (only the open reports) is used when the query repeats its WHERE term exactly.
IS_OPEN = Report.status.in_([literal_column(f"'{status}'") for status in OPEN_STATUS_LIST])
# measure: (time column, further condition, the index SQLite should read)
RAW_MEASURES = {"received": (Report.received_at, None, "ix_reports_analytics_cover"),
                "closed": (Report.received_at, Report.closed_at.is_not(None), "ix_reports_analytics_cover"),
                "on_time": (Report.received_at, Report.closed_at <= Report.due_at, "ix_reports_analytics_cover"),
                "outflow": (Report.closed_at, None, "ix_reports_closed_work"),
                "open": (Report.received_at, IS_OPEN, "ix_reports_open_work")}
ROLLUP_SUMS = {"open": lambda t: t.c.received - t.c.closed}      # measures derived from the stored ones
EPOCH = datetime(1970, 1, 1)


def local_midnight(day: date) -> datetime:
    """The UTC instant at which a local (Europe/Amsterdam) calendar day starts."""
    return datetime.combine(day, time(0), LOCAL_TZ).astimezone(timezone.utc)


def on_table(conditions, table) -> list | None:
    """The conditions with Report's columns replaced by `table`'s; None if `table` lacks one."""
    reports, missing = Report.__table__, []

    def replace(element):
        if getattr(element, "table", None) is reports and isinstance(element, ColumnElement):
            if element.name in table.c:
                return table.c[element.name]
            missing.append(element.name)
        return None

    adapted = [visitors.replacement_traverse(condition, {}, replace) for condition in conditions]
    return None if missing else adapted


def first_whole_day(start: datetime) -> date:
    day = start.astimezone(LOCAL_TZ).date()
    return day if local_midnight(day) == start else day + timedelta(days=1)


def _month_after(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_parts(first: date, last: date | None, months: bool, t=report_rollups) -> list:
    """Rows of roll-up table `t` covering the local days [first, last) (last None: open-ended), as
    one condition per range of the key (days before the first whole month, the months, the days
    after): each alone is an index range scan, which an OR of them is not (a bitmap scan instead)."""
    days = lambda a, b: and_(t.c.grain == "d", t.c.period >= a, *([t.c.period < b] if b else []))  # noqa: E731
    if not months:
        return [days(first, last)]
    m1 = first if first.day == 1 else _month_after(first)
    m2 = last.replace(day=1) if last else None
    if m2 is not None and m1 >= m2:
        return [days(first, last)]
    whole = and_(t.c.grain == "m", t.c.period >= m1, *([t.c.period < m2] if m2 else []))
    return [*([days(first, m1)] if first < m1 else []), whole, *([days(m2, last)] if m2 and m2 < last else [])]


def period_condition(first: date, last: date | None, months: bool, t=report_rollups):
    """Rows of roll-up table `t` covering the local days [first, last) (last None: open-ended)."""
    return or_(*period_parts(first, last, months, t))


def restore(name: str, value):
    return None if NONE_AS.get(name, object()) == value else value


def period_counts(session: Session, conditions, start: datetime, end: datetime | None, keys: tuple[str, ...],
                  bucket_of, measures: tuple[str, ...] = ("received",), months: bool = False,
                  days: bool = True) -> dict:
    """{(bucket_of(naive local moment), *key values): [count per measure]} of the reports meeting
    `conditions` whose time (received_at; closed_at for 'outflow') lies in [start, end) (end None:
    no end). `bucket_of` gets the local start of a day (of a month when `months`) or of an hour
    (`days=False`: every count by the hour, from the reports table). One roll-up query for all
    measures; the edges per time column."""
    sums: dict = defaultdict(lambda: [0] * len(measures))
    fits = days and set(keys) <= set(report_rollups.c.keys())
    adapted = on_table(conditions, report_rollups) if fits else None
    first = first_whole_day(start)
    last = None if end is None else end.astimezone(LOCAL_TZ).date()
    if adapted is None or (last is not None and first >= last):
        raw = [(start, end)]
    else:
        raw = [(start, local_midnight(first))] + ([] if last is None else [(local_midnight(last), end)])
        t = report_rollups
        columns = [t.c[k] for k in keys]
        sums_of = [func.sum(ROLLUP_SUMS[m](t) if m in ROLLUP_SUMS else t.c[m]) for m in measures]
        query = (select(t.c.period, *columns, *sums_of)
                 .where(period_condition(first, last, months), *adapted).group_by(t.c.period, *columns))
        for period, *rest in session.execute(query):
            add_counts(sums, (bucket_of(datetime.combine(period, time(0))),
                        *[restore(k, v) for k, v in zip(keys, rest)]), rest[len(keys):])
    by_column: dict = defaultdict(list)
    for i, measure in enumerate(measures):
        by_column[RAW_MEASURES[measure][0].key].append(i)
    for low, high in raw:
        for indices in by_column.values():
            subset = tuple(measures[i] for i in indices)
            if subset == ("received",) and not keys and high is not None and days:    # whole hours: hour table
                for moment, n in hour_counts(session, conditions, low, high).items():
                    add_counts(sums, (bucket_of(moment),), [n], indices)
            else:
                _raw_counts(session, conditions, low, high, keys, bucket_of, subset, indices, sums)
    return dict(sums)


def add_counts(sums: dict, key: tuple, counts, indices=None) -> None:
    cell = sums[key]
    for i, n in zip(indices or range(len(counts)), counts):
        cell[i] += int(n or 0)


def _raw_counts(session: Session, conditions, low: datetime, high: datetime | None, keys, bucket_of,
                measures, indices, sums: dict) -> None:
    """period_counts' part read from the reports table, grouped per UTC hour (`measures` share one
    time column; their counts go to `indices` of the cells)."""
    if high is not None and low >= high:
        return
    column, _, index = RAW_MEASURES[measures[0]]
    hour = utc_hour(column, session.get_bind().dialect.name).label("hour")
    columns = [getattr(Report, k) for k in keys]
    extras = [RAW_MEASURES[m][1] for m in measures]
    where = [extras.pop()] if len(measures) == 1 and extras[0] is not None else []   # an index may serve it
    counted = [func.count() if extra is None else func.count().filter(extra) for extra in extras or [None]]
    period = [column >= low] + ([column < high] if high is not None else []) + where
    query = indexed_by(select(hour, *columns, *counted).where(*conditions, *period).group_by(hour, *columns), index)
    for h, *rest in session.execute(query):
        add_counts(sums, (bucket_of(local_hour_of(h)), *rest[:len(keys)]), rest[len(keys):], indices)


def _utc_hour_start(hours: int) -> datetime:
    return (EPOCH + timedelta(hours=hours)).replace(tzinfo=timezone.utc)


def hour_counts(session: Session, conditions, start: datetime, end: datetime) -> dict[datetime, int]:
    """{naive local hour start: reports received in [start, end) meeting `conditions`}: whole UTC
    hours from report_hour_counts when the conditions fit its columns, the rest from the reports."""
    t, sums = report_hour_counts, defaultdict(lambda: [0])
    if start >= end:
        return {}
    adapted = on_table(conditions, t)
    first, last = -(-int(start.timestamp()) // 3600), int(end.timestamp()) // 3600
    raw = [(start, end)]
    if adapted is not None and first < last:
        raw = [(start, _utc_hour_start(first)), (_utc_hour_start(last), end)]
        query = (select(t.c.hour, func.sum(t.c.received))
                 .where(t.c.hour >= first, t.c.hour < last, *adapted).group_by(t.c.hour))
        for h, n in session.execute(query):
            add_counts(sums, (local_hour_of(EPOCH + timedelta(hours=h)),), [n])
    for low, high in raw:
        _raw_counts(session, conditions, low, high, (), lambda moment: moment, ("received",), [0], sums)
    return {key: n for (key,), (n,) in sums.items()}
