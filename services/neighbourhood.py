"""Buurtberichten: short messages from police or gemeente staff to everyone in a buurt or wijk."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import NeighbourhoodMessage, utcnow
from data_access.neighbourhood_queries import find_area
from services.workflow import WorkflowError

KINDS = {"update": "Update", "tip": "Tip", "oproep": "Oproep"}
MAX_TITLE, MAX_BODY = 120, 1500


def post_message(session: Session, principal: Principal, area_code: str, kind: str, title: str,
                 body: str, ends_at: datetime | None, now: datetime | None = None) -> NeighbourhoodMessage:
    """Validate and store one buurtbericht; raise WorkflowError (Dutch) and store nothing on bad input."""
    now = now or utcnow()
    title, body = (title or "").strip(), (body or "").strip()
    problems = []
    if not principal.handles_reports:
        problems.append("U mag geen buurtberichten plaatsen.")
    if find_area(session, area_code or "") is None:
        problems.append("Kies een buurt of wijk.")
    if kind not in KINDS:
        problems.append("Kies het soort bericht: update, tip of oproep.")
    if not title or len(title) > MAX_TITLE:
        problems.append(f"Geef een titel (maximaal {MAX_TITLE} tekens).")
    if not body or len(body) > MAX_BODY:
        problems.append(f"Schrijf het bericht (maximaal {MAX_BODY} tekens).")
    if ends_at is not None and ends_at <= now:
        problems.append("De einddatum moet in de toekomst liggen.")
    if problems:
        raise WorkflowError(" ".join(problems))
    message = NeighbourhoodMessage(area_code=area_code, organisation_id=principal.organisation_id,
                                   kind=kind, title=title, body=body, starts_at=now, ends_at=ends_at,
                                   created_by_id=principal.user_id)
    session.add(message)
    session.flush()
    return message
