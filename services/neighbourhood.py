"""Buurtberichten: short messages from police or gemeente staff to everyone in a buurt or wijk."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import (
    AreaPageView, Incident, NeighbourhoodMessage, OproepResponse, Report, ResidentConfirmation, utcnow,
)
from data_access.neighbourhood_queries import find_area, shared_target
from data_access.scoping import scoped_select
from data_access.vocabulary import LOCAL_TZ
from services.tracking import hash_token
from services.workflow import WorkflowError

KINDS = {"update": "Update", "tip": "Tip", "oproep": "Oproep"}
MAX_TITLE, MAX_BODY = 120, 1500


def post_message(session: Session, principal: Principal, area_code: str, kind: str, title: str,
                 body: str, ends_at: datetime | None, now: datetime | None = None,
                 incident_id: int | None = None) -> NeighbourhoodMessage:
    """Validate and store one buurtbericht; raise WorkflowError (Dutch) and store nothing on bad input.
    An oproep may name an incident (in the writer's scope): answers to it are linked to that incident."""
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
    if incident_id is not None and (kind != "oproep" or session.scalar(
            scoped_select(principal, Incident, Incident.id).where(Incident.id == incident_id)) is None):
        problems.append("Alleen een oproep kan bij een incident horen; kies een incident uit de lijst.")
    if problems:
        raise WorkflowError(" ".join(problems))
    message = NeighbourhoodMessage(area_code=area_code, organisation_id=principal.organisation_id,
                                   kind=kind, title=title, body=body, starts_at=now, ends_at=ends_at,
                                   created_by_id=principal.user_id, incident_id=incident_id)
    session.add(message)
    session.flush()
    return message


def confirm_seen(session: Session, target: str, browser_key: str, now: datetime | None = None) -> str:
    """"Ik zie dit ook": count once per browser session on an open shared problem; returns the Dutch answer."""
    found = shared_target(session, target)
    if found is None:
        raise WorkflowError("Dit probleem staat niet (meer) open. Wilt u het melden? Maak een melding.")
    session_hash = hash_token(f"{browser_key}:{target}")
    already = session.scalar(select(ResidentConfirmation.id).where(ResidentConfirmation.target == target,
                                                                 ResidentConfirmation.session_hash == session_hash))
    if already:
        return "U had dit al doorgegeven. Dank u wel."
    incident_id, report_id = found
    try:
        with session.begin_nested():
            session.add(ResidentConfirmation(target=target, incident_id=incident_id, report_id=report_id,
                                             session_hash=session_hash, at=now or utcnow()))
    except IntegrityError:      # a double click raced the first one: still counted once
        return "U had dit al doorgegeven. Dank u wel."
    return "Dank u wel. We tellen mee dat u dit ook ziet."


def open_oproep(session: Session, message_id: int | None, now: datetime | None = None) -> NeighbourhoodMessage | None:
    """The running call for information with an incident, or None."""
    message = session.get(NeighbourhoodMessage, message_id) if message_id else None
    now = now or utcnow()
    if (message is None or message.kind != "oproep" or message.incident_id is None or message.starts_at > now
            or (message.ends_at is not None and message.ends_at <= now)):
        return None
    return message


def link_answer(session: Session, message: NeighbourhoodMessage, report: Report) -> None:
    """Attach a resident's answer to the call's incident and count it as a response to the message."""
    report.incident_id = message.incident_id
    session.add(OproepResponse(message_id=message.id, report_id=report.id))
    session.flush()


def count_view(session: Session, area_code: str, now: datetime | None = None) -> None:
    """One more view of the buurt page today (local day); the caller commits."""
    day = (now or utcnow()).astimezone(LOCAL_TZ).date()
    bump = (update(AreaPageView).where(AreaPageView.area_code == area_code, AreaPageView.day == day)
            .values(views=AreaPageView.views + 1))
    if session.execute(bump).rowcount:
        return
    try:
        with session.begin_nested():
            session.add(AreaPageView(area_code=area_code, day=day, views=1))
    except IntegrityError:      # another request made today's row first
        session.execute(bump)
