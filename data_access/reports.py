"""Report finders. Every one takes the Principal and applies the security scope in SQL."""

from __future__ import annotations


from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.audit import audit
from data_access.models import Report, ReporterContact
from data_access.scoping import report_scope


def get_report(session: Session, principal: Principal, report_id: int) -> Report | None:
    return session.scalar(select(Report).where(Report.id == report_id, report_scope(principal)))


def count_reports(session: Session, principal: Principal, *conditions) -> int:
    return session.scalar(select(func.count()).select_from(Report)
                          .where(report_scope(principal), *conditions)) or 0


def reporter_contact(session: Session, principal: Principal, report: Report,
                     source: str = "") -> ReporterContact | None:
    """The reporter's contact details for the handling organisation (and one a sharing rule names)
    only; every view is audited (with `source`, the page it was asked from)."""
    if not principal.may_see_personal_data_of(report.organisation_id, report.category_id):
        return None
    contact = session.scalar(select(ReporterContact).where(ReporterContact.report_id == report.id))
    if contact is not None:
        audit(session, principal, "view_contact", "report", report.id, source=source)
    return contact
