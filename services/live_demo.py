"""Live mode of the demo: a daemon thread that keeps the SYNTHETIC Wateringse Veld alive.

Every `interval` seconds (with jitter) it submits one new synthetic report through
services.intake.submit_report (received now), and every few ticks it moves one open synthetic
report one workflow step, so live views see new and changing reports. It uses the same
ReportComposer as the history generator (services.demo_scenario). An error is logged and the
thread carries on; stop() ends it promptly.
"""

from __future__ import annotations

import logging
import random
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from data_access.models import Category, Report, utcnow
from services import demo_texts as T
from services.areas import AreaIndex
from services.demo_scenario import ReportComposer, Staff
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


class LiveDemo:
    """`LiveDemo(session_factory, interval=8, seed=...)`; start() and stop() the thread."""

    def __init__(self, session_factory: sessionmaker[Session], interval: float = 8.0,
                 seed: int | None = None, jitter: float = 0.3, step_every: int = 3,
                 urgent_every: int = 20):
        self.session_factory = session_factory
        self.interval = float(interval)
        self.jitter = jitter
        self.step_every = max(1, step_every)
        self.urgent_every = max(1, urgent_every)
        self.rng = random.Random(seed)
        self.ticks = 0
        self.submitted = 0
        self.advanced = 0
        self.errors = 0
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
            wait = self.interval * self.rng.uniform(1 - self.jitter, 1 + self.jitter)
            self._stop.wait(max(0.01, wait))

    # --- one tick --------------------------------------------------------------------------
    def tick(self) -> Report:
        """Submit one synthetic report now; every `step_every` ticks also advance one report."""
        self.ticks += 1
        with self.session_factory() as session:
            try:
                self._prepare(session)
                report = self._submit(session)
                session.commit()
                if self.ticks % self.step_every == 0:
                    self._advance(session)
                return report
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

    def _submit(self, session: Session) -> Report:
        composer = self._composer
        slug = urgent = None
        if self.submitted % self.urgent_every == self.urgent_every - 1:
            slug, urgent = self.rng.choice(T.LIVE_URGENT_SLUGS), True
        data = composer.draft(utcnow(), slug, urgent=urgent, hotspot_share=0.15)
        report = submit_report(session, data, index=self._index)
        self.submitted += 1
        return report

    def _advance(self, session: Session) -> Report | None:
        candidates = session.scalars(
            select(Report).where(Report.synthetic.is_(True), Report.status.in_(sorted(NEXT_STEP)))
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

