"""Feedback facts and their roll-up, kept in step with the source tables in the same transaction.

`feedback_facts`: one row per report whose reporter wants to hear back: what was sent when, the
satisfaction answers, the feedback state, the moment feedback is owed by (the queue) and the moment
the report becomes overdue unless a message goes out. `feedback_rollups`: the sums of those rows per
local day and month of receipt x organisation, team, main category, buurt, visibility and wijk.

The Terugkoppeling page and the trends sum the roll-up; the only figure that depends on the time of
asking (overdue) subtracts the few rows whose deadline is still ahead (index on overdue_at). Every ORM
flush that touches a report, its contact, its messages or its answers recomputes the facts of those
reports from the source tables (after locking the reports' rows on PostgreSQL, so two writers of one
report take turns) and moves their roll-up contributions; `rebuild` recomputes everything.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from sqlalchemy import (
    BigInteger, Boolean, Column, Date, Index, Integer, String, Table, and_, bindparam, case, cast, delete, event,
    func, inspect, literal, literal_column, select, text,
)
from sqlalchemy.orm import Session

from data_access.models import (
    Base, FeedbackMessage, Report, ReporterContact, SatisfactionAnswer, UTCDateTime,
)
from data_access.rollup_store import dimension_columns, dims_of, local_date, month_of, upsert_deltas
from data_access.time_buckets import LOCAL_TZ, local_weekday
from data_access.vocabulary import FAILED, QUEUED, SENT

RECEIPT, INTERIM, CLOSING = "ontvangstbevestiging", "tussenbericht", "afloopbericht"
STATE_KEYS = ("niets", "ontvangst", "tussenbericht", "afloop")
ROLLUP_DIMENSIONS = ("organisation_id", "team_id", "main_category_id", "buurt_code", "visibility", "wijk_code")
ROLLUP_MEASURES = ("wanting", *STATE_KEYS, "informed", "receipt_on_time", "firsts", "first_ms", "closings_sent",
                   "closing_ms", "answers", "satisfied", "deadlines")
CLOSING_ALLOWANCE_HOURS = 48
PENDING_OR_SENT = (SENT, QUEUED, FAILED)

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
    Column("state", String(16), nullable=False),   # niets | ontvangst | tussenbericht | afloop
    Column("informed", Integer, nullable=False),
    Column("receipt_on_time", Integer, nullable=False),
    Column("first_ms", BigInteger),          # first message - received, milliseconds
    Column("closing_ms", BigInteger),        # closing message - closed, milliseconds
    Column("overdue_at", UTCDateTime),       # overdue from this moment on unless a message goes out
    Index("ix_feedback_facts_received_at", "received_at"),
    Index("ix_feedback_facts_overdue_at", "overdue_at"),
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


feedback_rollups = Table(
    "feedback_rollups", Base.metadata,
    Column("grain", String(1), primary_key=True),            # 'd' local day, 'm' local month (of receipt)
    Column("period", Date, primary_key=True),
    *[Column(name, Integer if name.endswith("_id") else String(16), primary_key=True) for name in ROLLUP_DIMENSIONS],
    *[Column(name, BigInteger if name.endswith("_ms") else Integer, nullable=False, default=0)
      for name in ROLLUP_MEASURES],
)


def _milliseconds(later, earlier, dialect: str):
    if dialect == "postgresql":
        return cast(func.round(func.extract("epoch", later - earlier) * 1000), BigInteger)
    return cast(func.round((func.julianday(later) - func.julianday(earlier)) * 86400000.0), BigInteger)


def _plus_hours(column, hours, dialect: str):
    if dialect == "postgresql":
        return column + func.make_interval(0, 0, 0, 0, hours)
    return func.strftime("%Y-%m-%d %H:%M:%f", func.substr(column, 1, 26), func.printf("+%d hours", hours))


def _facts_select(dialect: str, report_ids=None):
    """The rows of feedback_facts computed from the source tables (all, or of `report_ids`)."""
    only = (lambda column: [column.in_(report_ids)]) if report_ids is not None else (lambda column: [])
    m = FeedbackMessage
    delivered = m.state == SENT
    sent = (select(m.report_id,
                   func.min(case((and_(delivered, m.kind == RECEIPT), m.sent_at))).label("receipt_at"),
                   func.min(case((delivered, m.sent_at))).label("first_at"),
                   func.count(case((and_(delivered, m.kind == INTERIM), 1))).label("interims"),
                   func.min(case((and_(delivered, m.kind == CLOSING), m.sent_at))).label("closing_at"),
                   func.count(case((and_(m.state.in_(PENDING_OR_SENT), m.kind == RECEIPT), 1))).label("receipts"),
                   func.count(case((and_(m.state.in_(PENDING_OR_SENT), m.kind == CLOSING), 1))).label("closings"),
                   func.count(case((m.state == FAILED, 1))).label("failed"))
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
    receipt_at, first_at, closing_at = sent.c.receipt_at, sent.c.first_at, sent.c.closing_at
    allowance = receipt_allowance_hours(Report.received_at, dialect)
    state = case((closing_at.is_not(None), "afloop"), (func.coalesce(sent.c.interims, 0) > 0, "tussenbericht"),
                 (receipt_at.is_not(None), "ontvangst"), else_="niets")
    receipt_deadline = _plus_hours(Report.received_at, allowance, dialect)
    closing_deadline = _plus_hours(Report.closed_at, CLOSING_ALLOWANCE_HOURS, dialect)
    closing_missing = and_(Report.status == "afgehandeld", closing_at.is_(None))
    overdue_at = case((and_(receipt_at.is_(None), closing_missing),
                       case((receipt_deadline < closing_deadline, receipt_deadline), else_=closing_deadline)),
                      (receipt_at.is_(None), receipt_deadline), (closing_missing, closing_deadline))
    on_time = case((and_(receipt_at.is_not(None), hours_between(receipt_at, Report.received_at, dialect) <= allowance),
                    1), else_=0)
    derived = [state, case((first_at.is_not(None), 1), else_=0), on_time,
               _milliseconds(first_at, Report.received_at, dialect),
               case((and_(closing_at.is_not(None), Report.closed_at.is_not(None)),
                     _milliseconds(closing_at, Report.closed_at, dialect))), overdue_at]
    return (select(Report.id, Report.received_at, Report.closed_at, Report.status,
                   Report.urgent, Report.organisation_id, Report.team_id, Report.main_category_id, Report.category_id,
                   Report.buurt_code, Report.wijk_code, Report.visibility, sent.c.receipt_at, sent.c.first_at,
                   sent.c.closing_at, func.coalesce(sent.c.interims, 0), receipts, closings,
                   func.coalesce(sent.c.failed, 0), func.coalesce(answers.c.answers, 0),
                   func.coalesce(answers.c.satisfied, 0), owed_by, *derived)
            .select_from(ReporterContact)
            .join(Report, and_(Report.id == ReporterContact.report_id, ReporterContact.wants_feedback.is_(True)))
            .outerjoin(sent, sent.c.report_id == Report.id)
            .outerjoin(answers, answers.c.report_id == Report.id)
            .where(*only(Report.id)))


def contributions(row, sign: int, cells: dict) -> None:
    """Add (+1) or take away (-1) what one facts row counts in its day and month cells."""
    day = row.received_at.astimezone(LOCAL_TZ).date()
    measures = [1, *[int(row.state == key) for key in STATE_KEYS], row.informed, row.receipt_on_time,
                int(row.first_ms is not None), row.first_ms or 0, int(row.closing_ms is not None), row.closing_ms or 0,
                row.answers, row.satisfied, int(row.overdue_at is not None)]
    dims = dims_of(row._mapping, ROLLUP_DIMENSIONS)
    for grain, period in (("d", day), ("m", day.replace(day=1))):
        cell = cells[(grain, period, *dims)]
        for i, value in enumerate(measures):
            cell[i] += sign * value


def fact_sums() -> list:
    """ROLLUP_MEASURES as aggregates over feedback_facts rows."""
    f = feedback_facts.c
    return [func.count(), *[func.count(case((f.state == key, 1))) for key in STATE_KEYS],
            func.coalesce(func.sum(f.informed), 0), func.coalesce(func.sum(f.receipt_on_time), 0),
            func.count(f.first_ms), func.coalesce(func.sum(f.first_ms), 0), func.count(f.closing_ms),
            func.coalesce(func.sum(f.closing_ms), 0), func.coalesce(func.sum(f.answers), 0),
            func.coalesce(func.sum(f.satisfied), 0), func.count(f.overdue_at)]


@cache
def _refresh_statements(dialect: str) -> tuple:
    """refresh's statements for any list of report ids (expanding parameter `ids`), built once per
    dialect: building the facts query costs milliseconds, its compiled form is cached too."""
    ids = bindparam("ids", expanding=True)
    return (select(Report.id).where(Report.id.in_(ids)).order_by(Report.id).with_for_update(),
            select(feedback_facts).where(feedback_facts.c.report_id.in_(ids)),
            delete(feedback_facts).where(feedback_facts.c.report_id.in_(ids)),
            feedback_facts.insert().from_select([c.name for c in feedback_facts.c], _facts_select(dialect, ids)))


def refresh(connection, report_ids, new: bool = False) -> None:
    """Recompute the facts rows of these reports and move their roll-up contributions (also for
    reports and contacts written without the ORM, which no flush listener sees). `new`: reports
    inserted in this transaction, which have no facts yet and no other writer can see: nothing to
    lock or take away."""
    dialect = connection.dialect.name
    lock, rows, remove, insert = _refresh_statements(dialect)
    ids = {"ids": sorted(report_ids)}
    cells: dict = defaultdict(lambda: [0] * len(ROLLUP_MEASURES))
    if not new:
        if dialect == "postgresql":
            connection.execute(lock, ids)
        for row in connection.execute(rows, ids):
            contributions(row, -1, cells)
        connection.execute(remove, ids)
    connection.execute(insert, ids)
    for row in connection.execute(rows, ids):
        contributions(row, +1, cells)
    upsert_deltas(connection, feedback_rollups, cells)


def rebuild(connection) -> None:
    """Recompute every facts row and the roll-up (idempotent; in the caller's transaction)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("LOCK TABLE feedback_facts, feedback_rollups IN EXCLUSIVE MODE"))
    connection.execute(delete(feedback_facts))
    connection.execute(delete(feedback_rollups))
    connection.execute(feedback_facts.insert().from_select([c.name for c in feedback_facts.c],
                                                            _facts_select(dialect)))
    period = local_date(feedback_facts.c.received_at, dialect)
    dims = dimension_columns(ROLLUP_DIMENSIONS, feedback_facts)
    key = [c.name for c in feedback_rollups.primary_key]
    connection.execute(feedback_rollups.insert().from_select(key + list(ROLLUP_MEASURES), select(
        literal("d"), period, *dims, *fact_sums()).group_by(period, *[d.element for d in dims])))
    r = feedback_rollups.c
    month = month_of(r.period, dialect)
    columns = [r[n] for n in ROLLUP_DIMENSIONS]
    connection.execute(feedback_rollups.insert().from_select(key + list(ROLLUP_MEASURES), select(
        literal("m"), month, *columns, *[func.sum(r[m]) for m in ROLLUP_MEASURES])
        .where(r.grain == "d").group_by(month, *columns)))


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
        refresh(session.connection(), ids)
