"""Residents who follow a buurt or wijk by e-mail, and the buurtberichten sent to them.

A follower is an e-mail address with a secret unsubscribe link (stored only as a sha256 hash);
unsubscribing deletes the address. Staff pages only ever see counts. Notifications wait in their
own outbox table and go out through the same channel adapters (and backoff) as the feedback outbox.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.models import Area, AreaFollower, NeighbourhoodMessage, NeighbourhoodNotification, utcnow
from data_access.neighbourhood_queries import find_area
from services.outbox import (
    BATCH, FAILED, QUEUED, SENT, ChannelAdapter, DeliveryError, Envelope, backoff, demo_adapters,
)
from services.tracking import hash_token
from services.workflow import WorkflowError

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def follow(session: Session, area_code: str, email: str, now: datetime | None = None) -> str:
    """Store the subscription; returns the plain unsubscribe token (only the hash is kept)."""
    email = (email or "").strip().lower()
    if find_area(session, area_code or "") is None:
        raise WorkflowError("Deze buurt kennen we niet.")
    if not EMAIL.match(email) or len(email) > 200:
        raise WorkflowError("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    token = secrets.token_urlsafe(32)
    existing = session.scalar(select(AreaFollower).where(AreaFollower.area_code == area_code,
                                                        AreaFollower.email == email))
    follower = existing or AreaFollower(area_code=area_code, email=email, created_at=now or utcnow())
    follower.unsubscribe_hash = hash_token(token)
    session.add(follower)
    session.flush()
    return token


def unfollow(session: Session, token: str | None) -> bool:
    """Delete the follower of this unsubscribe token; False for an unknown token."""
    if not token or len(token) > 100:
        return False
    return session.execute(delete(AreaFollower).where(AreaFollower.unsubscribe_hash == hash_token(token))).rowcount > 0


def notify_followers(session: Session, message: NeighbourhoodMessage) -> int:
    """Queue the buurtbericht for everyone following its area (a wijk message also reaches its buurten)."""
    area = find_area(session, message.area_code)
    codes = [message.area_code]
    if area is not None and area.kind == "wijk":
        codes += list(session.scalars(select(Area.code).where(Area.parent_code == area.code)))
    followers = session.scalars(select(AreaFollower.id).where(AreaFollower.area_code.in_(codes))).all()
    session.add_all([NeighbourhoodNotification(message_id=message.id, follower_id=f, state=QUEUED)
                     for f in followers])
    session.flush()
    return len(followers)


def deliver_notifications(session: Session, now: datetime | None = None,
                          adapters: dict[str, ChannelAdapter] | None = None) -> dict[str, int]:
    """One delivery round of queued (and due failed) buurtbericht notifications; the caller commits."""
    now = now or utcnow()
    adapters = adapters if adapters is not None else demo_adapters()
    counts = {SENT: 0, FAILED: 0}
    rows = session.execute(select(NeighbourhoodNotification, NeighbourhoodMessage, AreaFollower.email)
                           .join(NeighbourhoodMessage, NeighbourhoodMessage.id == NeighbourhoodNotification.message_id)
                           .outerjoin(AreaFollower, AreaFollower.id == NeighbourhoodNotification.follower_id)
                           .where(NeighbourhoodNotification.state.in_((QUEUED, FAILED)))
                           .order_by(NeighbourhoodNotification.created_at).limit(BATCH)).all()
    for note, message, email in rows:
        if note.state == FAILED and note.tried_at and note.tried_at + backoff(note.attempts) > now:
            continue
        note.attempts, note.tried_at = (note.attempts or 0) + 1, now
        try:
            if email is None:
                raise DeliveryError("De volger heeft zich afgemeld.")
            adapters[note.channel].deliver(Envelope(note.id, None, note.channel, "buurtbericht",
                                                    f"{message.title}\n\n{message.body}", email))
        except Exception as exc:   # kept on the row and retried later, like the feedback outbox
            note.state, note.last_error = FAILED, str(exc) or exc.__class__.__name__
            counts[FAILED] += 1
        else:
            note.state, note.sent_at, note.last_error = SENT, now, None
            counts[SENT] += 1
    session.flush()
    return counts

