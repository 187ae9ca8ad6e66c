"""Queries of the Workload page: open reports, lateness, inflow/outflow, backlog, age, lead time
per stage and hand-overs per organisation, team or person, and the report lists behind each number.

Lateness follows Signalen: relative to the afhandeltermijn (due_at - received_at) of each open
report at `now`: op tijd (not past due), te laat, and more than 3x the term ("3x te laat").
Every query applies the principal's report scope; the drill-down lists carry no contact details.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, true, union_all
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Area, Category, Organisation, Report, ReportEvent, Team, User
from data_access.scoping import report_scope
from data_access.rollups import (
    IS_OPEN, first_whole_day, indexed_by, local_midnight, on_table, period_condition, period_counts,
)
from data_access.stage_durations import (
    STAGES, block_of, bucket_middle, counted, locate, middle_ranks, report_stage_blocks, report_stage_durations,
    seconds_bucket_sql, stage_columns, stage_numbers, whole_seconds_sql,
)
from data_access.time_buckets import LOCAL_TZ, epoch_seconds, truncate_local
from data_access.timeline_queries import ReportFilters, filter_conditions

LEVELS = ("organisatie", "team", "persoon")
METRICS = ("open", "op_tijd", "te_laat", "drie_x", "instroom", "uitstroom")
AGE_CLASSES = (("< 1 dag", timedelta(0), timedelta(days=1)), ("1-3 dagen", timedelta(days=1), timedelta(days=3)),
               ("3-7 dagen", timedelta(days=3), timedelta(days=7)),
               ("7-30 dagen", timedelta(days=7), timedelta(days=30)), ("> 30 dagen", timedelta(days=30), None))
DRILL_LIMIT = 2000
_GROUP_COLUMNS = {"organisatie": (Report.organisation_id,),
                  "team": (Report.organisation_id, Report.team_id),
                  "persoon": (Report.organisation_id, Report.team_id, Report.assignee_id)}


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


_INDEX = {"instroom": "ix_reports_analytics_cover", "uitstroom": "ix_reports_closed_work"}


def _hinted(query, metric: str):
    """SQLite's planner (even after ANALYZE) walks the received_at or due_at index over almost the whole
    table for these metrics; name the index that reads only the rows that count (ignored elsewhere)."""
    return indexed_by(query, _INDEX.get(metric, "ix_reports_open_work"))


def open_condition(metric: str, now: datetime):
    """What decides, among the open reports, whether one counts for an open-work metric (op_tijd,
    te_laat, drie_x, leeftijd:...; past_due: te_laat or drie_x); true() for 'open'."""
    past_due = Report.due_at < now          # false for a report without a due time
    # age > 3 x term  <=>  due + 2 (due - received) < now: late3x_at, stored and in the open index
    three_x = and_(past_due, Report.late3x_at < now)
    if metric == "open":
        return true()
    if metric == "op_tijd":
        return or_(Report.due_at.is_(None), Report.due_at >= now)
    if metric == "past_due":
        return past_due
    if metric == "te_laat":
        return and_(past_due, ~three_x)
    if metric == "drie_x":
        return three_x
    if metric.startswith("leeftijd:"):
        low, high = _age_bounds(metric.removeprefix("leeftijd:"))
        return and_(Report.received_at <= now - low, *([Report.received_at > now - high] if high else []))
    raise ValueError(f"unknown metric {metric!r}")


def metric_condition(metric: str, filters: ReportFilters, now: datetime):
    """The SQL condition that decides whether a report counts for `metric` (group table and drill-down
    use the same one, so a number and its list always agree)."""
    if metric == "instroom":
        return and_(*filter_conditions(filters))
    if metric == "uitstroom":     # closed_at is set exactly while a report is closed
        return and_(*filter_conditions(filters, Report.closed_at))
    return and_(IS_OPEN, open_condition(metric, now), *filter_conditions(filters, None))


def _age_bounds(label: str) -> tuple[timedelta, timedelta | None]:
    for name, low, high in AGE_CLASSES:
        if name == label:
            return low, high
    raise ValueError(f"unknown age class {label!r}")


def group_condition(level: str, key: str):
    """Reports of one group; `key` is 'org:team:person' ids with '-' for none (from `group_key`)."""
    columns = _GROUP_COLUMNS[level]
    parts = key.split(":")
    if len(parts) != len(columns):
        raise ValueError("bad group key")
    return and_(*[column.is_(None) if part == "-" else column == int(part)
                  for column, part in zip(columns, parts)])


def group_key(values) -> str:
    return ":".join("-" if v is None else str(v) for v in values)


@dataclass
class GroupRow:
    key: str
    organisation: str
    team: str
    person: str
    counts: dict[str, int]
    oldest_open: datetime | None
    ages: dict[str, int] = field(default_factory=dict)     # open reports per age class
    open_before_end: int = 0                                # open reports received before the period's end
    flows: dict[datetime, list[int]] = field(default_factory=dict)   # local day -> [inflow, outflow]


def workload_groups(session: Session, principal: Principal, filters: ReportFilters, now: datetime,
                    level: str) -> list[GroupRow]:
    """Per organisation, team or person: every metric of METRICS and the oldest open report."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    columns = _GROUP_COLUMNS[level]
    # One pass over the open reports (the WHERE clause holds IS_OPEN and the filters) with as few
    # per-row terms as the figures allow, since each costs a comparison per open report: past due
    # and 3x late, and the age class limits as "received at or before"; op tijd, te laat and the age
    # classes are differences of those. The open reports received before the period's end anchor
    # the backlog trend (`daily_flow`).
    limits = [now] + [now - low for _, low, _ in AGE_CLASSES[1:]]
    current = select(*columns, func.count(), func.count().filter(open_condition("past_due", now)),
                     func.count().filter(open_condition("drie_x", now)),
                     func.count().filter(Report.received_at < filters.end),
                     *[func.count().filter(Report.received_at <= limit) for limit in limits],
                     func.min(Report.received_at))
    current = indexed_by(current.where(report_scope(principal), IS_OPEN, *filter_conditions(filters, None))
                         .group_by(*columns), "ix_reports_open_groups")     # in group order: no sort
    rows: dict[str, GroupRow] = {}
    names = _names(session)
    for row in session.execute(current):
        ids = row[:len(columns)]
        total, past_due, three_x, before_end, *received_by = row[len(columns):-1]
        key = group_key(ids)
        rows[key] = _group_row(key, ids, names)
        rows[key].open_before_end = before_end
        rows[key].counts.update(open=total, op_tijd=total - past_due, te_laat=past_due - three_x, drie_x=three_x)
        rows[key].ages = {name: received_by[i] - (received_by[i + 1] if i + 1 < len(received_by) else 0)
                          for i, (name, _, _) in enumerate(AGE_CLASSES)}
        rows[key].oldest_open = row[-1]
    # Inflow and outflow per group and local day in one go: the group table sums the days, the
    # daily flow (`daily_flow`) the groups.
    conditions = [report_scope(principal), *filter_conditions(filters, None)]
    keys = tuple(column.key for column in columns)
    counts = period_counts(session, conditions, filters.start, filters.end, keys,
                           lambda moment: truncate_local(moment, "day"), ("received", "outflow"))
    for (day, *ids), flows in counts.items():
        if any(flows):
            key = group_key(ids)
            row = rows.setdefault(key, _group_row(key, ids, names))
            row.flows[day] = flows
            row.counts["instroom"] += flows[0]
            row.counts["uitstroom"] += flows[1]
    return sorted(rows.values(), key=lambda r: (-r.counts["open"], r.organisation, r.team, r.person))


