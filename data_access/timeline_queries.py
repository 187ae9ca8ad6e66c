"""Queries of the Timeline page: reports per local period, the hour x weekday heat map and the
ordered events of one report or incident. Every query applies the principal's report scope."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Area, Category, Incident, Organisation, Report, ReportEvent
from data_access.scoping import incident_scope, report_scope
from data_access.time_buckets import LOCAL_TZ, Bucket, local_bucket, local_hour, local_weekday

STACKS = ("categorie", "urgentie", "kanaal")
DEFAULT_WINDOW = "30d"
REFERENCE = re.compile(r"^\s*HNM-?(\d{1,10})\s*$", re.IGNORECASE)
INCIDENT_REFERENCE = re.compile(r"^\s*(?:INC|incident)[- ]?(\d{1,10})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FilterChoices:
    """The allowed values (code -> Dutch label), read from the store."""
    categories: dict[str, str]
    organisations: dict[str, str]
    channels: dict[str, str]
    buurten: dict[str, str]


@dataclass(frozen=True)
class ReportFilters:
    start: datetime                       # UTC, inclusive
    end: datetime                         # UTC, exclusive
    window: str | None = DEFAULT_WINDOW
    category: str | None = None
    organisation: str | None = None
    urgent: bool | None = None
    channel: str | None = None
    buurt: str | None = None
    errors: tuple[str, ...] = field(default=())

    @property
    def first_local_day(self) -> date:
        return self.start.astimezone(LOCAL_TZ).date()

    @property
    def last_local_day(self) -> date:
        return (self.end - timedelta(microseconds=1)).astimezone(LOCAL_TZ).date()


def filter_choices(session: Session, channels: dict[str, str]) -> FilterChoices:
    categories = session.execute(select(Category.slug, Category.name).where(
        Category.parent_id.is_(None), Category.active.is_(True)).order_by(Category.name)).all()
    organisations = session.execute(select(Organisation.code, Organisation.name)
                                    .order_by(Organisation.name)).all()
    buurten = session.execute(select(Area.code, Area.name).where(Area.kind == "buurt")
                              .order_by(Area.name)).all()
    return FilterChoices(dict(categories), dict(organisations), dict(channels), dict(buurten))


def filter_conditions(filters: ReportFilters, time_column=Report.received_at) -> list:
    """The filters as SQL conditions on reports (the period on `time_column`; None: no period)."""
    conditions = [] if time_column is None else [time_column >= filters.start, time_column < filters.end]
    if filters.category:
        conditions.append(Report.main_category_id == select(Category.id).where(
            Category.slug == filters.category).scalar_subquery())
    if filters.organisation:
        conditions.append(Report.organisation_id == select(Organisation.id).where(
            Organisation.code == filters.organisation).scalar_subquery())
    if filters.urgent is not None:
        conditions.append(Report.urgent.is_(filters.urgent))
    if filters.channel:
        conditions.append(Report.channel == filters.channel)
    if filters.buurt:
        conditions.append(Report.buurt_code == filters.buurt)
    return conditions


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def counts_over_time(session: Session, principal: Principal, filters: ReportFilters,
                     bucket: Bucket, stack: str) -> list[tuple[str, str, int]]:
    """(local bucket start text, stack key, count); the key is the main category name, "spoed" /
    "geen-spoed" or the channel code."""
    period = local_bucket(Report.received_at, bucket, _dialect(session)).label("period")
    key = {"categorie": Report.main_category_id, "urgentie": Report.urgent,
           "kanaal": Report.channel}[stack].label("key")
    rows = session.execute(select(period, key, func.count()).where(
        report_scope(principal), *filter_conditions(filters)).group_by(period, key)).all()
    names = _category_names(session) if stack == "categorie" else {}
    label = {"categorie": lambda k: names.get(k, "Onbekend"),
             "urgentie": lambda k: "spoed" if k else "geen-spoed",
             "kanaal": str}[stack]
    return sorted((p, label(k), n) for p, k, n in rows)


def _category_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Category.id, Category.name).where(Category.parent_id.is_(None))).all())


def hour_weekday_counts(session: Session, principal: Principal,
                        filters: ReportFilters) -> dict[tuple[int, int], int]:
    """{(weekday 0=Monday, local hour): count}."""
    dialect = _dialect(session)
    weekday = local_weekday(Report.received_at, dialect).label("weekday")
    hour = local_hour(Report.received_at, dialect).label("hour")
    rows = session.execute(select(weekday, hour, func.count()).where(
        report_scope(principal), *filter_conditions(filters)).group_by(weekday, hour)).all()
    return {(w, h): n for w, h, n in rows}


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
             .join(Report, Report.id == ReportEvent.report_id).where(report_scope(principal)))
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
