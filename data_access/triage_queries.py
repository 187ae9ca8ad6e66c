"""How well the triage proposals held up, from operators' corrections: the model page's figures and
retraining's labelled examples.

A triaged report is one the classifier proposed a category for at intake (its "triage" event names
the proposed sub category). It counts as *checked* once a person has picked it up (status no longer
"gemeld"): its current category is then taken as the truth, so a proposal is right when its main
category is still the report's main category. Urgency proposals are judged by urgency corrections
("correctie" events from/to "spoed"/"geen spoed").

Every figure for the model page applies the principal's report scope in SQL and returns counts
only (no text, no personal data). `correction_examples` and `imported_examples` are for the
retraining job, which reads every report on purpose (a system job: no principal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, and_, case, cast, exists, func, literal, select
from sqlalchemy.orm import Session, aliased

from auth.principal import Principal
from data_access.models import Area, Category, Report, ReportEvent
from data_access.scoping import report_scope
from data_access.time_buckets import local_bucket, parse_bucket

CORRECTION = "correctie"
URGENCY_VALUES = ("spoed", "geen spoed")
# text length buckets for the fairness view: (label, lower bound inclusive, upper bound exclusive)
LENGTH_BUCKETS = (("kort (< 50 tekens)", 0, 50), ("middel (50-149)", 50, 150),
                  ("lang (150-399)", 150, 400), ("zeer lang (400+)", 400, None))

_proposed = aliased(Category, name="proposed_sub")


def _checked(principal: Principal, start: datetime, end: datetime) -> list:
    return [report_scope(principal), Report.received_at >= start, Report.received_at < end,
            Report.status != "gemeld"]


def _right():
    return cast(_proposed.parent_id == Report.main_category_id, Integer)


def _urgency_corrected(to_value: str):
    return exists().where(ReportEvent.report_id == Report.id, ReportEvent.kind == CORRECTION,
                          ReportEvent.to_value == to_value)


def _triaged(query):
    return (query.join(ReportEvent, and_(ReportEvent.report_id == Report.id, ReportEvent.kind == "triage"))
            .join(_proposed, _proposed.slug == ReportEvent.to_value))


@dataclass(frozen=True)
class Accuracy:
    label: str
    checked: int
    right: int

    @property
    def share(self) -> float | None:
        return self.right / self.checked if self.checked else None


def _accuracy_by(session: Session, principal: Principal, start: datetime, end: datetime, key, label_of,
                 joins=()) -> list[Accuracy]:
    query = select(key, func.count(), func.sum(_right())).select_from(Report)
    for target, on in joins:
        query = query.outerjoin(target, on)
    rows = session.execute(_triaged(query).where(*_checked(principal, start, end)).group_by(key)).all()
    out = [Accuracy(label_of(k), int(n), int(r or 0)) for k, n, r in rows]
    return sorted(out, key=lambda a: (-a.checked, a.label))


def accuracy_per_main(session: Session, principal: Principal, start: datetime, end: datetime) -> list[Accuracy]:
    """Per main category (as it turned out): how many checked reports, how many proposed right."""
    names = dict(session.execute(select(Category.id, Category.name).where(Category.parent_id.is_(None))).all())
    return _accuracy_by(session, principal, start, end, Report.main_category_id, lambda k: names.get(k, "?"))


def accuracy_per_buurt(session: Session, principal: Principal, start: datetime, end: datetime) -> list[Accuracy]:
    return _accuracy_by(session, principal, start, end, func.coalesce(Area.name, "Onbekende buurt"),
                        str, joins=[(Area, Area.code == Report.buurt_code)])


def accuracy_per_channel(session: Session, principal: Principal, start: datetime, end: datetime,
                         labels: dict[str, str]) -> list[Accuracy]:
    return _accuracy_by(session, principal, start, end, Report.channel, lambda k: labels.get(k, k))


def _length_bucket():
    length = func.length(Report.text)
    return case(*[(and_(length >= lo, length < hi) if hi else length >= lo, literal(i))
                  for i, (_, lo, hi) in enumerate(LENGTH_BUCKETS)], else_=literal(0))


def accuracy_per_length(session: Session, principal: Principal, start: datetime, end: datetime) -> list[Accuracy]:
    found = {a.label: a for a in _accuracy_by(session, principal, start, end, _length_bucket(),
                                               lambda k: LENGTH_BUCKETS[int(k)][0])}
    return [found.get(label, Accuracy(label, 0, 0)) for label, _, _ in LENGTH_BUCKETS]


@dataclass(frozen=True)
class Confusion:
    proposed: str
    final: str
    count: int


def confusions(session: Session, principal: Principal, start: datetime, end: datetime,
               limit: int = 8) -> list[Confusion]:
    """The most common (proposed main, final main) pairs that differ."""
    names = dict(session.execute(select(Category.id, Category.name).where(Category.parent_id.is_(None))).all())
    query = _triaged(select(_proposed.parent_id, Report.main_category_id, func.count()).select_from(Report))
    rows = session.execute(query.where(*_checked(principal, start, end), _proposed.parent_id != Report.main_category_id)
                           .group_by(_proposed.parent_id, Report.main_category_id)
                           .order_by(func.count().desc()).limit(limit)).all()
    return [Confusion(names.get(p, "?"), names.get(f, "?"), int(n)) for p, f, n in rows]


@dataclass(frozen=True)
class Summary:
    triaged: int            # proposals made (checked or not)
    checked: int
    right: int
    needed_review: int      # proposals marked for review (category unsure, rerouted, possible danger)
    safety_checks: int      # of which: possibly someone in danger
    urgency_missed: int     # made urgent by a person afterwards
    urgency_needless: int   # made non-urgent by a person afterwards
    mean_confidence: float | None


def summary(session: Session, principal: Principal, start: datetime, end: datetime) -> Summary:
    scope = [report_scope(principal), Report.received_at >= start, Report.received_at < end,
             Report.triage_confidence.is_not(None)]
    triaged, review, safety_checks, missed, needless, confidence = session.execute(select(
        func.count(), func.sum(cast(Report.needs_triage, Integer)), func.sum(cast(Report.safety_check, Integer)),
        func.sum(cast(_urgency_corrected("spoed"), Integer)), func.sum(cast(_urgency_corrected("geen spoed"), Integer)),
        func.avg(Report.triage_confidence)).where(*scope)).one()
    checked, right = session.execute(_triaged(select(func.count(), func.sum(_right())).select_from(Report))
                                     .where(*_checked(principal, start, end))).one()
    return Summary(int(triaged or 0), int(checked or 0), int(right or 0), int(review or 0), int(safety_checks or 0),
                   int(missed or 0), int(needless or 0), None if confidence is None else float(confidence))


@dataclass(frozen=True)
class WeekFigures:
    week: datetime
    checked: int
    right: int
    triaged: int
    needed_review: int
    mean_confidence: float | None


def drift(session: Session, principal: Principal, start: datetime, end: datetime) -> list[WeekFigures]:
    """Per local week: proposals, the share needing review, mean confidence and accuracy."""
    dialect = session.get_bind().dialect.name
    week = local_bucket(Report.received_at, "week", dialect)
    made = session.execute(select(week, func.count(), func.sum(cast(Report.needs_triage, Integer)),
                                  func.avg(Report.triage_confidence))
                           .where(report_scope(principal), Report.received_at >= start, Report.received_at < end,
                                  Report.triage_confidence.is_not(None)).group_by(week)).all()
    checked = dict((w, (n, r)) for w, n, r in session.execute(
        _triaged(select(week, func.count(), func.sum(_right())).select_from(Report))
        .where(*_checked(principal, start, end)).group_by(week)).all())
    out = []
    for w, n, review, confidence in sorted(made):
        c, r = checked.get(w, (0, 0))
        out.append(WeekFigures(parse_bucket(w), int(c or 0), int(r or 0), int(n), int(review or 0),
                               None if confidence is None else float(confidence)))
    return out


# --------------------------------------------------------------------------------- training data
@dataclass(frozen=True)
class LabelledText:
    report_id: int
    text: str
    sub_slug: str
    urgent: bool
    emergency: bool
    at: datetime            # when the label was last set by a person (corrections) or received (imports)


def correction_examples(session: Session, since: datetime | None = None) -> list[LabelledText]:
    """Every report a person corrected (category or urgency), labelled as it stands now; `since`
    keeps those whose last correction is at or after it. Reads every report (system job)."""
    last = (select(ReportEvent.report_id, func.max(ReportEvent.at).label("at"))
            .where(ReportEvent.kind == CORRECTION).group_by(ReportEvent.report_id).subquery())
    main = aliased(Category, name="main_category")
    query = (select(Report.id, Report.text, Category.slug, Report.urgent, main.slug, last.c.at)
             .join(last, last.c.report_id == Report.id)
             .join(Category, Category.id == Report.category_id)
             .join(main, main.id == Report.main_category_id).order_by(Report.id))
    if since is not None:
        query = query.where(last.c.at >= since)
    return [LabelledText(rid, text, slug, bool(urgent), bool(urgent) and main_slug == "veiligheid-politie", at)
            for rid, text, slug, urgent, main_slug, at in session.execute(query)]


def imported_examples(session: Session, limit: int = 20000) -> list[LabelledText]:
    """Bulk-imported history (Signalen, The Hague MOR, CSV) whose export held a text, with the final
    category it was imported with; the catch-all 'overig' is left out (it says nothing)."""
    main = aliased(Category, name="main_category")
    rows = session.execute(
        select(Report.id, Report.text, Category.slug, Report.urgent, main.slug, Report.received_at)
        .join(Category, Category.id == Report.category_id).join(main, main.id == Report.main_category_id)
        .where(Report.channel == "import", func.length(func.trim(Report.text)) >= 10,
               ~Category.slug.like("overig%"), Report.synthetic.is_(False))
        .order_by(Report.received_at.desc()).limit(limit))
    return [LabelledText(rid, text, slug, bool(urgent), bool(urgent) and main_slug == "veiligheid-politie", at)
            for rid, text, slug, urgent, main_slug, at in rows]

