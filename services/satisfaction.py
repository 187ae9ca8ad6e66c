"""Residents' answers to the questionnaire after closing; a negative answer can reopen the report."""

from __future__ import annotations

from datetime import datetime


from sqlalchemy.orm import Session

from data_access.models import Report, SatisfactionAnswer, utcnow
from data_access.scoping import unscoped_select
from data_access.vocabulary import STATUS_LABELS
from services.workflow import WorkflowError, flush_or_conflict, record

REASONS = {
    "niet_opgelost": "Het probleem is niet opgelost",
    "te_lang": "Het duurde te lang",
    "geen_uitleg": "Ik kreeg geen goede uitleg",
    "anders": "Anders",
}
MAX_TEXT = 1000


def record_answer(session: Session, report_id: int, satisfied: bool, reason: str | None = None,
                  text: str = "", reopen_on_negative: bool = True,
                  at: datetime | None = None) -> SatisfactionAnswer:
    """Store the answer; when not satisfied, reopen an 'afgehandeld' report through a system event."""
    report = session.scalar(unscoped_select(Report).where(Report.id == report_id))
    if report is None:
        raise WorkflowError("Melding niet gevonden.")
    if report.status != "afgehandeld":
        raise WorkflowError("U kunt alleen een afgehandelde melding beoordelen.")
    if reason is not None and reason not in REASONS:
        raise WorkflowError("Kies een van de genoemde redenen.")
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise WorkflowError(f"Uw toelichting is te lang (maximaal {MAX_TEXT} tekens).")
    at = at or utcnow()
    answer = SatisfactionAnswer(report_id=report.id, satisfied=bool(satisfied), reason=reason,
                                text=text, answered_at=at)
    session.add(answer)
    record(session, report, None, "tevredenheid", to_value="tevreden" if satisfied else "niet tevreden",
           detail=REASONS.get(reason or "", ""), at=at)
    if not satisfied and reopen_on_negative:
        record(session, report, None, "status", report.status, "heropend",
               f"{STATUS_LABELS['heropend']} na een negatieve beoordeling van de melder", at=at)
        report.status, report.closed_at = "heropend", None
    flush_or_conflict(session)
    return answer
