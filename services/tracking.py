"""The resident's private tracking link: an unguessable token, stored only as a sha256 hash.

The link /volg/<token> shows one report's status and the feedback sent back; the resident may add
information and, after closing, answer the questionnaire. Revoking the token ends the link.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Report, ReporterContact
from data_access.scoping import unscoped_select
from services.workflow import WorkflowError, record

MAX_ADDITION = 1000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, report: Report) -> str:
    """A new tracking token for the report (an earlier one stops working); returns the plain token."""
    token = secrets.token_urlsafe(32)
    contact = session.scalar(select(ReporterContact).where(ReporterContact.report_id == report.id))
    if contact is None:
        contact = ReporterContact(report_id=report.id)
        session.add(contact)
    contact.tracking_token_hash = hash_token(token)
    session.flush()
    return token


def report_for_token(session: Session, token: str | None) -> Report | None:
    """The report a token belongs to; None for a missing, malformed, unknown or revoked token."""
    if not token or len(token) > 100:
        return None
    return session.scalar(unscoped_select(Report).join(ReporterContact, ReporterContact.report_id == Report.id)
                          .where(ReporterContact.tracking_token_hash == hash_token(token)))


def revoke_token(session: Session, report_id: int) -> None:
    contact = session.scalar(select(ReporterContact).where(ReporterContact.report_id == report_id))
    if contact is not None:
        contact.tracking_token_hash = None
        session.flush()


def add_information(session: Session, report: Report, text: str) -> None:
    """Append the resident's extra information to the report's timeline."""
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Schrijf eerst wat u wilt toevoegen.")
    if len(text) > MAX_ADDITION:
        raise WorkflowError(f"Uw aanvulling is te lang (maximaal {MAX_ADDITION} tekens).")
    event = record(session, report, None, "aanvulling melder", detail=text)
    event.actor_label = "melder"
    session.flush()
