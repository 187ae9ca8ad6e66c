"""Server-side sessions: start, look up, end (one user's or all of a user's).

The session cookie (signed by Flask) holds a random token; the store holds its SHA-256 with the
user and an absolute end. Each request reads the row by primary key together with the user, so
logout, disabling a user, a new password or the end of the lifetime count at once on every worker
and host. A stolen copy of the store does not hold usable tokens.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from data_access.models import User, UserSession, utcnow


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, lifetime: timedelta) -> str:
    """A new session for `user`; returns the token for the cookie. Ended sessions are cleared here."""
    now = utcnow()
    session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(UserSession(id=_digest(token), user_id=user.id, created_at=now, expires_at=now + lifetime))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user of a live session (one primary-key read, user and Principal data joined)."""
    if not token or len(token) > 100:
        return None
    return session.scalars(
        select(User).join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.id == _digest(token), UserSession.expires_at > utcnow(), User.active.is_(True))
        .options(joinedload(User.organisation), joinedload(User.roles), joinedload(User.areas))).unique().first()


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.id == _digest(token)))


def end_user_sessions(session: Session, user_id: int) -> int:
    """End every session of one user (disabled, new password); returns how many there were."""
    return session.execute(delete(UserSession).where(UserSession.user_id == user_id)).rowcount