def _group_row(key: str, ids, names) -> GroupRow:
    org, team, person = (list(ids) + [None, None])[:3]
    return GroupRow(key, names["org"].get(org, "Onbekend"),
                    names["team"].get(team, "Geen team") if len(ids) > 1 else "",
                    names["user"].get(person, "Niet toegewezen") if len(ids) > 2 else "",
                    dict.fromkeys(METRICS, 0), None)


def _names(session: Session) -> dict[str, dict]:
    return {"org": dict(session.execute(select(Organisation.id, Organisation.name)).all()),
            "team": dict(session.execute(select(Team.id, Team.name)).all()),
            "user": dict(session.execute(select(User.id, User.display_name)).all())}


def totals(rows: list[GroupRow]) -> dict[str, int]:
    return {m: sum(r.counts[m] for r in rows) for m in METRICS}


def daily_flow(session: Session, principal: Principal, filters: ReportFilters,
               groups: list[GroupRow]) -> list[tuple[datetime, int, int, int]]:
    """(local day, inflow, outflow, backlog at the end of the day) for every day of the period,
    from `groups`, the workload_groups of the same filters (their flows per day).

    The backlog counts reports received before the moment and not closed before it (closed_at is
    the last closing; a reopened report counts as open until it is closed again). It is anchored at
    the period's end and walked back day by day with the flows."""
    flows: dict[datetime, list[int]] = {}
    for group in groups:
        for day, (inflow, outflow) in group.flows.items():
            cell = flows.setdefault(day, [0, 0])
            cell[0] += inflow
            cell[1] += outflow
    conditions = [report_scope(principal), *filter_conditions(filters, None)]
    backlog = _backlog_at_end(session, conditions, filters, groups)
    result, day = [], datetime.combine(filters.last_local_day, datetime.min.time())
    while day.date() >= filters.first_local_day:
        inflow, outflow = flows.get(day, (0, 0))
        result.append((day, inflow, outflow, backlog))
        backlog -= inflow - outflow
        day -= timedelta(days=1)
    return result[::-1]


