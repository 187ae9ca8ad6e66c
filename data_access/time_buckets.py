"""Europe/Amsterdam local time buckets as SQL expressions, the same on PostgreSQL and SQLite.

Times are stored as naive UTC. PostgreSQL converts them with its time-zone database; SQLite has
none, so the offset is derived in SQL from the EU rule: summer time (+2h) from the last Sunday of
March 01:00 UTC up to the last Sunday of October 01:00 UTC, otherwise +1h.

Every bucket expression yields TEXT 'YYYY-MM-DD HH:MM:SS' (the local bucket start, naive) on both
dialects, so results compare and sort alike; `parse_bucket` turns it into a datetime.
Weekdays are numbered 0 = Monday ... 6 = Sunday (like `datetime.weekday()`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import Integer, String, and_, case, cast, func, literal_column
from sqlalchemy.sql.elements import ColumnElement

from data_access.vocabulary import LOCAL_TZ, TIMEZONE_NAME  # noqa: F401  (LOCAL_TZ: imported from here by many)

Bucket = Literal["hour", "day", "week", "month"]
BUCKETS: tuple[Bucket, ...] = ("hour", "day", "week", "month")
TEXT_FORMAT = "%Y-%m-%d %H:%M:%S"
_PG_TEXT_FORMAT = "YYYY-MM-DD HH24:MI:SS"


def _summer_time(year: int) -> tuple[str, str]:
    """The EU summer-time span of a year in UTC text: last Sunday of March/October, 01:00 UTC."""
    def last_sunday(month: int) -> date:
        end = date(year, month, 31)
        return end - timedelta(days=(end.weekday() + 1) % 7)
    return tuple(f"{last_sunday(m).isoformat()} 01:00:00" for m in (3, 10))


# A deterministic lookup of the switch instants: plain text comparisons per row are much cheaper
# in SQLite than deriving the last Sundays with date() for every row. Outside these years: +1h.
SUMMER_TIME = {year: _summer_time(year) for year in range(2000, 2041)}


def _sqlite_local(column) -> ColumnElement:
    """The naive local time of a naive-UTC column on SQLite, as 'YYYY-MM-DD HH:MM:SS' text."""
    shift = case(*[(and_(column >= literal_column(f"'{start}'"), column < literal_column(f"'{end}'")),
                    literal_column("'+2 hours'")) for start, end in SUMMER_TIME.values()],
                 else_=literal_column("'+1 hours'"))
    # Whole seconds first: SQLite rounds fractions to milliseconds (23:59:59.9999 would become 00:00).
    return func.datetime(func.substr(column, 1, 19), shift, type_=String)


def _pg_local(column) -> ColumnElement:
    return func.timezone(TIMEZONE_NAME, func.timezone("UTC", column))


def local_time(column, dialect_name: str) -> ColumnElement:
    """Naive Europe/Amsterdam local time of `column` (text on SQLite, timestamp on PostgreSQL)."""
    if dialect_name == "postgresql":
        return _pg_local(column)
    return _sqlite_local(column)


def local_bucket(column, bucket: Bucket, dialect_name: str) -> ColumnElement[str]:
    """Local start of the hour/day/week (Monday)/month containing `column`, as text."""
    if bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}")
    if dialect_name == "postgresql":
        truncated = func.date_trunc(bucket, _pg_local(column))
        return func.to_char(truncated, _PG_TEXT_FORMAT, type_=String)
    local = _sqlite_local(column)
    if bucket == "hour":
        return func.strftime("%Y-%m-%d %H:00:00", local, type_=String)
    if bucket == "day":
        return func.strftime("%Y-%m-%d 00:00:00", local, type_=String)
    if bucket == "week":
        monday = func.date(local, "-6 days", "weekday 1")
        return func.strftime("%Y-%m-%d 00:00:00", monday, type_=String)
    return func.strftime("%Y-%m-01 00:00:00", local, type_=String)


def local_hour(column, dialect_name: str) -> ColumnElement[int]:
    """Local hour of day, 0-23."""
    if dialect_name == "postgresql":
        return cast(func.extract("hour", _pg_local(column)), Integer)
    return cast(func.strftime("%H", _sqlite_local(column)), Integer)


def local_weekday(column, dialect_name: str) -> ColumnElement[int]:
    """Local weekday, 0 = Monday ... 6 = Sunday."""
    if dialect_name == "postgresql":
        return cast(func.extract("isodow", _pg_local(column)), Integer) - 1
    return (cast(func.strftime("%w", _sqlite_local(column)), Integer) + 6) % 7


def parse_bucket(value: str | datetime) -> datetime:
    """A bucket value from the database as a naive local datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.strptime(value[:19], TEXT_FORMAT)


def truncate_local(moment: datetime, bucket: Bucket) -> datetime:
    """Python twin of `local_bucket` for a naive local datetime (to list empty buckets)."""
    if bucket == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if bucket == "day":
        return day
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_bucket(start: datetime, bucket: Bucket) -> datetime:
    if bucket == "hour":
        return start + timedelta(hours=1)
    if bucket == "day":
        return start + timedelta(days=1)
    if bucket == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def bucket_starts(first: datetime, last: datetime, bucket: Bucket) -> list[datetime]:
    """Every local bucket start from the bucket of `first` up to and including that of `last`."""
    starts, current = [], truncate_local(first, bucket)
    while current <= last:
        starts.append(current)
        current = next_bucket(current, bucket)
    return starts


# The one limit on a chosen period (map, Tijdlijn, Werklast, exports): years of imported history fit.
MAX_PERIOD_DAYS = 3653
MAX_PERIOD_TEXT = "tien jaar"


def bucket_for_range(first: date, last: date) -> Bucket:
    """A bucket size that gives a readable number of bars for a range of local dates."""
    days = (last - first).days + 1
    if days <= 3:
        return "hour"
    if days <= 92:
        return "day"
    if days <= 731:
        return "week"
    return "month"


def epoch_seconds(column, dialect_name: str) -> ColumnElement[float]:
    """Seconds since 1970 of a naive-UTC column, for differences (durations, lateness)."""
    if dialect_name == "postgresql":
        return func.extract("epoch", column)
    return (func.julianday(column) - 2440587.5) * 86400.0
