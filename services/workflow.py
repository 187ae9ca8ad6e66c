"""Report status workflow: Signalen's Dutch statuses, the allowed transitions, SLA and conflicts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth.principal import Principal
from data_access.models import Category, Report, ReportEvent, utcnow
from data_access.scoping import strictest
from data_access.stage_times import note_status
from data_access.reports import get_report
from data_access.vocabulary import CLOSED_STATUSES, STATUS_LABELS, TRANSITIONS

URGENT_HANDLING = timedelta(hours=1)


class WorkflowError(ValueError):
    """A change the workflow refuses; the message is Dutch and meant for the user."""


class ConflictError(WorkflowError):
    """Someone else changed the report since the user loaded it."""


def open311_status(status: str) -> str:
    return "closed" if status in CLOSED_STATUSES else "open"


def allowed_transitions(status: str) -> list[str]:
    return sorted(TRANSITIONS.get(status, ()), key=list(STATUS_LABELS).index)


def due_at_for(category: Category, received_at: datetime, urgent: bool) -> datetime:
    """The afhandeltermijn: urgent within the hour, else the category's hours or (working) days."""
    if urgent:
        return received_at + URGENT_HANDLING
    if category.handling_hours:
        return received_at + timedelta(hours=category.handling_hours)
    days = category.handling_days or 5
    if category.calendar_days:
        return received_at + timedelta(days=days)
    due = received_at
    while days > 0:
        due += timedelta(days=1)
        if due.weekday() < 5:
            days -= 1
    return due


def editable_report(session: Session, principal: Principal, report_id: int,
                    expected_version: int) -> Report:
    """Load a report the principal may change, refusing stale versions (optimistic locking)."""
    report = get_report(session, principal, report_id)
    if report is None:
        raise WorkflowError("Melding niet gevonden of geen toegang.")
    if not principal.handles_reports or report.organisation_id != principal.organisation_id:
        raise WorkflowError("Alleen de behandelende organisatie kan deze melding wijzigen.")
    if report.version != expected_version:
        raise ConflictError("Deze melding is intussen door iemand anders gewijzigd. "
                            "Laad de melding opnieuw; er is niets overschreven.")
    return report


def event_values(principal: Principal | None, kind: str, from_value=None, to_value=None,
                 detail: str = "", at: datetime | None = None, *, visibility: str) -> dict:
    """A timeline event's columns (without its report): for `record` and for intake's bulk INSERT.
    `visibility` is the strictest of the report's and of whatever else the event quotes."""
    return {"at": at or utcnow(), "kind": kind, "detail": detail, "visibility": visibility,
            "from_value": None if from_value is None else str(from_value),
            "to_value": None if to_value is None else str(to_value),
            "actor_id": principal.user_id if principal else None,
            "actor_label": principal.display_name if principal else "systeem"}


def record(session: Session, report: Report, principal: Principal | None, kind: str,
           from_value=None, to_value=None, detail: str = "", at: datetime | None = None,
           quoting: str | None = None) -> ReportEvent:
    """Add an event to the report's timeline and mark the report changed for live views.

    The event is as visible as its report, or less: `quoting` is the visibility of another record
    whose text or existence the event reveals (an incident), and the stricter of the two wins."""
    visibility = strictest(report.visibility, quoting or report.visibility)
    event = ReportEvent(report=report, **event_values(principal, kind, from_value, to_value, detail, at,
                                                      visibility=visibility))
    session.add(event)
    report.updated_at = event.at
    return event


def change_status(session: Session, principal: Principal, report_id: int, expected_version: int,
                  new_status: str, note: str = "", at: datetime | None = None) -> Report:
    report = editable_report(session, principal, report_id, expected_version)
    if new_status not in STATUS_LABELS:
        raise WorkflowError(f"Onbekende status: {new_status!r}.")
    if new_status not in TRANSITIONS[report.status]:
        raise WorkflowError(f"Van '{STATUS_LABELS[report.status]}' naar "
                            f"'{STATUS_LABELS[new_status]}' is geen toegestane statuswijziging.")
    at = at or utcnow()
    record(session, report, principal, "status", report.status, new_status, note, at=at)
    report.status = new_status
    report.closed_at = at if new_status in CLOSED_STATUSES else None
    note_status(report, new_status, at)
    flush_or_conflict(session)
    return report


def flush_or_conflict(session: Session) -> None:
    """Write now; a concurrent writer that got there first turns into a ConflictError."""
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise ConflictError("Deze melding is intussen door iemand anders gewijzigd. "
                            "Laad de melding opnieuw; er is niets overschreven.") from None