def _backlog_at_end(session: Session, conditions, filters: ReportFilters, groups: list[GroupRow]) -> int:
    """Reports received before the period's end and not closed before it: the open ones received
    before the end (from the groups' pass over the open reports), plus those closed since the end
    (outflow from the end on) that were received before it (minus the closed ones among those
    received since the end). For a period ending now the last two are a few rows at most."""
    counts = period_counts(session, conditions, filters.end, None, (), lambda _: None, ("outflow", "closed"),
                           months=True)
    outflow_since, closed_since = (sum(cell[i] for cell in counts.values()) for i in range(2))
    return sum(g.open_before_end for g in groups) + outflow_since - closed_since


def age_distribution(session: Session, principal: Principal, filters: ReportFilters,
                     now: datetime) -> list[tuple[str, int]]:
    """Open reports per age class (age = now - received)."""
    return age_totals(workload_groups(session, principal, filters, now, "organisatie"))


def age_totals(rows: list[GroupRow]) -> list[tuple[str, int]]:
    """The age classes summed over the groups (read in the same pass over the open reports)."""
    return [(name, sum(r.ages.get(name, 0) for r in rows)) for name, _, _ in AGE_CLASSES]


def stage_medians(session: Session, principal: Principal,
                  filters: ReportFilters) -> list[tuple[str, str, float | None, int]]:
    """(from, to, median hours, number of reports) per stage, for reports received in the period
    that reached both stages (the later one not before the earlier).

    Whole local days come from the duration histograms (data_access/stage_durations.py): the block
    counts locate the block of the middle duration, then only that block's buckets are read; the
    edges of the period come from the reports' ix_reports_stage_times, in the same buckets. The
    median is the middle of the middle duration's bucket (within half a bucket of the exact one).
    A period without a whole local day, a filter, or a partner's category scope gets the exact
    median from the index (`exact_stage_medians`)."""
    conditions = [report_scope(principal), *filters.conditions]
    adapted = on_table(conditions, report_stage_blocks)
    first, last = first_whole_day(filters.start), filters.end.astimezone(LOCAL_TZ).date()
    if adapted is None or first >= last:
        return exact_stage_medians(session, principal, filters)
    edges = _edge_buckets(session, conditions, filters, first, last)
    blocks: list[dict[int, int]] = [defaultdict(int) for _ in STAGES]
    t = report_stage_blocks
    for stage, block, n in session.execute(
            select(t.c.stage, t.c.block, func.sum(t.c.n))
            .where(period_condition(first, last, True, t), *adapted).group_by(t.c.stage, t.c.block)):
        blocks[stage][block] += int(n)
    for stage, counts in enumerate(edges):
        for bucket, n in counts.items():
            blocks[stage][block_of(bucket)] += n
    # (rank, its block, durations below the block) of each middle duration, per stage
    middle = [[(rank, *locate(counts, rank)) for rank in middle_ranks(sum(counts.values()))]
              if counts else [] for counts in blocks]
    buckets = _block_buckets(session, conditions, first, last,
                             {stage: sorted({block for _, block, _ in items}) for stage, items in enumerate(middle)})
    result = []
    for stage, (first_stage, second_stage) in enumerate(STAGES):
        if not middle[stage]:
            result.append((first_stage, second_stage, None, 0))
            continue
        seconds = []
        for rank, block, below in middle[stage]:
            in_block = {bucket: n for bucket, n in buckets[stage].items() if block_of(bucket) == block}
            for bucket, n in edges[stage].items():
                if block_of(bucket) == block:
                    in_block[bucket] = in_block.get(bucket, 0) + n
            seconds.append(bucket_middle(locate(in_block, rank - below)[0]))
        result.append((first_stage, second_stage, sum(seconds) / len(seconds) / 3600.0, sum(blocks[stage].values())))
    return result


