"""Management trends in SQL: KPIs per week/month/quarter (Europe/Amsterdam calendar), compared with
the previous period and the same period a year earlier, per organisation or buurt. No personal
data: only counts, shares and averages; every query applies report_scope (a gemeente manager never
counts police-only reports).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.feedback_queries import feedback_figures
from data_access.history import newest_report_at
from data_access.models import Area, Category, Organisation, Report, Team
from data_access.rollups import local_midnight, period_counts  # noqa: F401  (local_midnight: for callers)
from data_access.scoping import report_scope
from data_access.vocabulary import LOCAL_TZ

PERIODS = {"week": "Week", "month": "Maand", "quarter": "Kwartaal"}
TREND_GROUPS = {"organisatie": "Organisatie", "buurt": "Buurt"}
SERIES_LENGTH = 12


@dataclass(frozen=True)
class Period:
    kind: str
    start: date           # local calendar date, inclusive
    end: date             # exclusive
    until: datetime | None = None    # a period still running (or its like part): counted up to here

    @property
    def utc_range(self) -> tuple[datetime, datetime]:
        end = local_midnight(self.end)
        return local_midnight(self.start), end if self.until is None else min(end, self.until)

    @property
    def partial(self) -> bool:
        return self.until is not None and self.until < local_midnight(self.end)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: date) -> Period:
    if kind not in PERIODS:
        raise ValueError(f"unknown period {kind!r}")
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    months = 3 if kind == "quarter" else 1
    start = date(day.year, ((day.month - 1) // months) * months + 1, 1)
    return Period(kind, start, _add_months(start, months))


def previous(period: Period) -> Period:
    return period_containing(period.kind, period.start - timedelta(days=1))


def year_earlier(period: Period) -> Period:
    if period.kind == "week":     # the same ISO week number: 52 weeks back
        return period_containing("week", period.start - timedelta(weeks=52))
    return period_containing(period.kind, period.start.replace(year=period.start.year - 1))


@dataclass
class TrendKpis:
    reports: int = 0
    urgent: int = 0
    on_time: int = 0          # closed within the afhandeltermijn (closed_at <= due_at)
    channels: dict[str, int] = field(default_factory=dict)
    wanting_feedback: int = 0
    avg_hours_first: float | None = None
    with_first: int = 0       # reports with a first message: the weight of avg_hours_first
    answers: int = 0
    satisfied: int = 0
    closed: int = 0           # of these reports, closed now (no closed report: "op tijd" is unknown, "-")

    def __add__(self, other: TrendKpis) -> TrendKpis:
        weight = self.with_first + other.with_first
        average = None if not weight else ((self.avg_hours_first or 0) * self.with_first
                                           + (other.avg_hours_first or 0) * other.with_first) / weight
        channels = {c: self.channels.get(c, 0) + other.channels.get(c, 0)
                    for c in set(self.channels) | set(other.channels)}
        return TrendKpis(self.reports + other.reports, self.urgent + other.urgent, self.on_time + other.on_time,
                         channels, self.wanting_feedback + other.wanting_feedback, average, weight,
                         self.answers + other.answers, self.satisfied + other.satisfied,
                         self.closed + other.closed)

    @property
    def urgent_share(self) -> float | None:
        return self.urgent / self.reports if self.reports else None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.reports if self.reports and self.closed else None

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.answers if self.answers else None


_GROUP_KEYS = {None: (), "organisatie": ("organisation_id",), "buurt": ("buurt_code",)}


def _labeller(session: Session, group: str | None):
    """The label of a group key: the organisation's name, the buurt's name (or code, or 'Onbekend')."""
    if group is None:
        return lambda _: "Totaal"
    if group == "organisatie":
        names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
        return lambda key: names.get(key, "Onbekend")
    if group == "buurt":
        names = dict(session.execute(select(Area.code, Area.name)).all())
        return lambda key: names.get(key) or key or "Onbekend"
    raise ValueError(f"unknown group {group!r}")


def _period_counts(session: Session, principal: Principal, first: Period, last: Period, group: str | None,
                   keys: tuple[str, ...], bucket_of, measures=("received",)) -> dict:
    """Scoped report counts received from the start of `first` to the end of `last` (whole local
    days: read from the roll-up only), keyed by (bucket, group label, *keys)."""
    label = _labeller(session, group)
    group_keys = _GROUP_KEYS[group]
    counts = period_counts(session, [report_scope(principal)], first.utc_range[0], last.utc_range[1],
                           group_keys + keys, bucket_of, measures, months=first.kind != "week")
    result: dict = {}
    for (bucket, *values), numbers in counts.items():
        name = label(values[0] if group_keys else None)
        cell = result.setdefault((bucket, name, *values[len(group_keys):]), [0] * len(measures))
        for i, n in enumerate(numbers):
            cell[i] += n
    return result


def trend_kpis(session: Session, principal: Principal, period: Period, now: datetime,
               group: str | None = None) -> dict[str, TrendKpis]:
    """KPIs of one period per group label (or {'Totaal': ...})."""
    result: dict[str, TrendKpis] = {}
    counts = _period_counts(session, principal, period, period, group, ("channel", "urgent"), lambda _: None,
                            ("received", "on_time", "closed"))
    for (_, name, channel, urgent), (reports, on_time, closed) in counts.items():
        if not reports:
            continue
        kpis = result.setdefault(name, TrendKpis())
        kpis.reports, kpis.on_time, kpis.closed = kpis.reports + reports, kpis.on_time + on_time, kpis.closed + closed
        kpis.urgent += reports if urgent else 0
        kpis.channels[channel] = kpis.channels.get(channel, 0) + reports
    start, end = period.utc_range
    for figures in feedback_figures(session, principal, start, end, now, group):
        kpis = result.setdefault(figures.label, TrendKpis())
        kpis.wanting_feedback, kpis.avg_hours_first = figures.wanting, figures.avg_hours_first
        kpis.with_first = figures.with_first
        kpis.answers, kpis.satisfied = figures.answers, figures.satisfied
    return result


@dataclass(frozen=True)
class Comparison:
    current: Period
    previous: Period
    year_earlier: Period
    figures: dict[str, tuple[TrendKpis, TrendKpis, TrendKpis]]   # label -> (now, previous, year)


def compare(session: Session, principal: Principal, kind: str, day: date, now: datetime,
            group: str | None = None) -> Comparison:
    """The period holding `day` against the previous one and a year earlier. A period still running
    is compared like with like: the others count only the same stretch from their start (the first
    6 days and 14 hours of last month, not all of it)."""
    current = period_containing(kind, day)
    periods = (current, previous(current), year_earlier(current))
    start, end = current.utc_range
    if start <= now < end:
        elapsed = now - start
        periods = tuple(replace(p, until=p.utc_range[0] + elapsed) for p in periods)
    per_period = [trend_kpis(session, principal, p, now, group) for p in periods]
    labels = sorted(set().union(*per_period), key=lambda name: -per_period[0].get(name, TrendKpis()).reports)
    return Comparison(*periods, {name: tuple(kpis.get(name, TrendKpis()) for kpis in per_period)
                                 for name in labels})


def totals(comparison: Comparison) -> tuple[TrendKpis, TrendKpis, TrendKpis]:
    """The 'Totaal' of a grouped comparison, summed from its groups (no second set of queries)."""
    summed = [TrendKpis(), TrendKpis(), TrendKpis()]
    for figures in comparison.figures.values():
        summed = [total + part for total, part in zip(summed, figures)]
    return tuple(summed)


def period_with_data(session: Session, principal: Principal, today: date, weeks: int = 8) -> tuple[date, date]:
    """The `weeks` up to the newest report the principal may count (up to today without any): the
    evaluation report's first choice, so it never opens on an empty period."""
    newest = newest_report_at(session, principal)
    last = min(today, newest.astimezone(LOCAL_TZ).date()) if newest else today
    return last - timedelta(weeks=weeks) + timedelta(days=1), last


