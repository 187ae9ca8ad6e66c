"""Queries of the Timeline page: reports per local period, the hour x weekday heat map and the
ordered events of one report or incident. Every query applies the principal's report scope."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Category, Incident, Report, ReportEvent
from data_access.scoping import event_scope, incident_scope, report_scope
from data_access.rollups import hour_counts, period_counts
from data_access.time_buckets import LOCAL_TZ, TEXT_FORMAT, Bucket, truncate_local

STACKS = ("categorie", "urgentie", "kanaal")
REFERENCE = re.compile(r"^\s*HNM-?(\d{1,10})\s*$", re.IGNORECASE)
INCIDENT_REFERENCE = re.compile(r"^\s*(?:INC|incident)[- ]?(\d{1,10})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ReportFilters:
    """A period (UTC, start inclusive, end exclusive) and further SQL conditions on Report."""
    start: datetime
    end: datetime
    conditions: tuple = ()
    errors: tuple[str, ...] = field(default=())

    @property
    def first_local_day(self) -> date:
        return self.start.astimezone(LOCAL_TZ).date()

    @property
    def last_local_day(self) -> date:
        return (self.end - timedelta(microseconds=1)).astimezone(LOCAL_TZ).date()


def filter_conditions(filters: ReportFilters, time_column=Report.received_at) -> list:
    """The filters as SQL conditions on reports (the period on `time_column`; None: no period)."""
    period = [] if time_column is None else [time_column >= filters.start, time_column < filters.end]
    return period + list(filters.conditions)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def counts_over_time(session: Session, principal: Principal, filters: ReportFilters,
                     bucket: Bucket, stack: str) -> list[tuple[str, str, int]]:
    """(local bucket start text, stack key, count); the key is the main category name, "ja"/"nee"
    (urgent or not) or the channel code. Whole local days come from the roll-up table."""
    key = {"categorie": "main_category_id", "urgentie": "urgent", "kanaal": "channel"}[stack]
    sums = period_counts(session, [report_scope(principal), *filters.conditions], filters.start, filters.end,
                         (key,), lambda moment: truncate_local(moment, bucket).strftime(TEXT_FORMAT),
                         months=bucket == "month", days=bucket != "hour")
    names = _category_names(session) if stack == "categorie" else {}
    label = {"categorie": lambda k: names.get(k, "Onbekend"),
             "urgentie": lambda k: "ja" if k else "nee",
             "kanaal": str}[stack]
    return sorted((p, label(k), n) for (p, k), (n,) in sums.items() if n)


def _category_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Category.id, Category.name).where(Category.parent_id.is_(None))).all())


def hour_weekday_counts(session: Session, principal: Principal,
                        filters: ReportFilters) -> dict[tuple[int, int], int]:
    """{(weekday 0=Monday, local hour): count}."""
    sums: dict[tuple[int, int], int] = {}
    for local, n in hour_counts(session, [report_scope(principal), *filters.conditions],
                                filters.start, filters.end).items():
        if n:
            key = (local.weekday(), local.hour)
            sums[key] = sums.get(key, 0) + n
    return sums


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    reference: str
    kind: str
    from_value: str | None
    to_value: str | None
    actor: str
    detail: str


def find_report_id(session: Session, principal: Principal, reference: str) -> int | None:
    match = REFERENCE.match(reference or "")
    if not match:
        return None
    return session.scalar(select(Report.id).where(Report.id == int(match.group(1)), report_scope(principal)))


def find_incident_id(session: Session, principal: Principal, reference: str) -> int | None:
    match = INCIDENT_REFERENCE.match(reference or "")
    if not match:
        return None
    return session.scalar(select(Incident.id).where(Incident.id == int(match.group(1)),
                                                    incident_scope(principal)))


def timeline_events(session: Session, principal: Principal, *, report_id: int | None = None,
                    incident_id: int | None = None) -> list[TimelineEvent]:
    """The events of one report, or of every report of one incident the principal may see, in order."""
    query = (select(ReportEvent.at, Report.reference, ReportEvent.kind, ReportEvent.from_value,
                    ReportEvent.to_value, ReportEvent.actor_label, ReportEvent.detail)
             .join(Report, Report.id == ReportEvent.report_id)
             .where(report_scope(principal), event_scope(principal)))
    if report_id is not None:
        query = query.where(Report.id == report_id)
    elif incident_id is not None:
        query = query.where(Report.incident_id == incident_id)
    else:
        return []
    rows = session.execute(query.order_by(ReportEvent.at, ReportEvent.id)).all()
    return [TimelineEvent(*row) for row in rows]


def recent_references(session: Session, principal: Principal, limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, reference, main category name) of the latest reports in scope, for the picker."""
    rows = session.execute(select(Report.id, Report.reference, Category.name)
                           .join(Category, Category.id == Report.main_category_id)
                           .where(report_scope(principal)).order_by(Report.received_at.desc())
                           .limit(limit)).all()
    return [tuple(r) for r in rows]
