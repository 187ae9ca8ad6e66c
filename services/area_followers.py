"""Residents who follow a buurt or wijk by e-mail, and the buurtberichten sent to them.

Double opt-in: `follow` stores the address unconfirmed and queues a mail with a confirmation link;
only `confirm` (the resident opens the link and presses the button) makes buurtberichten go to it.
Unconfirmed addresses are deleted after CONFIRM_DAYS (`expire_unconfirmed`, a job). Every
buurtbericht mail carries an unsubscribe link and List-Unsubscribe headers; unsubscribing deletes
the address. The links hold a token signed with HNM_SECRET_KEY (itsdangerous) over the follower's
id and a random value of its own, so the store holds no usable link and a new follower never
inherits an old one's; rotating the secret key ends the links in mails already sent. Staff pages only
ever see counts. Notifications wait in their own outbox table and go out through the same channel
adapters (and backoff) as the feedback outbox.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.models import Area, AreaFollower, NeighbourhoodMessage, NeighbourhoodNotification, utcnow
from data_access.neighbourhood_queries import find_area
from services.channels import CANCELLED, FAILED, QUEUED, SENT, ChannelAdapter, attempt, is_due, send_with
from services.mail_content import EMAIL_PATTERN, confirmation_mail, neighbourhood_mail
from services.privacy.pseudonymise import pseudonymise
from services.tracking import hash_token
from services.workflow import WorkflowError

CONFIRM_DAYS = 7
CONFIRMATION, NEWS = "bevestiging", "buurtbericht"
BATCH = 200
CONFIRM_SALT, UNSUBSCRIBE_SALT = "hnm-volgen-bevestigen", "hnm-afmelden"


@dataclass(frozen=True)
class FollowerLinks:
    """The links in followers' mails, absolute (HNM_PUBLIC_URL) and signed (HNM_SECRET_KEY)."""
    public_url: str
    secret_key: str

    @classmethod
    def from_settings(cls, settings) -> "FollowerLinks":
        return cls(settings.effective_public_url, settings.secret_key)

    def _token(self, follower: AreaFollower, salt: str) -> str:
        return URLSafeTimedSerializer(self.secret_key, salt=salt).dumps([follower.id, follower.unsubscribe_hash[:16]])

    def confirm_url(self, follower: AreaFollower) -> str:
        return f"{self.public_url}/buurt/{follower.area_code}/bevestigen/{self._token(follower, CONFIRM_SALT)}"

    def unsubscribe_url(self, follower: AreaFollower) -> str:
        return f"{self.public_url}/buurt/{follower.area_code}/afmelden/{self._token(follower, UNSUBSCRIBE_SALT)}"

    def one_click_url(self, follower: AreaFollower) -> str:
        return f"{self.public_url}/api/v1/afmelden/{self._token(follower, UNSUBSCRIBE_SALT)}"

    def area_url(self, area_code: str) -> str:
        return f"{self.public_url}/buurt/{area_code}"


def follower_for(session: Session, secret_key: str, token: str | None, salt: str,
                  max_age: int | None = None) -> AreaFollower | None:
    if not token or len(token) > 200:
        return None
    try:
        follower_id, nonce = URLSafeTimedSerializer(secret_key, salt=salt).loads(token, max_age=max_age)
    except (BadData, TypeError, ValueError):
        return None
    follower = session.get(AreaFollower, follower_id) if isinstance(follower_id, int) else None
    if follower is None or not secrets.compare_digest(follower.unsubscribe_hash[:16], str(nonce)):
        return None
    return follower


def follow(session: Session, area_code: str, email: str, now: datetime | None = None) -> AreaFollower:
    """Store the subscription unconfirmed and queue the confirmation mail (nothing is queued for an
    address that already follows this area). The answer on screen is the same either way."""
    email = (email or "").strip().lower()
    if find_area(session, area_code or "") is None:
        raise WorkflowError("Deze buurt kennen we niet.")
    if not EMAIL_PATTERN.match(email) or len(email) > 200:
        raise WorkflowError("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    follower = session.scalar(select(AreaFollower).where(AreaFollower.area_code == area_code,
                                                        AreaFollower.email == email))
    if follower is None:
        follower = AreaFollower(area_code=area_code, email=email, created_at=now or utcnow(),
                                unsubscribe_hash=hash_token(secrets.token_urlsafe(32)))
        session.add(follower)
        session.flush()
    if follower.confirmed_at is None and not session.scalar(
            select(NeighbourhoodNotification.id).where(NeighbourhoodNotification.follower_id == follower.id,
                                                       NeighbourhoodNotification.kind == CONFIRMATION,
                                                       NeighbourhoodNotification.state == QUEUED)):
        session.add(NeighbourhoodNotification(follower_id=follower.id, kind=CONFIRMATION, state=QUEUED))
        session.flush()
    return follower


