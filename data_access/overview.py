"""Headline counts for the overview and the placeholder views, computed in SQL per role."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Report, User, UserRole
from data_access.scoping import report_scope
from data_access.vocabulary import CLOSED_STATUS_LIST


def headline_counts(session: Session, principal: Principal, now: datetime) -> dict[str, int]:
    scope = report_scope(principal)
    row = session.execute(select(
        func.count().filter(Report.status.not_in(CLOSED_STATUS_LIST)),
        func.count().filter(Report.status.not_in(CLOSED_STATUS_LIST), Report.urgent.is_(True)),
        func.count().filter(Report.received_at >= now - timedelta(hours=1)),
        func.count().filter(Report.received_at >= now - timedelta(hours=24)),
        func.count().filter(Report.status.not_in(CLOSED_STATUS_LIST), Report.due_at < now),
        func.count(),
    ).where(scope)).one()
    return dict(zip(("open", "open_urgent", "last_hour", "last_24h", "overdue", "total"), row))


def users_by_role(session: Session) -> dict[str, int]:
    query = (select(UserRole.role, func.count()).join(User, User.id == UserRole.user_id)
             .where(User.active.is_(True)).group_by(UserRole.role))
    return dict(session.execute(query).all())