def _edge_buckets(session: Session, conditions, filters: ReportFilters, first, last) -> list[dict[int, int]]:
    """{bucket: reports} per stage of the reports received before the first and from the last
    whole local day of the period (one pass over their entries of ix_reports_stage_times)."""
    counts: list[dict[int, int]] = [defaultdict(int) for _ in STAGES]
    dialect = _dialect(session)
    for low, high in ((filters.start, local_midnight(first)), (local_midnight(last), filters.end)):
        if low >= high:
            continue
        numbers, start, end = stage_numbers()
        # the durations in a fenced subquery (OFFSET 0): each computed once, not in every CASE branch
        rows = indexed_by(select(numbers.c.stage, whole_seconds_sql(start, end, dialect).label("seconds"))
                          .select_from(Report).join(numbers, true())
                          .where(*conditions, Report.received_at >= low, Report.received_at < high, counted(start, end))
                          .offset(0), "ix_reports_stage_times").subquery()
        bucket = seconds_bucket_sql(rows.c.seconds)
        edges = select(rows.c.stage, bucket, func.count()).group_by(rows.c.stage, bucket)
        for stage, bucket, n in session.execute(edges):
            counts[stage][int(bucket)] += int(n)
    return counts


def _block_buckets(session: Session, conditions, first, last, blocks: dict[int, list[int]]) -> list[dict[int, int]]:
    """{bucket: reports} per stage of the whole days [first, last) within the given blocks."""
    t = report_stage_durations
    adapted = on_table(conditions, t)
    counts: list[dict[int, int]] = [defaultdict(int) for _ in STAGES]
    parts = [select(t.c.stage, t.c.bucket, func.sum(t.c.n))
             .where(t.c.stage == stage, t.c.block.in_(wanted), period_condition(first, last, True, t), *adapted)
             .group_by(t.c.stage, t.c.bucket) for stage, wanted in blocks.items() if wanted]
    if parts:
        for stage, bucket, n in session.execute(union_all(*parts)):
            counts[stage][bucket] += int(n)
    return counts


