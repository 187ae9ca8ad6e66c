"""Local Europe/Amsterdam buckets in SQL equal zoneinfo, on SQLite and PostgreSQL, across DST."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from data_access.models import UTCDateTime
from data_access.time_buckets import (
    BUCKETS, LOCAL_TZ, bucket_for_range, bucket_starts, local_bucket, local_hour, local_weekday,
    parse_bucket, truncate_local,
)

UTC = timezone.utc


def _every(start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    moments, current = [], start
    while current <= end:
        moments.append(current)
        current += step
    return moments


def _switch_instants(year: int) -> list[datetime]:
    """The EU switch instants of a year (last Sunday of March/October, 01:00 UTC)."""
    def last_sunday(month: int) -> date:
        day = date(year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)
    return [datetime.combine(last_sunday(m), datetime.min.time(), UTC) + timedelta(hours=1)
            for m in (3, 10)]


MOMENTS = (
    # every 10 minutes for two days around both 2026 switches (29 March and 25 October)
    _every(datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 30, 12, tzinfo=UTC), timedelta(minutes=10))
    + _every(datetime(2026, 10, 24, 12, tzinfo=UTC), datetime(2026, 10, 26, 12, tzinfo=UTC), timedelta(minutes=10))
    # the last microsecond before and the first instant of every switch 2000-2040
    + [m + d for y in range(2000, 2041) for m in _switch_instants(y)
       for d in (timedelta(microseconds=-1), timedelta(0), timedelta(minutes=59))]
    # month and year ends in local time (UTC late evening is the next local day/month/year)
    + [datetime(2025, 12, 31, 22, 59, 59, tzinfo=UTC), datetime(2025, 12, 31, 23, 0, tzinfo=UTC),
       datetime(2026, 5, 31, 21, 59, tzinfo=UTC), datetime(2026, 5, 31, 22, 0, tzinfo=UTC),
       datetime(2028, 2, 29, 23, 30, tzinfo=UTC)]
)


@pytest.fixture(scope="module")
def probe(module_store):
    """A throw-away table with one naive-UTC timestamp column, filled with MOMENTS."""
    table = Table("tb_probe", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UTCDateTime, nullable=False))
    table.create(module_store.engine)
    with module_store.engine.begin() as conn:
        conn.execute(insert(table), [{"id": i, "at": m} for i, m in enumerate(MOMENTS)])
    yield module_store, table
    table.drop(module_store.engine)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


@pytest.mark.parametrize("bucket", BUCKETS)
def test_local_bucket_matches_zoneinfo(probe, bucket):
    store, table = probe
    dialect = store.engine.dialect.name
    query = select(table.c.id, local_bucket(table.c.at, bucket, dialect)).order_by(table.c.id)
    with store.engine.connect() as conn:
        got = {row[0]: parse_bucket(row[1]) for row in conn.execute(query)}
    expected = {i: truncate_local(_local(m), bucket) for i, m in enumerate(MOMENTS)}
    wrong = {MOMENTS[i].isoformat(): (got[i], expected[i]) for i in expected if got[i] != expected[i]}
    assert not wrong


def test_local_hour_and_weekday_match_zoneinfo(probe):
    store, table = probe
    dialect = store.engine.dialect.name
    query = select(table.c.id, local_hour(table.c.at, dialect), local_weekday(table.c.at, dialect))
    with store.engine.connect() as conn:
        got = {row[0]: (row[1], row[2]) for row in conn.execute(query)}
    expected = {i: (_local(m).hour, _local(m).weekday()) for i, m in enumerate(MOMENTS)}
    assert got == expected


def test_group_by_hour_counts_both_fall_back_hours_in_one_local_bucket(probe):
    """25 October 2026: 00:xx and 01:xx UTC are both 02:xx local; one local hour bucket holds both."""
    store, table = probe
    dialect = store.engine.dialect.name
    bucket = local_bucket(table.c.at, "hour", dialect)
    start, end = datetime(2026, 10, 25, tzinfo=UTC), datetime(2026, 10, 25, 2, tzinfo=UTC)
    query = select(bucket).where(table.c.at >= start).where(table.c.at < end)
    with store.engine.connect() as conn:
        buckets = [parse_bucket(row[0]) for row in conn.execute(query)]
    assert len(buckets) == sum(start <= m < end for m in MOMENTS) > 12
    assert set(buckets) == {datetime(2026, 10, 25, 2)}


def test_bucket_starts_and_range_choice():
    assert bucket_starts(datetime(2026, 1, 30, 5), datetime(2026, 3, 2), "month") == [
        datetime(2026, 1, 1), datetime(2026, 2, 1), datetime(2026, 3, 1)]
    assert bucket_starts(datetime(2026, 3, 4), datetime(2026, 3, 16), "week") == [
        datetime(2026, 3, 2), datetime(2026, 3, 9), datetime(2026, 3, 16)]
    assert bucket_for_range(date(2026, 3, 1), date(2026, 3, 2)) == "hour"
    assert bucket_for_range(date(2026, 3, 1), date(2026, 4, 30)) == "day"
    assert bucket_for_range(date(2026, 1, 1), date(2026, 12, 31)) == "week"
    assert bucket_for_range(date(2020, 1, 1), date(2026, 12, 31)) == "month"