def series_by_group(session: Session, principal: Principal, kind: str, day: date,
                    group: str = "buurt") -> tuple[list[Period], dict[str, list[int]]]:
    """Reports per period for the last SERIES_LENGTH periods up to the one containing `day`."""
    periods = [period_containing(kind, day)]
    while len(periods) < SERIES_LENGTH:
        periods.insert(0, previous(periods[0]))
    starts = [p.start for p in periods]
    counts = _period_counts(session, principal, periods[0], periods[-1], group, (),
                            lambda moment: bisect_right(starts, moment.date()) - 1)
    series: dict[str, list[int]] = {}
    for (position, name), (count,) in counts.items():
        if count:
            series.setdefault(name, [0] * len(periods))[position] += count
    return periods, dict(sorted(series.items(), key=lambda item: -sum(item[1])))


def report_list_query(principal: Principal, start: datetime, end: datetime):
    """Scoped report rows of a period for exports: no text, no location, no contact details."""
    main = Category.__table__.alias("main_category")
    return (select(Report.reference, Report.received_at, Report.channel, main.c.name.label("main_category"),
                   Category.name.label("category"), Report.urgent,
                   func.coalesce(Area.name, Report.buurt_code, "Onbekend").label("buurt"),
                   Organisation.name.label("organisation"), func.coalesce(Team.name, "").label("team"),
                   Report.status, Report.due_at, Report.closed_at)
            .join(Category, Category.id == Report.category_id)
            .join(main, main.c.id == Report.main_category_id)
            .join(Organisation, Organisation.id == Report.organisation_id)
            .outerjoin(Team, Team.id == Report.team_id)
            .outerjoin(Area, Area.code == Report.buurt_code)
            .where(report_scope(principal), Report.received_at >= start, Report.received_at < end)
            .order_by(Report.received_at, Report.id))
