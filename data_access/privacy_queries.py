"""The privacy officer's finders (services/privacy): one resident's reports under
`privacy_request_scope`, never a list beyond the request, and what hangs off one report."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import FeedPost, Report, ReportEvent, ReporterContact, ReportPhoto
from data_access.scoping import privacy_request_scope


def _phone_digits(column) -> ColumnElement[str]:
    """The column without the usual separators (SQL, the same on SQLite and PostgreSQL)."""
    for char in (" ", "-", "+", "(", ")", "."):
        column = func.replace(column, char, "")
    return column


def report_by_reference(session: Session, principal: Principal | None, reference: str) -> Report | None:
    return session.scalar(select(Report).where(Report.reference == reference, privacy_request_scope(principal)))


def report_ids_by_contact(session: Session, principal: Principal | None, emails: set[str],
                          phone_suffixes: set[str]) -> set[int]:
    """Reports whose reporter gave one of these e-mail addresses (lower case) or a phone number
    ending in one of these digit strings."""
    matches = [func.lower(ReporterContact.email).in_(sorted(emails))] if emails else []
    matches += [_phone_digits(ReporterContact.phone).like(f"%{digits}") for digits in sorted(phone_suffixes)]
    if not matches:
        return set()
    return set(session.scalars(select(ReporterContact.report_id).join(Report, Report.id == ReporterContact.report_id)
                               .where(privacy_request_scope(principal), or_(*matches))))


def reports_by_ids(session: Session, principal: Principal | None, ids: set[int]) -> list[Report]:
    return list(session.scalars(select(Report).where(Report.id.in_(sorted(ids)), privacy_request_scope(principal))
                                .order_by(Report.received_at, Report.id)))


# what hangs off a report found above (the caller found the report in scope)
def photos_of(session: Session, report_id: int) -> list[ReportPhoto]:
    return list(session.scalars(select(ReportPhoto).where(ReportPhoto.report_id == report_id).order_by(ReportPhoto.id)))


def events_of(session: Session, report_id: int) -> list[ReportEvent]:
    return list(session.scalars(select(ReportEvent).where(ReportEvent.report_id == report_id)
                                .order_by(ReportEvent.at, ReportEvent.id)))


def feed_posts_of(session: Session, report_id: int) -> list[FeedPost]:
    return list(session.scalars(select(FeedPost).where(FeedPost.report_id == report_id)))


def first_report_of_incident(session: Session, incident_id: int) -> int | None:
    return session.scalar(select(Report.id).where(Report.incident_id == incident_id)
                          .order_by(Report.received_at, Report.id).limit(1))


def incident_events_quoting(session: Session, title: str) -> list[ReportEvent]:
    """Timeline events of any report that quote an incident's title (erasure replaces it)."""
    return list(session.scalars(select(ReportEvent).where(ReportEvent.kind == "incident",
                                                          ReportEvent.detail.contains(title, autoescape=True))))


def report_labels(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    """(reference, visibility) per report id, for audit rows (the caller masks police-only ones)."""
    if not ids:
        return {}
    return {row.id: (row.reference, row.visibility) for row in session.execute(
        select(Report.id, Report.reference, Report.visibility).where(Report.id.in_(sorted(ids))))}
