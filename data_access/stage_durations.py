"""Werklast's lead times per stage as histograms of durations per local (Europe/Amsterdam) received
day and month x visibility and wijk (what the scope of every role but a partner needs) x stage
(migration 0023_werklast20m_stage_durations; data_access/rollup_store.py keeps them in step in the
same transaction as the other roll-ups and rebuilds them).

At 20M reports a 30-day median was `percentile_cont` over ~545,000 durations per stage (1.9 s
p95). The roll-up answers whole days in two small reads: `report_stage_blocks` counts per block of
buckets (a few dozen per stage and day) and locates the block of the middle duration;
`report_stage_durations` holds the buckets, keyed by stage and block first, so that only the
middle block's buckets are read. The median is read from the cumulative counts.

A duration is counted in whole seconds, floor(epoch(to)) - floor(epoch(from)) (so Python, SQLite
and PostgreSQL put every report in the same bucket), for a report that reached both stages, the
later one not before the earlier (as the exact computation). Buckets (`TIERS`):

    duration               bucket width   largest error of the median
    < 2.05 hours           1 minute       30 seconds
    2.05 - 48.05 hours     6 minutes      3 minutes (0.05 uur)
    48.05 hours - 14 days  30 minutes     15 minutes (0.25 uur)
    from 14 days           6 hours        3 hours

The median read from a histogram is the middle of the bucket that holds the middle duration (for
an even count the mean of the two middle ones), so it lies at most half a bucket width (plus the
< 1 s of whole seconds) from the exact median. Werklast shows it in hours with one decimal; up to
48.05 hours the buckets lie inside those steps (a 6-minute bucket is exactly the durations shown
as one value, e.g. 2.05-2.15 hours for "2,1 uur"), so the figure shown is the exact median's,
except for an even count whose two middle durations lie in different buckets or a middle
duration within a second of a step: then it is at most one step (0,1 uur) apart. From 48.05
hours it is at most 0,3 uur apart up to 14 days, 3,1 uur beyond.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import (
    Column, Date, Integer, SmallInteger, String, Table, and_, case, cast, func, literal, select, union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from data_access.models import Base, Report

# (from, to) per stage, in Werklast's order; the moment a report reached each stage
STAGES = (("gemeld", "in_behandeling"), ("in_behandeling", "afgehandeld"), ("gemeld", "afgehandeld"))
STAGE_MOMENTS = {"gemeld": "received_at", "in_behandeling": "first_in_behandeling_at",
                 "afgehandeld": "first_afgehandeld_at"}
# The columns the scope needs (visibility; a wijkagent's wijken). Any filter, or a partner's
# category scope, reads the reports' index (workload_queries.stage_medians): with more columns the
# day's cells hold a handful of reports each and the histograms would be as long as the index.
STAGE_DIMENSIONS = ("visibility", "wijk_code")
# (lower bound of the tier in seconds, bucket width, block width) in seconds, each tier a whole
# number of buckets, a block a whole number of buckets within its tier; the last tier has no end.
# 7,380 s = 2.05 h and 172,980 s = 48.05 h: a boundary between two values shown with one decimal in
# hours. Blocks: 41 minutes, 4 hours, 1 day, 2 days.
TIERS = ((0, 60, 2460), (7380, 360, 14400), (172980, 1800, 86400), (172980 + 576 * 1800, 21600, 172800))

report_stage_blocks = Table(
    "report_stage_blocks", Base.metadata,
    Column("grain", String(1), primary_key=True),            # 'd' local day, 'm' local month
    Column("period", Date, primary_key=True),                 # of received_at
    Column("visibility", String(12), primary_key=True),
    Column("wijk_code", String(16), primary_key=True),        # '': none
    Column("stage", SmallInteger, primary_key=True),          # index in STAGES
    Column("block", Integer, primary_key=True),               # lower bound of the block, seconds
    Column("n", Integer, nullable=False, default=0),
)
report_stage_durations = Table(
    "report_stage_durations", Base.metadata,
    Column("grain", String(1), primary_key=True),
    Column("stage", SmallInteger, primary_key=True),
    Column("block", Integer, primary_key=True),
    Column("period", Date, primary_key=True),
    Column("visibility", String(12), primary_key=True),
    Column("wijk_code", String(16), primary_key=True),
    Column("bucket", Integer, primary_key=True),              # lower bound of the bucket, seconds
    Column("n", Integer, nullable=False, default=0),
)
BLOCK_KEY = [c.name for c in report_stage_blocks.primary_key]
STAGE_KEY = [c.name for c in report_stage_durations.primary_key]


def _tier(value: int) -> tuple[int, int, int]:
    return next(tier for tier in reversed(TIERS) if value >= tier[0])


def bucket_of(seconds: int) -> int:
    """The lower bound (seconds) of the bucket holding a duration of `seconds` (>= 0)."""
    if seconds < 0:
        raise ValueError("negative duration")
    low, width, _ = _tier(seconds)
    return low + (seconds - low) // width * width


def bucket_width(bucket: int) -> int:
    return _tier(bucket)[1]


def block_of(bucket: int) -> int:
    low, _, block = _tier(bucket)
    return low + (bucket - low) // block * block


def whole_seconds(start: datetime, end: datetime) -> int:
    return math.floor(end.timestamp()) - math.floor(start.timestamp())


def stage_buckets(values) -> list[tuple[int, int]]:
    """(stage index, bucket) of every stage a report with these values (the STAGE_MOMENTS columns)
    counts in (a mapping; missing moments count as none)."""
    result = []
    for i, (first, second) in enumerate(STAGES):
        start, end = values.get(STAGE_MOMENTS[first]), values.get(STAGE_MOMENTS[second])
        if start is not None and end is not None and end >= start:
            result.append((i, bucket_of(whole_seconds(start, end))))
    return result


# --- the same in SQL ---------------------------------------------------------------------------

def _whole_epoch(column, dialect: str) -> ColumnElement:
    if dialect == "postgresql":     # date_part: float8, much cheaper than extract's numeric; exact to 1 us
        return cast(func.floor(func.date_part("epoch", column)), Integer)
    return cast(func.strftime("%s", func.substr(column, 1, 19)), Integer)


def whole_seconds_sql(start, end, dialect: str) -> ColumnElement[int]:
    """`whole_seconds` in SQL."""
    return _whole_epoch(end, dialect) - _whole_epoch(start, dialect)


def stage_columns(table=Report.__table__) -> list[tuple[ColumnElement, ColumnElement]]:
    """(from moment, to moment) per stage on `table`'s columns."""
    return [(table.c[STAGE_MOMENTS[first]], table.c[STAGE_MOMENTS[second]]) for first, second in STAGES]


