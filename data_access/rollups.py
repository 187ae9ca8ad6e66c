"""Counts per UTC hour in SQL, summed into Europe/Amsterdam local buckets in Python.

Every UTC hour lies in exactly one local hour (the Netherlands shift by whole hours), so grouping
on the UTC hour (a cheap truncation, no per-row time-zone work, on both backends) and mapping the
few hundred hour keys to local hours, days, weeks, months, weekdays or hours of day gives exactly
the local counts. The mapping is cached per hour key.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from functools import lru_cache

from sqlalchemy import String, func
from sqlalchemy.sql.elements import ColumnElement

from data_access.time_buckets import LOCAL_TZ, TEXT_FORMAT, Bucket, truncate_local


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


def local_bucket_text(key: datetime | str, bucket: Bucket) -> str:
    """The local bucket start of a UTC hour key, as 'YYYY-MM-DD HH:MM:SS' text."""
    return truncate_local(local_hour_of(key), bucket).strftime(TEXT_FORMAT)


def sum_by(rows, to_bucket) -> dict:
    """Sums (hour key, *rest, count) rows into {(to_bucket(hour key), *rest): count}."""
    sums: dict = defaultdict(int)
    for key, *rest, count in rows:
        sums[(to_bucket(key), *rest)] += count
    return dict(sums)