def exact_stage_medians(session: Session, principal: Principal,
                        filters: ReportFilters) -> list[tuple[str, str, float | None, int]]:
    """`stage_medians` computed exactly from the period's entries of ix_reports_stage_times."""
    dialect = _dialect(session)
    where = [report_scope(principal), *filter_conditions(filters)]
    durations = {}
    for (first, second), (start, end) in zip(STAGES, stage_columns()):
        durations[(first, second)] = (epoch_seconds(end, dialect) - epoch_seconds(start, dialect), counted(start, end))
    if dialect == "postgresql":     # one pass: every stage's median and count at once
        row = session.execute(select(*[column for d, included in durations.values() for column in (
            func.percentile_cont(0.5).within_group(d).filter(included), func.count().filter(included))])
            .where(*where)).one()
        return [(first, second, None if row[2 * i + 1] == 0 else float(row[2 * i]) / 3600.0, row[2 * i + 1])
                for i, (first, second) in enumerate(STAGES)]
    return [(first, second, *_median_hours(session, indexed_by(select(d.label("d")).where(*where, included),
                                                                "ix_reports_stage_times").subquery()))
            for (first, second), (d, included) in durations.items()]


def _median_hours(session: Session, durations) -> tuple[float | None, int]:
    """The median in SQL (ORDER BY ... LIMIT/OFFSET works on both dialects), in hours."""
    count = session.scalar(select(func.count()).select_from(durations)) or 0
    if count == 0:
        return None, 0
    middle = session.scalars(select(durations.c.d).order_by(durations.c.d)
                             .offset((count - 1) // 2).limit(2 - count % 2)).all()
    return float(sum(middle)) / len(middle) / 3600.0, count


def handovers(session: Session, principal: Principal, filters: ReportFilters) -> list[tuple[str, str, int]]:
    """Hand-overs (events of kind 'overdracht') in the period: (from, to, count)."""
    query = (select(ReportEvent.from_value, ReportEvent.to_value, func.count())
             .join(Report, Report.id == ReportEvent.report_id)
             .where(report_scope(principal), ReportEvent.kind == "overdracht",
                    *filter_conditions(filters, ReportEvent.at))
             .group_by(ReportEvent.from_value, ReportEvent.to_value))
    return [(a or "?", b or "?", n) for a, b, n in session.execute(query)]


def _drill_conditions(principal: Principal, filters: ReportFilters, now: datetime, metric: str,
                      level: str | None, key: str | None) -> list:
    conditions = [report_scope(principal), metric_condition(metric, filters, now)]
    if level and key:
        conditions.append(group_condition(level, key))
    return conditions


def drill_count(session: Session, principal: Principal, filters: ReportFilters, now: datetime,
                metric: str, level: str | None = None, key: str | None = None) -> int:
    """How many reports stand behind the number (a drill-down lists at most DRILL_LIMIT of them)."""
    query = select(func.count()).select_from(Report).where(
        *_drill_conditions(principal, filters, now, metric, level, key))
    return session.scalar(_hinted(query, "open" if metric.startswith("leeftijd:") else metric))


def drill_down(session: Session, principal: Principal, filters: ReportFilters, now: datetime,
               metric: str, level: str | None = None, key: str | None = None) -> list[dict]:
    """The first DRILL_LIMIT reports behind one number (oldest first): reference, received, category,
    buurt, status, due (no contact)."""
    conditions = _drill_conditions(principal, filters, now, metric, level, key)
    query = (select(Report.id, Report.reference, Report.received_at, Category.name, Area.name,
                    Report.buurt_code, Report.status, Report.due_at)
             .join(Category, Category.id == Report.main_category_id)
             .outerjoin(Area, Area.code == Report.buurt_code)
             .where(*conditions).order_by(Report.received_at).limit(DRILL_LIMIT))
    query = _hinted(query, "open" if metric.startswith("leeftijd:") else metric)
    return [{"id": i, "reference": ref, "received_at": received, "category": category,
             "buurt": area or buurt or "", "status": status, "due_at": due}
            for i, ref, received, category, area, buurt, status, due in session.execute(query)]