def stage_numbers(table=Report.__table__):
    """(the stage numbers as a subquery to join every row of `table` with, from moment, to moment):
    one pass over the reports gives every stage's rows (the rebuild and the edges of a period)."""
    numbers = union_all(*[select(literal(i).label("stage")) for i in range(len(STAGES))]).subquery("stage_numbers")
    start, end = (case({i: table.c[STAGE_MOMENTS[pair[side]]] for i, pair in enumerate(STAGES)}, value=numbers.c.stage)
                  for side in (0, 1))
    return numbers, start, end


def counted(start, end) -> ColumnElement[bool]:
    """A report counts in a stage when it reached both moments, the later one not before the earlier."""
    return and_(start.is_not(None), end >= start)


def _tiered(value, part: int) -> ColumnElement[int]:
    """low + (value - low) // w * w with the tier's bucket (part 1) or block (part 2) width w."""
    whens = [(value >= tier[0], tier[0] + (value - tier[0]) // tier[part] * tier[part]) for tier in reversed(TIERS[1:])]
    return case(*whens, else_=TIERS[0][0] + (value - TIERS[0][0]) // TIERS[0][part] * TIERS[0][part])


def bucket_sql(start, end, dialect: str) -> ColumnElement[int]:
    """`bucket_of(whole_seconds(start, end))` in SQL (integer division of non-negative integers)."""
    return seconds_bucket_sql(whole_seconds_sql(start, end, dialect))


def seconds_bucket_sql(seconds) -> ColumnElement[int]:
    """`bucket_of(seconds)` in SQL: over a column of whole seconds computed once per row (the CASE
    repeats its operand in every branch)."""
    return _tiered(seconds, 1)


def block_sql(bucket) -> ColumnElement[int]:
    """`block_of(bucket)` in SQL."""
    return _tiered(bucket, 2)


# --- the median of a histogram -----------------------------------------------------------------

def middle_ranks(total: int) -> list[int]:
    """The 1-based rank(s) of the middle duration(s) of `total` (two for an even count)."""
    return sorted({(total + 1) // 2, total // 2 + 1})


def locate(counts: dict[int, int], rank: int) -> tuple[int, int]:
    """(key, number counted below it) of the key whose cumulative count reaches `rank`."""
    seen = 0
    for key in sorted(counts):
        if seen + counts[key] >= rank:
            return key, seen
        seen += counts[key]
    raise ValueError("rank beyond the histogram")


def bucket_middle(bucket: int) -> float:
    return bucket + bucket_width(bucket) / 2


def largest_error_seconds(middle: list[float]) -> float:
    """How far the median read from the buckets may lie from the exact median whose middle
    duration(s) are `middle` (seconds): half the width of their buckets, plus the whole seconds."""
    return max(bucket_width(bucket_of(max(0, math.floor(v)))) for v in middle) / 2 + 1
