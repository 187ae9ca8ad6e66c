"""Live mode of the demo: a daemon thread that keeps the SYNTHETIC Wateringse Veld alive at the
pace of a normal week.

New reports arrive at the scenario's own rate (services.demo_scenario.reports_per_hour: about
40 a day, quiet at night, busier in the late afternoon, evening and weekend nights) with the
history's own mix of categories and urgent share; the planted patterns of the history stay the
only unusual events. Every `interval` seconds the thread draws how many reports arrived since its
last look (Poisson at that rate) and submits them through services.intake.submit_report
(received now), and moves about STEPS_PER_REPORT open synthetic reports one workflow step per new
report, so the backlog stays level. It uses the same ReportComposer as the history generator. An
error is logged and the thread carries on; stop() ends it promptly.
"""

from __future__ import annotations

import logging
import math
import random
import threading
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from data_access.models import Category, Report, utcnow
from data_access.scoping import unscoped_select
from services import demo_texts as T
from services.areas import AreaIndex
from services.demo_scenario import ReportComposer, Staff, reports_per_hour
from services.intake import submit_report
from services.workflow import ConflictError, change_status

log = logging.getLogger(__name__)

# next step for an open report: status -> [(next status, weight)]
NEXT_STEP = {
    "gemeld": [("in_behandeling", 1.0)],
    "heropend": [("in_behandeling", 1.0)],
    "reactie_gevraagd": [("in_behandeling", 1.0)],
    "doorgezet": [("in_behandeling", 1.0)],
    "in_behandeling": [("afgehandeld", 0.75), ("ingepland", 0.2), ("reactie_gevraagd", 0.05)],
    "ingepland": [("afgehandeld", 1.0)],
}
STEPS_PER_REPORT = 2.2          # pick-up, sometimes planning or a question, closing
MAX_GAP = timedelta(minutes=10)  # after a pause (a sleeping laptop) no burst of catching up


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth): the means here are small (a report per tick at most, mostly none)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class LiveDemo:
    """`LiveDemo(session_factory, interval=8, seed=...)`; start() and stop() the thread."""

    def __init__(self, session_factory: sessionmaker[Session], interval: float = 8.0,
                 seed: int | None = None, speed: float = 1.0):
        self.session_factory = session_factory
        self.interval = float(interval)
        self.speed = speed              # tests: the week's rhythm, many times faster
        self.rng = random.Random(seed)
        self.ticks = 0
        self.submitted = 0
        self.advanced = 0
        self.errors = 0
        self._last_look: datetime | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._composer: ReportComposer | None = None
        self._index: AreaIndex | None = None
        self._staff: Staff | None = None
        self._main_slugs: dict[int, str] = {}

    # --- thread control --------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hnm-live-demo", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:                       # never let the thread die
                self.errors += 1
                log.exception("Live demo: tick mislukt; volgende poging bij de volgende tick")
            self._stop.wait(self.interval)

    # --- one tick --------------------------------------------------------------------------
    def due(self, now: datetime) -> tuple[int, int]:
        """(new reports, workflow steps) that happened since the last look, at the scenario's rate."""
        since = self._last_look or now - timedelta(seconds=self.interval)
        self._last_look = now
        hours = min(max(now - since, timedelta(0)), MAX_GAP).total_seconds() / 3600
        arrivals = reports_per_hour(now) * hours * self.speed
        return poisson(self.rng, arrivals), poisson(self.rng, arrivals * STEPS_PER_REPORT)

    def tick(self, now: datetime | None = None) -> list[Report]:
        """Submit the reports due now and take the workflow steps due now."""
        self.ticks += 1
        now = now or utcnow()
        arrivals, steps = self.due(now)
        if not arrivals and not steps:
            return []
        with self.session_factory() as session:
            try:
                self._prepare(session)
                reports = [self._submit(session, now) for _ in range(arrivals)]
                session.commit()
                for _ in range(steps):
                    self._advance(session)
                return reports
            except BaseException:
                session.rollback()
                raise

    def _prepare(self, session: Session) -> None:
        if self._composer is None:
            self._index = AreaIndex.from_session(session)
            self._staff = Staff(session)
            self._main_slugs = {c.id: c.slug for c in session.scalars(
                select(Category).where(Category.parent_id.is_(None)))}
            self._composer = ReportComposer.from_session(session, self.rng)

    def _submit(self, session: Session, now: datetime) -> Report:
        """One report as the history has them: category by the time of day, its own urgent share."""
        report = submit_report(session, self._composer.draft(now), index=self._index)
        self.submitted += 1
        return report

    def _advance(self, session: Session) -> Report | None:
        candidates = session.scalars(
            unscoped_select(Report).where(Report.synthetic.is_(True), Report.status.in_(sorted(NEXT_STEP)))
            .order_by(Report.received_at.desc()).limit(40)).all()
        if not candidates:
            return None
        report = self.rng.choice(candidates)
        options = NEXT_STEP[report.status]
        new_status = self.rng.choices([s for s, _ in options], weights=[w for _, w in options])[0]
        principal = self._staff.for_report(report)
        note = {"in_behandeling": "Opgepakt.",
                "ingepland": self.rng.choice(T.PLANNED_NOTES),
                "reactie_gevraagd": self.rng.choice(T.QUESTION_NOTES),
                "afgehandeld": self.rng.choice(T.CLOSING_NOTES.get(
                    self._main_slugs.get(report.main_category_id, ""), T.CLOSING_NOTES["overig"]))}[new_status]
        try:
            if new_status == "in_behandeling" and report.assignee_id is None:
                report.assignee_id = principal.user_id
                session.flush()
            change_status(session, principal, report.id, report.version, new_status, note)
            session.commit()
        except ConflictError:                       # somebody worked it just now: fine, skip
            session.rollback()
            return None
        self.advanced += 1
        return report

