"""Terugkoppeling figures in SQL: per report whose reporter wants to hear back, what was sent when.

Feedback state of a report (the furthest message actually delivered):
nothing sent, receipt confirmed (ontvangstbevestiging), interim message (tussenbericht), closing
message (afloopbericht). Overdue: no receipt within 1 working day after receipt of the report
(Friday: 72 h, Saturday: 48 h, Europe/Amsterdam weekday), or no closing message within 48 hours
after closing (status afgehandeld). Every query applies report_scope and a period on Report.received_at.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import DateTime, and_, case, func, literal, select, true
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access import feedback_store as F
from data_access.feedback_store import CLOSING, RECEIPT, hours_between
from data_access.models import Area, Category, FeedbackMessage, Organisation, Report, Team
from data_access.rollups import (
    add_counts, first_whole_day, local_midnight, on_table, period_condition, restore,
)
from data_access.scoping import report_scope
from data_access.time_buckets import LOCAL_TZ
from data_access.vocabulary import FAILED

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


_GROUP_COLUMNS = {None: None, "organisatie": "organisation_id", "team": "team_id", "categorie": "main_category_id",
                  "buurt": "buurt_code"}


def _labeller(session: Session, group: str | None):
    """The label of a group key, as the page shows it."""
    if group is None:
        return lambda _: "Totaal"
    if group == "organisatie":
        names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
        return lambda key: names.get(key)
    if group == "team":
        names = dict(session.execute(select(Team.id, Team.name)).all())
        return lambda key: names.get(key) or "Geen team"
    if group == "categorie":
        names = dict(session.execute(select(Category.id, Category.name)).all())
        return lambda key: names.get(key)
    names = dict(session.execute(select(Area.code, Area.name)).all())
    return lambda key: names.get(key) or key or "Onbekend"


def _sums(session: Session, principal: Principal, start: datetime, end: datetime, now: datetime,
          column: str | None) -> dict:
    """{group key: ROLLUP_MEASURES sums + overdue} of the in-scope reports received in [start, end)
    that want feedback: whole local days from feedback_rollups, the rest from feedback_facts (all
    of it when the scope needs a column the roll-ups lack: a partner's categories)."""
    sums: dict = defaultdict(lambda: [0] * (len(F.ROLLUP_MEASURES) + 1))
    r, f = F.feedback_rollups, F.feedback_facts
    first, last = first_whole_day(start), end.astimezone(LOCAL_TZ).date()
    edges = [(start, end)]
    in_rollups = on_table([report_scope(principal)], r)
    if first < last and in_rollups is not None:
        edges = [(start, local_midnight(first)), (local_midnight(last), end)]
        key = [r.c[column]] if column else []
        query = (select(*key, *[func.sum(r.c[m]) for m in F.ROLLUP_MEASURES])
                 .where(period_condition(first, last, True, r), *in_rollups)
                 .group_by(*key))
        for row in session.execute(query):
            add_counts(sums, (restore(column, row[0]) if column else None,), row[len(key):])
    key = [f.c[column]] if column else []
    for low, high in edges:
        if low < high:
            query = (select(*key, *F.fact_sums()).where(*_scope(principal), f.c.received_at >= low,
                                                        f.c.received_at < high).group_by(*key))
            for row in session.execute(query):
                if row[len(key)]:
                    add_counts(sums, (row[0] if column else None,), row[len(key):])
    # overdue = with a deadline - deadline still ahead (few rows: read through the overdue_at index)
    ahead = (select(*key, func.count()).where(*_scope(principal), f.c.overdue_at >= _now(now),
                                               f.c.received_at >= start, f.c.received_at < end).group_by(*key)
             .with_hint(f, "INDEXED BY ix_feedback_facts_overdue_at", "sqlite"))
    for row in session.execute(ahead):
        sums[(row[0] if column else None,)][-1] -= row[-1]
    for cell in sums.values():
        cell[-1] += cell[-2]
    return sums


def feedback_figures(session: Session, principal: Principal, start: datetime, end: datetime,
                     now: datetime, group: str | None = None) -> list[FeedbackFigures]:
    """Figures per group (or one 'Totaal' row), largest group first."""
    if group not in _GROUP_COLUMNS:
        raise ValueError(f"unknown group {group!r}")
    label = _labeller(session, group)
    merged: dict = {}
    for (key,), counts in _sums(session, principal, start, end, now, _GROUP_COLUMNS[group]).items():
        cell = merged.setdefault(label(key), [0] * len(counts))
        for i, n in enumerate(counts):
            cell[i] += int(n or 0)
    rows = []
    for name, counts in merged.items():
        c = dict(zip((*F.ROLLUP_MEASURES, "overdue"), counts))
        if not c["wanting"]:
            continue
        rows.append(FeedbackFigures(
            label=name, wanting=c["wanting"], states={key: c[key] for key in STATES}, overdue=c["overdue"],
            informed=c["informed"], receipt_on_time=c["receipt_on_time"],
            avg_hours_first=c["first_ms"] / c["firsts"] / 3_600_000 if c["firsts"] else None,
            avg_hours_closing=c["closing_ms"] / c["closings_sent"] / 3_600_000 if c["closings_sent"] else None,
            answers=c["answers"], satisfied=c["satisfied"], with_first=c["firsts"], with_closing=c["closings_sent"]))
    return sorted(rows, key=lambda row: (-row.wanting, row.label or ""))


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
        .where(report_scope(principal), FeedbackMessage.state == FAILED)
        .order_by(FeedbackMessage.created_at.desc()).limit(limit)).all()