def confirm(session: Session, secret_key: str, token: str | None, now: datetime | None = None) -> AreaFollower | None:
    """Confirm the address of this link (valid for CONFIRM_DAYS); None for a bad or expired link."""
    follower = follower_for(session, secret_key, token, CONFIRM_SALT, CONFIRM_DAYS * 24 * 3600)
    if follower is not None and follower.confirmed_at is None:
        follower.confirmed_at = now or utcnow()
        session.flush()
    return follower


def unfollow(session: Session, secret_key: str, token: str | None) -> bool:
    """Delete the follower of this unsubscribe link; False for an unknown one. Links shown on screen
    before double opt-in (a random token whose hash is stored) still work."""
    follower = follower_for(session, secret_key, token, UNSUBSCRIBE_SALT)
    if follower is not None:
        session.delete(follower)
        session.flush()
        return True
    if not token or len(token) > 100:
        return False
    return session.execute(delete(AreaFollower).where(AreaFollower.unsubscribe_hash == hash_token(token))).rowcount > 0


def expire_unconfirmed(session: Session, now: datetime) -> dict[str, int]:
    """The "volgers" job: delete addresses that were not confirmed within CONFIRM_DAYS."""
    expired = select(AreaFollower.id).where(AreaFollower.confirmed_at.is_(None),
                                            AreaFollower.created_at < now - timedelta(days=CONFIRM_DAYS))
    session.execute(delete(NeighbourhoodNotification).where(NeighbourhoodNotification.follower_id.in_(expired)))
    removed = session.execute(delete(AreaFollower).where(AreaFollower.id.in_(expired))).rowcount
    return {"onbevestigd gewist": removed}


def notify_followers(session: Session, message: NeighbourhoodMessage) -> int:
    """Queue the buurtbericht for every confirmed follower of its area (a wijk message also reaches its buurten)."""
    area = find_area(session, message.area_code)
    codes = [message.area_code]
    if area is not None and area.kind == "wijk":
        codes += list(session.scalars(select(Area.code).where(Area.parent_code == area.code)))
    followers = session.scalars(select(AreaFollower.id).where(AreaFollower.area_code.in_(codes),
                                                              AreaFollower.confirmed_at.is_not(None))).all()
    session.add_all([NeighbourhoodNotification(message_id=message.id, follower_id=f, state=QUEUED)
                     for f in followers])
    session.flush()
    return len(followers)


def deliver_notifications(session: Session, now: datetime, adapters: dict[str, ChannelAdapter],
                          links: FollowerLinks, checkpoint: Callable[[], None] = lambda: None) -> dict[str, int]:
    """One delivery round of queued (and due failed) buurtberichten and confirmation mails; the
    caller commits (`checkpoint` runs after each mail)."""
    counts = {SENT: 0, FAILED: 0}
    rows = session.execute(select(NeighbourhoodNotification, NeighbourhoodMessage, AreaFollower)
                           .outerjoin(NeighbourhoodMessage,
                                      NeighbourhoodMessage.id == NeighbourhoodNotification.message_id)
                           .outerjoin(AreaFollower, AreaFollower.id == NeighbourhoodNotification.follower_id)
                           .where(NeighbourhoodNotification.state.in_((QUEUED, FAILED)))
                           .order_by(NeighbourhoodNotification.created_at).limit(BATCH)).all()
    names: dict[str, str] = {}
    for note, message, follower in rows:
        if not is_due(note.state, note.attempts, note.tried_at, now):
            continue
        if follower is None:          # unsubscribed meanwhile: nobody to send it to
            note.state = CANCELLED
            continue
        if follower.area_code not in names:
            area = find_area(session, follower.area_code)
            names[follower.area_code] = area.name if area else follower.area_code
        area_name = names[follower.area_code]
        if note.kind == CONFIRMATION:
            mail = confirmation_mail(area_name, links.confirm_url(follower), CONFIRM_DAYS)
        else:
            mail = neighbourhood_mail(area_name, pseudonymise(message.title), pseudonymise(message.body),
                                      links.area_url(follower.area_code),
                                      links.unsubscribe_url(follower), links.one_click_url(follower))
        envelope = mail.envelope(note.id, None, note.channel, note.kind, follower.email)
        counts[SENT if attempt(note, now, send_with(adapters, envelope)) else FAILED] += 1
        session.flush()
        checkpoint()
    session.flush()
    return counts
