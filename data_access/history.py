"""Where the data is: the newest report in scope, so that pages over a history (an import that
ended years ago) open on a period that holds reports instead of an empty "last 30 days"."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Report
from data_access.scoping import report_scope


def newest_report_at(session: Session, principal: Principal, *conditions) -> datetime | None:
    """received_at (UTC) of the newest report this principal may see (with further conditions)."""
    newest = session.scalar(select(func.max(Report.received_at)).where(report_scope(principal), *conditions))
    if isinstance(newest, str):          # SQLite's max() returns the stored text
        newest = datetime.fromisoformat(newest)
    if newest is not None and newest.tzinfo is None:
        newest = newest.replace(tzinfo=timezone.utc)
    return newest


def any_report(session: Session, principal: Principal, since: datetime, until: datetime | None, *conditions) -> bool:
    period = [Report.received_at >= since] + ([Report.received_at < until] if until is not None else [])
    return session.scalar(select(Report.id).where(report_scope(principal), *period, *conditions).limit(1)) is not None
