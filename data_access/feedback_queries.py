"""Terugkoppeling figures in SQL: per report whose reporter wants to hear back, what was sent when.

Feedback state of a report (the furthest message actually delivered):
nothing sent, receipt confirmed (ontvangstbevestiging), interim message (tussenbericht), closing
message (afloopbericht). Overdue: no receipt within 1 working day after receipt of the report
(Friday: 72 h, Saturday: 48 h, Europe/Amsterdam weekday), or no closing message within 48 hours
after closing (status afgehandeld). Every query applies report_scope and a period on Report.received_at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import DateTime, Float, and_, case, cast, func, literal, or_, select, true
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access import feedback_store as F
from data_access.feedback_store import (
    CLOSING, CLOSING_ALLOWANCE_HOURS, RECEIPT, hours_between, receipt_allowance_hours,
)
from data_access.models import Area, Category, FeedbackMessage, Organisation, Report, Team
from data_access.rollups import on_table
from data_access.scoping import report_scope

STATES = {"niets": "Nog niets verzonden", "ontvangst": "Ontvangst bevestigd",
          "tussenbericht": "Tussenbericht verzonden", "afloop": "Afloopbericht verzonden"}
GROUPS = {"organisatie": "Organisatie", "team": "Team", "categorie": "Categorie", "buurt": "Buurt"}
QUEUE_LIMIT = 500


def _now(now: datetime):
    """`now` as a naive-UTC SQL literal, stored-time format on both dialects."""
    return literal(now.astimezone(timezone.utc).replace(tzinfo=None), DateTime)


def _scope(principal: Principal) -> list:
    """report_scope on the facts table (it carries the reports' visibility and wijk)."""
    return on_table([report_scope(principal)], F.feedback_facts)


def feedback_facts(session: Session, principal: Principal, start: datetime, end: datetime,
                   now: datetime):
    """Subquery: one row per in-scope report (received in [start, end)) that wants feedback, read
    from the feedback_facts table (data_access/feedback_store.py)."""
    dialect = session.get_bind().dialect.name
    f = F.feedback_facts.c
    now_sql = _now(now)
    allowance = receipt_allowance_hours(f.received_at, dialect)
    closing_late = and_(f.status == "afgehandeld", f.closing_at.is_(None),
                        hours_between(now_sql, f.closed_at, dialect) > CLOSING_ALLOWANCE_HOURS)
    receipt_late = and_(f.receipt_at.is_(None), hours_between(now_sql, f.received_at, dialect) > allowance)
    state = case((f.closing_at.is_not(None), "afloop"), (f.interims > 0, "tussenbericht"),
                 (f.receipt_at.is_not(None), "ontvangst"), else_="niets")
    return (select(
        f.report_id, f.organisation_id, f.team_id, f.main_category_id, f.buurt_code,
        state.label("state"),
        case((or_(receipt_late, closing_late), 1), else_=0).label("overdue"),
        case((f.first_at.is_not(None), 1), else_=0).label("informed"),
        case((and_(f.receipt_at.is_not(None), hours_between(f.receipt_at, f.received_at, dialect) <= allowance), 1),
             else_=0).label("receipt_on_time"),
        hours_between(f.first_at, f.received_at, dialect).label("hours_first"),
        case((and_(f.closing_at.is_not(None), f.closed_at.is_not(None)),
              hours_between(f.closing_at, f.closed_at, dialect))).label("hours_closing"),
        f.answers, f.satisfied,
    ).where(*_scope(principal), f.received_at >= start, f.received_at < end).subquery())


@dataclass(frozen=True)
class FeedbackFigures:
    label: str
    wanting: int                  # reports whose reporter wants feedback
    states: dict[str, int]        # per STATES key
    overdue: int
    informed: int
    receipt_on_time: int
    avg_hours_first: float | None
    avg_hours_closing: float | None
    answers: int
    satisfied: int
    with_first: int = 0           # reports with a first message (the weight of avg_hours_first)
    with_closing: int = 0         # reports with a closing message after closing

    @property
    def informed_share(self) -> float | None:
        return self.informed / self.wanting if self.wanting else None

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.answers if self.answers else None


def _group_label(facts, group: str | None):
    """(label expression, joins) for a grouping of the facts subquery."""
    if group is None:
        return literal("Totaal"), []
    if group == "organisatie":
        return Organisation.name, [(Organisation, Organisation.id == facts.c.organisation_id)]
    if group == "team":
        return func.coalesce(Team.name, "Geen team"), [(Team, Team.id == facts.c.team_id)]
    if group == "categorie":
        return Category.name, [(Category, Category.id == facts.c.main_category_id)]
    if group == "buurt":
        return (func.coalesce(Area.name, facts.c.buurt_code, "Onbekend"),
                [(Area, Area.code == facts.c.buurt_code)])
    raise ValueError(f"unknown group {group!r}")


def feedback_figures(session: Session, principal: Principal, start: datetime, end: datetime,
                     now: datetime, group: str | None = None) -> list[FeedbackFigures]:
    """Counts per group (or one 'Totaal' row), all aggregated in SQL."""
    facts = feedback_facts(session, principal, start, end, now)
    label, joins = _group_label(facts, group)
    query = select(
        label.label("label"), func.count(),
        *[func.count(case((facts.c.state == key, 1))) for key in STATES],
        func.sum(facts.c.overdue), func.sum(facts.c.informed), func.sum(facts.c.receipt_on_time),
        func.avg(cast(facts.c.hours_first, Float)), func.avg(cast(facts.c.hours_closing, Float)),
        func.sum(facts.c.answers), func.sum(facts.c.satisfied),
        func.count(facts.c.hours_first), func.count(facts.c.hours_closing),
    ).select_from(facts)
    for model, condition in joins:
        query = query.outerjoin(model, condition)
    if group is not None:
        query = query.group_by(label).order_by(func.count().desc(), label)
    rows = []
    for row in session.execute(query):
        wanting = row[1]
        if not wanting:
            continue
        states = dict(zip(STATES, row[2:6]))
        rows.append(FeedbackFigures(
            label=row[0], wanting=wanting, states=states, overdue=int(row[6] or 0),
            informed=int(row[7] or 0), receipt_on_time=int(row[8] or 0),
            avg_hours_first=None if row[9] is None else float(row[9]),
            avg_hours_closing=None if row[10] is None else float(row[10]),
            answers=int(row[11] or 0), satisfied=int(row[12] or 0),
            with_first=int(row[13] or 0), with_closing=int(row[14] or 0)))
    return rows


def _weighted(rows: list[FeedbackFigures], value, weight) -> float | None:
    total = sum(weight(r) for r in rows)
    return sum(value(r) * weight(r) for r in rows if weight(r)) / total if total else None


def combined(rows: list[FeedbackFigures], label: str = "Totaal") -> FeedbackFigures | None:
    """The total over group rows (saves a second query): sums, and averages weighted by count."""
    if not rows:
        return None
    return FeedbackFigures(
        label=label, wanting=sum(r.wanting for r in rows),
        states={key: sum(r.states[key] for r in rows) for key in STATES},
        overdue=sum(r.overdue for r in rows), informed=sum(r.informed for r in rows),
        receipt_on_time=sum(r.receipt_on_time for r in rows),
        avg_hours_first=_weighted(rows, lambda r: r.avg_hours_first, lambda r: r.with_first),
        avg_hours_closing=_weighted(rows, lambda r: r.avg_hours_closing, lambda r: r.with_closing),
        answers=sum(r.answers for r in rows), satisfied=sum(r.satisfied for r in rows),
        with_first=sum(r.with_first for r in rows), with_closing=sum(r.with_closing for r in rows))


def feedback_queue_query(session: Session, principal: Principal, now: datetime, own_only: bool = False):
    """Reports owing feedback (no receipt yet, or closed without a closing message), most
    urgent and earliest due first; `hours_left` < 0 means overdue. `own_only`: only reports of
    the principal's organisation (the ones its staff can send for)."""
    dialect = session.get_bind().dialect.name
    f = F.feedback_facts.c
    owed = case((and_(f.status == "afgehandeld", f.closings == 0), CLOSING), else_=RECEIPT)
    own = f.organisation_id == principal.organisation_id if own_only else true()
    return (select(Report.id, Report.reference, Report.version, f.urgent, f.status, f.organisation_id,
                   Category.name.label("category"),
                   func.coalesce(Area.name, f.buurt_code, "Onbekend").label("buurt"),
                   owed.label("owed"), hours_between(f.owed_by, _now(now), dialect).label("hours_left"),
                   f.failed)
            .select_from(F.feedback_facts)
            .join(Report, Report.id == f.report_id)
            .join(Category, Category.id == f.category_id)
            .outerjoin(Area, Area.code == f.buurt_code)
            .where(*_scope(principal), own, f.owed_by.is_not(None))
            .order_by(f.urgent.desc(), f.owed_by, f.report_id))


def feedback_queue(session: Session, principal: Principal, now: datetime, own_only: bool = False,
                   limit: int = QUEUE_LIMIT) -> list:
    return session.execute(feedback_queue_query(session, principal, now, own_only).limit(limit)).all()


def failed_messages(session: Session, principal: Principal, limit: int = 50) -> list:
    """Messages the outbox could not deliver yet (shown, and retried by the outbox)."""
    return session.execute(
        select(FeedbackMessage.id, Report.reference, FeedbackMessage.kind, FeedbackMessage.channel,
               FeedbackMessage.attempts, FeedbackMessage.last_error, FeedbackMessage.created_at)
        .join(Report, Report.id == FeedbackMessage.report_id)
        .where(report_scope(principal), FeedbackMessage.state == "mislukt")
        .order_by(FeedbackMessage.created_at.desc()).limit(limit)).all()
