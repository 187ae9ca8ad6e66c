"""What the report panel shows around one report: timeline, related reports, incident, feedback,
and the teams, people, incidents and organisations a report can be given to. Scoped by the Principal."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import HANDLING_ROLES, Principal
from data_access.models import (
    Area, Category, CategorySharing, FeedbackMessage, Incident, Organisation, Report, ReportEvent, ReportPhoto, Team,
    User, UserRole,
)
from data_access.scoping import event_scope, incident_scope, report_scope

NEARBY_METRES = 250
METRES_PER_DEG_LAT = 111_320


def timeline(session: Session, principal: Principal, report: Report) -> list[ReportEvent]:
    """The events of a report the caller already holds in scope that the principal may read."""
    return list(session.scalars(select(ReportEvent).where(ReportEvent.report_id == report.id,
                                                          event_scope(principal))
                                .order_by(ReportEvent.at, ReportEvent.id)))


def related_reports(session: Session, principal: Principal, report: Report, days: int = 3,
                    limit: int = 8, metres: int = NEARBY_METRES) -> list[tuple[Report, int]]:
    """(report, distance in metres) of the reports the principal may see within `metres` of this one
    and `days` before or after it, nearest first. A report without a location has none."""
    if report.lat is None or report.lon is None:
        return []
    per_lon = METRES_PER_DEG_LAT * math.cos(math.radians(report.lat))
    dlat, dlon = metres / METRES_PER_DEG_LAT, metres / per_lon
    north, east = (Report.lat - report.lat) * METRES_PER_DEG_LAT, (Report.lon - report.lon) * per_lon
    squared = north * north + east * east          # a flat earth is exact enough at 250 m
    window = timedelta(days=days)
    rows = session.execute(select(Report, squared).where(
        report_scope(principal), Report.id != report.id,
        Report.lat.between(report.lat - dlat, report.lat + dlat),
        Report.lon.between(report.lon - dlon, report.lon + dlon), squared <= metres * metres,
        Report.received_at.between(report.received_at - window, report.received_at + window))
        .order_by(squared, Report.received_at.desc()).limit(limit)).all()
    return [(row, round(math.sqrt(distance))) for row, distance in rows]


def category_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Category.slug, Category.name)).all())


def area_name(session: Session, code: str | None) -> str | None:
    return session.scalar(select(Area.name).where(Area.code == code)) if code else None


def incident_of(session: Session, principal: Principal, report: Report) -> Incident | None:
    if report.incident_id is None:
        return None
    return session.scalar(select(Incident).where(Incident.id == report.incident_id,
                                                 incident_scope(principal)))


def feedback_messages(session: Session, report: Report) -> list[FeedbackMessage]:
    return list(session.scalars(select(FeedbackMessage).where(FeedbackMessage.report_id == report.id)
                                .order_by(FeedbackMessage.created_at)))


def photo_ids(session: Session, report: Report) -> list[int]:
    """Ids of the resident's photos (the caller shows them only to the handling organisation)."""
    return list(session.scalars(select(ReportPhoto.id).where(ReportPhoto.report_id == report.id)
                                .order_by(ReportPhoto.id)))


def sub_categories(session: Session, handled_by: int | None = None) -> list[Category]:
    """Active sub categories; with `handled_by` (an organisation id) those its sharing rules let it handle."""
    query = select(Category).where(Category.parent_id.is_not(None), Category.active.is_(True))
    if handled_by is not None:
        query = query.where(Category.id.in_(select(CategorySharing.category_id).where(
            CategorySharing.organisation_id == handled_by, CategorySharing.handles.is_(True))))
    return list(session.scalars(query.order_by(Category.name)))


def handover_targets(session: Session, report: Report) -> list[Organisation]:
    """The organisations the region's sharing rules let handle this report's category, except the
    one that has it now (by name)."""
    handles = select(CategorySharing.organisation_id).where(CategorySharing.category_id == report.category_id,
                                                            CategorySharing.handles.is_(True))
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(handles),
                                                           Organisation.id != report.organisation_id)
                                .order_by(Organisation.name)))


def assignable_teams(session: Session, principal: Principal) -> list[Team]:
    return list(session.scalars(select(Team).where(Team.organisation_id == principal.organisation_id)
                                .order_by(Team.name)))


def assignable_users(session: Session, principal: Principal) -> list[User]:
    handlers = select(UserRole.user_id).where(UserRole.role.in_(sorted(HANDLING_ROLES)))
    return list(session.scalars(select(User).where(
        User.organisation_id == principal.organisation_id, User.active.is_(True),
        User.id.in_(handlers)).order_by(User.display_name)))


def open_incidents(session: Session, principal: Principal, now: datetime, days: int = 14,
                   limit: int = 50) -> list[Incident]:
    """Open incidents the principal may see, newest first: what a report can be linked to."""
    return list(session.scalars(select(Incident).where(
        incident_scope(principal), Incident.status == "open",
        Incident.created_at >= now - timedelta(days=days))
        .order_by(Incident.created_at.desc()).limit(limit)))
