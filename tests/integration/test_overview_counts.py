"""The overview's headline counts per role equal a count over the reports, and none of its reads
is a pass over the whole store: the open reports through the listed open statuses (the form the
partial open-work indexes match), the new ones through received_at, the total from the roll-ups."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from auth.users import principal_for
from data_access.db import transaction
from data_access.models import Report, User, utcnow
from data_access.overview import headline_counts
from data_access.scoping import report_scope
from data_access.vocabulary import CLOSED_STATUSES
from tests.integration.test_stage_times import ROLES, _seed


def _expected(session, principal, now) -> dict[str, int]:
    reports = session.scalars(select(Report).where(report_scope(principal))).all()
    opened = [r for r in reports if r.status not in CLOSED_STATUSES]
    return {"open": len(opened), "open_urgent": sum(r.urgent for r in opened),
            "last_hour": sum(r.received_at >= now - timedelta(hours=1) for r in reports),
            "last_24h": sum(r.received_at >= now - timedelta(hours=24) for r in reports),
            "overdue": sum(r.due_at is not None and r.due_at < now for r in opened), "total": len(reports)}


def test_headline_counts_per_role_read_only_what_they_count(store):
    _seed(store)
    now = utcnow()
    with transaction(store.sessions) as session:       # recent and urgent ones too
        for i, report in enumerate(session.scalars(select(Report).order_by(Report.id.desc()).limit(6))):
            report.received_at, report.urgent = now - timedelta(minutes=5 + 25 * i), True
    statements = []

    def remember(_connection, _cursor, sql, *_):
        statements.append(sql)
    event.listen(store.engine, "before_cursor_execute", remember)
    try:
        with store.session() as session:
            for user in session.scalars(select(User).where(User.username.in_(ROLES))):
                principal = principal_for(user)
                statements.clear()
                counts = headline_counts(session, principal, now)
                reads = [sql for sql in statements if "FROM reports" in sql]
                assert counts == _expected(session, principal, now), user.username
                assert 0 < counts["open"] < counts["total"] and counts["last_hour"] < counts["last_24h"]
                assert reads and all("NOT IN" not in sql for sql in reads), reads
                # every read of the reports table is bounded by the open statuses or by received_at
                assert all("'in_behandeling'" in sql or "received_at >=" in sql for sql in reads), reads
    finally:
        event.remove(store.engine, "before_cursor_execute", remember)
