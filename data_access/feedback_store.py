"""`feedback_facts`: one row per report whose reporter wants to hear back, with what was sent when,
the satisfaction answers and the moment feedback is owed by, kept in step in the same transaction.

The Terugkoppeling page and the trends read this table by received_at (a period holds a small share
of all reports) instead of joining every wanting contact to its report. Every ORM flush that touches
a report, its contact, its feedback messages or its satisfaction answers recomputes the rows of
those reports from the source tables (delete + insert ... select, after locking the reports' rows on
PostgreSQL so that two writers of one report take turns); `rebuild` recomputes all rows.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Index, Integer, String, Table, and_, case, delete, event, func, inspect, literal_column,
    select, text,
)
from sqlalchemy.orm import Session

from data_access.models import (
    Base, FeedbackMessage, Report, ReporterContact, SatisfactionAnswer, UTCDateTime,
)
from data_access.time_buckets import local_weekday

RECEIPT, INTERIM, CLOSING = "ontvangstbevestiging", "tussenbericht", "afloopbericht"
CLOSING_ALLOWANCE_HOURS = 48
PENDING_OR_SENT = ("verzonden", "wachtrij", "mislukt")

feedback_facts = Table(
    "feedback_facts", Base.metadata,
    Column("report_id", Integer, primary_key=True),
    Column("received_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("status", String(24), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("organisation_id", Integer, nullable=False),
    Column("team_id", Integer),
    Column("main_category_id", Integer, nullable=False),
    Column("category_id", Integer, nullable=False),
    Column("buurt_code", String(16)),
    Column("wijk_code", String(16)),
    Column("visibility", String(12), nullable=False),
    Column("receipt_at", UTCDateTime),       # first delivered ontvangstbevestiging
    Column("first_at", UTCDateTime),         # first delivered message of any kind
    Column("closing_at", UTCDateTime),       # first delivered afloopbericht
    Column("interims", Integer, nullable=False),
    Column("receipts", Integer, nullable=False),   # receipts delivered, queued or failed
    Column("closings", Integer, nullable=False),   # closing messages delivered, queued or failed
    Column("failed", Integer, nullable=False),
    Column("answers", Integer, nullable=False),
    Column("satisfied", Integer, nullable=False),
    Column("owed_by", UTCDateTime),          # feedback is owed by this moment (None: nothing owed)
    Index("ix_feedback_facts_received_at", "received_at"),
    Index("ix_feedback_facts_owed", literal_column("urgent").desc(), "owed_by",
          postgresql_where=text("owed_by IS NOT NULL"), sqlite_where=text("owed_by IS NOT NULL")),
)


def hours_between(later, earlier, dialect: str):
    """(later - earlier) in hours as a float, on PostgreSQL and SQLite."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 3600.0
    return (func.julianday(later) - func.julianday(earlier)) * 24.0


def receipt_allowance_hours(received_at, dialect: str):
    """One working day: Friday -> Monday (72 h), Saturday -> Monday (48 h), otherwise 24 h."""
    weekday = local_weekday(received_at, dialect)
    return case((weekday == 4, 72), (weekday == 5, 48), else_=24)


def _plus_hours(column, hours, dialect: str):
    if dialect == "postgresql":
        return column + func.make_interval(0, 0, 0, 0, hours)
    return func.strftime("%Y-%m-%d %H:%M:%f", func.substr(column, 1, 26), func.printf("+%d hours", hours))


