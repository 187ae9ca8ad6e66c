"""Headline counts for the overview and the placeholder views, computed in SQL per role."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Report, User, UserRole
from data_access.rollups import IS_OPEN, period_counts
from data_access.scoping import report_scope

SINCE_EVER = datetime(1970, 1, 1, tzinfo=timezone.utc)


def headline_counts(session: Session, principal: Principal, now: datetime) -> dict[str, int]:
    """Three reads that each touch only what they count (one pass over the whole store took seconds
    at 20M reports): the open reports through the open-work indexes (rollups.IS_OPEN, the form
    they match; NOT IN the closed statuses matches none), the last 24 hours through received_at,
    and the total from the month roll-ups."""
    scope = report_scope(principal)
    open_now, urgent, overdue = session.execute(select(
        func.count(), func.count().filter(Report.urgent.is_(True)), func.count().filter(Report.due_at < now),
    ).where(scope, IS_OPEN)).one()
    last_hour, last_24h = session.execute(select(
        func.count().filter(Report.received_at >= now - timedelta(hours=1)), func.count(),
    ).where(scope, Report.received_at >= now - timedelta(hours=24))).one()
    total = sum(n for (n,) in period_counts(session, [scope], SINCE_EVER, None, (), lambda _: None,
                                            months=True).values())
    return {"open": open_now, "open_urgent": urgent, "last_hour": last_hour, "last_24h": last_24h,
            "overdue": overdue, "total": total}


def users_by_role(session: Session) -> dict[str, int]:
    query = (select(UserRole.role, func.count()).join(User, User.id == UserRole.user_id)
             .where(User.active.is_(True)).group_by(UserRole.role))
    return dict(session.execute(query).all())
