"""Per-account login throttling with exponential back-off, counted in the shared store.

After FREE_FAILURES wrong passwords for one account name, each next failure makes the account
wait longer: 30 s, 1, 2, 4, 8 minutes, never more than MAX_WAIT. It is a delay, not a lock: the
real user can always log in once the wait is over, so nobody can lock a colleague out for good.
The count is kept per account name whether or not the account exists (so it tells nothing about
which names exist), starts over after RESET_AFTER without failures, and is cleared by a
successful login. The per-address limit (flask-limiter, /login) works beside it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access.models import LoginThrottle, utcnow

FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
RESET_AFTER = timedelta(hours=1)


def account_key(username: str) -> str:
    return (username or "").strip().lower()[:80]


def blocked_until(session: Session, username: str, now: datetime | None = None) -> datetime | None:
    """When this account may try again, or None when it may try now."""
    until = session.scalar(select(LoginThrottle.blocked_until).where(LoginThrottle.username == account_key(username)))
    return until if until is not None and until > (now or utcnow()) else None


def wait_after(failures: int) -> timedelta | None:
    """The back-off after this many failures in a row (None: no wait yet)."""
    if failures < FREE_FAILURES:
        return None
    return min(FIRST_WAIT * 2 ** min(failures - FREE_FAILURES, 20), MAX_WAIT)


def record_failure(session: Session, username: str, now: datetime | None = None) -> datetime | None:
    """Count one failed login (atomically, also when two hosts count at once); returns the time
    until which the account must now wait, or None."""
    now = now or utcnow()
    key = account_key(username)
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(LoginThrottle)
    stale = LoginThrottle.last_failure_at < now - RESET_AFTER
    statement = insert.values(username=key, failures=1, last_failure_at=now).on_conflict_do_update(
        index_elements=[LoginThrottle.username],
        set_={"failures": case((stale, 1), else_=LoginThrottle.failures + 1), "last_failure_at": now},
    ).returning(LoginThrottle.failures)
    failures = session.execute(statement).scalar_one()
    wait = wait_after(failures)
    until = now + wait if wait else None
    session.execute(LoginThrottle.__table__.update().where(LoginThrottle.username == key)
                    .values(blocked_until=until))
    return until


def record_success(session: Session, username: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.username == account_key(username)))