def _facts_select(dialect: str, report_ids=None):
    """The rows of feedback_facts computed from the source tables (all, or of `report_ids`)."""
    only = (lambda column: [column.in_(report_ids)]) if report_ids is not None else (lambda column: [])
    m = FeedbackMessage
    delivered = m.state == "verzonden"
    sent = (select(m.report_id,
                   func.min(case((and_(delivered, m.kind == RECEIPT), m.sent_at))).label("receipt_at"),
                   func.min(case((delivered, m.sent_at))).label("first_at"),
                   func.count(case((and_(delivered, m.kind == INTERIM), 1))).label("interims"),
                   func.min(case((and_(delivered, m.kind == CLOSING), m.sent_at))).label("closing_at"),
                   func.count(case((and_(m.state.in_(PENDING_OR_SENT), m.kind == RECEIPT), 1))).label("receipts"),
                   func.count(case((and_(m.state.in_(PENDING_OR_SENT), m.kind == CLOSING), 1))).label("closings"),
                   func.count(case((m.state == "mislukt", 1))).label("failed"))
            .where(*only(m.report_id)).group_by(m.report_id).subquery())
    answers = (select(SatisfactionAnswer.report_id, func.count().label("answers"),
                      func.count(case((SatisfactionAnswer.satisfied.is_(True), 1))).label("satisfied"))
               .where(*only(SatisfactionAnswer.report_id)).group_by(SatisfactionAnswer.report_id).subquery())
    receipts, closings = func.coalesce(sent.c.receipts, 0), func.coalesce(sent.c.closings, 0)
    owed_by = case(
        (Report.status == "geannuleerd", None),
        (and_(Report.status == "afgehandeld", closings == 0),
         _plus_hours(Report.closed_at, CLOSING_ALLOWANCE_HOURS, dialect)),
        (and_(Report.closed_at.is_(None), receipts == 0),
         _plus_hours(Report.received_at, receipt_allowance_hours(Report.received_at, dialect), dialect)))
    return (select(Report.id, Report.received_at, Report.closed_at, Report.status,
                   Report.urgent, Report.organisation_id, Report.team_id, Report.main_category_id, Report.category_id,
                   Report.buurt_code, Report.wijk_code, Report.visibility, sent.c.receipt_at, sent.c.first_at,
                   sent.c.closing_at, func.coalesce(sent.c.interims, 0), receipts, closings,
                   func.coalesce(sent.c.failed, 0), func.coalesce(answers.c.answers, 0),
                   func.coalesce(answers.c.satisfied, 0), owed_by)
            .select_from(ReporterContact)
            .join(Report, and_(Report.id == ReporterContact.report_id, ReporterContact.wants_feedback.is_(True)))
            .outerjoin(sent, sent.c.report_id == Report.id)
            .outerjoin(answers, answers.c.report_id == Report.id)
            .where(*only(Report.id)))


def _refresh(connection, report_ids=None) -> None:
    dialect = connection.dialect.name
    ids = sorted(report_ids) if report_ids is not None else None
    if ids and dialect == "postgresql":
        connection.execute(select(Report.id).where(Report.id.in_(ids)).order_by(Report.id).with_for_update())
    connection.execute(delete(feedback_facts).where(*([feedback_facts.c.report_id.in_(ids)] if ids else [])))
    connection.execute(feedback_facts.insert().from_select([c.name for c in feedback_facts.c],
                                                            _facts_select(dialect, ids)))


def rebuild(connection) -> None:
    """Recompute every row (idempotent; in the caller's transaction)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE feedback_facts IN EXCLUSIVE MODE"))
    _refresh(connection)


# What a report contributes; the relationships set their foreign keys only during the flush.
REPORT_FIELDS = ("received_at", "closed_at", "status", "urgent", "organisation_id", "team_id", "main_category_id",
                 "category_id", "buurt_code", "wijk_code", "visibility", "organisation", "team", "category",
                 "main_category")
_SOURCES = (ReporterContact, FeedbackMessage, SatisfactionAnswer)
_TOUCHED = "feedback_store.touched"


def _touches(session: Session, item, kind: str) -> bool:
    if isinstance(item, Report):     # a new report has no contact yet (its contact object touches it)
        attrs = inspect(item).attrs
        return kind == "deleted" or (kind == "dirty" and any(attrs[n].history.has_changes() for n in REPORT_FIELDS))
    return isinstance(item, _SOURCES) and (kind != "dirty" or session.is_modified(item))


@event.listens_for(Session, "before_flush")
def _remember_touched(session: Session, _context, _instances) -> None:
    groups = {"new": session.new, "dirty": session.dirty, "deleted": session.deleted}
    session.info[_TOUCHED] = [item for kind, group in groups.items() for item in group
                              if _touches(session, item, kind)]


@event.listens_for(Session, "after_flush")
def _keep_in_step(session: Session, _context) -> None:
    """Report ids are known now (also of objects that were new before the flush)."""
    ids = {item.id if isinstance(item, Report) else item.report_id for item in session.info.pop(_TOUCHED, [])}
    ids.discard(None)
    if ids:
        _refresh(session.connection(), ids)
