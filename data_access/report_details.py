"""What the report panel shows around one report: timeline, related reports, incident, feedback,
and the teams, people and incidents a report can be given to. Scoped by the Principal."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from auth.principal import HANDLING_ROLES, Principal
from data_access.models import (
    Area, Category, FeedbackMessage, Incident, Report, ReportEvent, ReportPhoto, Team, User, UserRole,
)
from data_access.scoping import event_scope, incident_scope, report_scope

NEARBY_DEGREES = (0.003, 0.005)     # about 330 m north-south and 340 m east-west at 52° N


def timeline(session: Session, principal: Principal, report: Report) -> list[ReportEvent]:
    """The events of a report the caller already holds in scope that the principal may read."""
    return list(session.scalars(select(ReportEvent).where(ReportEvent.report_id == report.id,
                                                          event_scope(principal))
                                .order_by(ReportEvent.at, ReportEvent.id)))


def related_reports(session: Session, principal: Principal, report: Report, days: int = 3,
                    limit: int = 8) -> list[Report]:
    """Reports the principal may see from the same buurt or close by, within `days` of this one."""
    near = []
    if report.buurt_code:
        near.append(Report.buurt_code == report.buurt_code)
    if report.lat is not None and report.lon is not None:
        dlat, dlon = NEARBY_DEGREES
        near.append(and_(Report.lat.between(report.lat - dlat, report.lat + dlat),
                         Report.lon.between(report.lon - dlon, report.lon + dlon)))
    if not near:
        return []
    window = timedelta(days=days)
    return list(session.scalars(select(Report).where(
        report_scope(principal), Report.id != report.id, or_(*near),
        Report.received_at.between(report.received_at - window, report.received_at + window))
        .order_by(Report.received_at.desc()).limit(limit)))


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


def sub_categories(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).where(Category.parent_id.is_not(None),
                                                       Category.active.is_(True))
                                .order_by(Category.name)))


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
