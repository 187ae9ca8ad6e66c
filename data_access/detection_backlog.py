"""The reports early warning has not checked yet, kept in the store so that none is missed.

`add` runs in the transaction that stores the reports (a report and its row are committed
together, or neither is); `remove` runs in the transaction of the check that handled them. A check
that fails or never runs (a database hiccup, a worker killed with ids queued in memory) leaves the
rows, and `waiting` hands them to the job runner's catch-up (services.detection_queue).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session

from data_access.models import DetectionBacklog, utcnow

BACKLOG = DetectionBacklog.__table__


def add(connection: Connection, report_ids: list[int]) -> None:
    if report_ids:
        now = utcnow()
        connection.execute(BACKLOG.insert(), [{"report_id": report_id, "queued_at": now}
                                              for report_id in report_ids])


def remove(session: Session, report_ids: list[int]) -> None:
    if report_ids:
        session.execute(delete(DetectionBacklog).where(DetectionBacklog.report_id.in_(report_ids)))


def waiting(session: Session, queued_before: datetime, limit: int, after_id: int = 0) -> list[int]:
    """The waiting report ids above `after_id` queued before `queued_before` (a live queue
    handles the newer ones within seconds), lowest (oldest) first."""
    return list(session.scalars(select(DetectionBacklog.report_id)
                                .where(DetectionBacklog.queued_at < queued_before,
                                       DetectionBacklog.report_id > after_id)
                                .order_by(DetectionBacklog.report_id).limit(limit)))


def size(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DetectionBacklog)) or 0
