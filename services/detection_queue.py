"""Early warning outside the web request that stored a report.

Detection costs more than the intake itself; run inside an API or chat request it would set the
pace of every channel. Requests hand the new report's id to this queue after their commit; a daemon
thread per process works through it in its own session, in batches: after the first id it gathers
for GATHER_SECONDS (a lone report still gets its alert within about a second), or, under load, for
ten times as long as the previous batch took (at most MAX_GATHER_SECONDS). A batch tests each spike
series and each ~100 m place once and makes the grouping proposals with one candidate query
(`on_reports_submitted`, `propose_for_all`), so the cost per report falls as batches grow; gathering
longer when detection is busy keeps it to about a tenth of the time. During a flood (ids still
arriving at FLOOD_PER_SECOND or faster when the window closes) it waits until the flood ebbs, at most
MAX_DEFER_SECONDS after the first id: a short flood is answered at full speed, and a long one is
checked in large batches (whose places share their reads, `early_warning.check_places`), with every
alert within a minute (the deferral, a batch's check and the next batch's gathering).

The queue lives in memory, but what still needs a check lives in the store: every report that
needs early warning is written to `detection_backlog` with the report itself, and a batch's check
deletes its rows in its own transaction. A batch whose check fails (a database hiccup) or never
runs (a process killed with ids still queued) keeps its rows, and the job runner's "detect" job
(`scheduled_pass`) first checks every report left there for longer than CATCH_UP_AFTER, oldest
first, in batches, and then makes its pass over the last 24 hours. In test mode the queue runs
each id at once, so tests stay deterministic.
"""

from __future__ import annotations

import bisect
import logging
import queue
import threading
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from data_access import detection_backlog
from data_access.db import transaction
from data_access.models import Report, utcnow
from data_access.scoping import unscoped_select
from services.early_warning import on_reports_submitted, run_detection
from services.incident_grouping import propose_for_all
from services.metrics import observe_detection_lag
from services.process_thread import ProcessThread

log = logging.getLogger("hnm.detection")
CAUGHT_UP_LATER = "Vroegsignalering voor meldingen %s mislukt; de taak 'detect' haalt ze in"
EXTENSION = "hnm_detection"
DETECTION_LOCK_ID = 5180_41
GATHER_SECONDS = 1.0
MAX_GATHER_SECONDS = 10.0
FLOOD_PER_SECOND = 20
MAX_DEFER_SECONDS = 20.0
MAX_BATCH = 5000
CATCH_UP_AFTER = timedelta(minutes=2)   # longer than a live queue takes (MAX_DEFER_SECONDS + a batch)
CATCH_UP_BATCH = 500


def gather_seconds(previous_batch_seconds: float) -> float:
    """How long to gather the next batch, given how long detection of the previous one took."""
    return min(max(GATHER_SECONDS, 10 * previous_batch_seconds), MAX_GATHER_SECONDS)


def flooded(arrivals: list[float], now: float) -> bool:
    """Whether ids arrived at FLOOD_PER_SECOND or faster during the last second (arrival times
    ascending, from time.monotonic)."""
    return len(arrivals) - bisect.bisect_left(arrivals, now - 1.0) >= FLOOD_PER_SECOND


class DetectionQueue:
    def __init__(self, sessions: sessionmaker[Session], background: bool = True,
                 max_defer_seconds: float = MAX_DEFER_SECONDS):
        self.sessions = sessions
        self.background = background
        self.max_defer_seconds = max_defer_seconds
        self._ids: queue.Queue[int] = queue.Queue()
        self._worker = ProcessThread(self._work, "hnm-detection")

    def add(self, report_id: int) -> None:
        if not self.background:
            self.run([report_id])
            return
        self._ids.put(report_id)
        self._worker.ensure()

    def run(self, report_ids: list[int], attempts: int = 5) -> None:
        for attempt in range(attempts):
            try:
                self._detect(report_ids)
                return
            except OperationalError as error:
                # SQLite refuses a read transaction's upgrade to a writer while another process
                # writes ("database is locked"): wait a little and run the batch again (the detector
                # updates an open alert instead of adding a second one, so a rerun is harmless).
                if "locked" not in str(error) or attempt == attempts - 1:
                    log.exception(CAUGHT_UP_LATER, report_ids)
                    return
                time.sleep(0.05 * 2 ** attempt)
            except Exception:       # the reports and their backlog rows are stored
                log.exception(CAUGHT_UP_LATER, report_ids)
                return

    def _detect(self, report_ids: list[int]) -> None:
        with transaction(self.sessions) as session:
            reports = check_batch(session, report_ids)
        observe_detection_lag([report.received_at for report in reports], utcnow())

    def wait_until_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once every queued id has been handled."""
        done = threading.Event()
        threading.Thread(target=lambda: (self._ids.join(), done.set()), daemon=True).start()
        return done.wait(timeout)

    def gather(self, took: float) -> list[int]:
        """The next batch: the first queued id, what arrives in the gather window, and during a
        flood what arrives until it ebbs (at most max_defer_seconds after the first id)."""
        batch, arrivals = [self._ids.get()], [time.monotonic()]
        deadline = arrivals[0] + gather_seconds(took)
        last_call = arrivals[0] + self.max_defer_seconds
        while len(batch) < MAX_BATCH:
            now = time.monotonic()
            if now >= deadline:
                if not flooded(arrivals, now) or now >= last_call:
                    break
                deadline = min(now + 0.25, last_call)
            try:
                batch.append(self._ids.get(timeout=max(deadline - now, 0)))
                arrivals.append(time.monotonic())
            except queue.Empty:
                pass
        return batch

    def _work(self) -> None:
        took = 0.0
        while True:
            batch = self.gather(took)
            started = time.monotonic()
            self.run(batch)
            took = time.monotonic() - started
            for _ in batch:
                self._ids.task_done()


def detect_later(report_id: int) -> None:
    """Queue early warning for a report the current request has committed."""
    current_app.extensions[EXTENSION].add(report_id)


def check_batch(session: Session, report_ids: list[int]) -> list[Report]:
    """Early warning for these stored reports, and their rows out of the detection backlog, in
    the session's transaction (which the caller commits)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        # Workers of every process update the same alert rows: one batch at a time,
        # or two of them deadlock on each other's rows.
        session.execute(text(f"SELECT pg_advisory_xact_lock({DETECTION_LOCK_ID})"))
    reports = list(session.scalars(unscoped_select(Report).where(Report.id.in_(report_ids)).order_by(Report.id)))
    # SQLite has one write lock: give it back after each series and place, or the intake's
    # requests wait for the whole batch (seconds under load).
    if postgres:
        on_reports_submitted(session, reports)
    else:
        on_reports_submitted(session, reports, checkpoint=session.commit)
    propose_for_all(session, reports)
    detection_backlog.remove(session, report_ids)
    return reports


def catch_up(session: Session, now: datetime) -> tuple[int, int]:
    """Check every report left in the detection backlog for longer than CATCH_UP_AFTER, oldest
    first, a batch per transaction; returns (checked, stuck). A batch that fails is checked report
    by report, so that one report the detector cannot handle holds up no other: it stays in the
    backlog (and in hnm_detection_backlog) with its error in the log. A database that fails
    fails the job, which the runner retries after a back-off."""
    checked, stuck, after_id = 0, 0, 0
    while report_ids := detection_backlog.waiting(session, now - CATCH_UP_AFTER, CATCH_UP_BATCH, after_id):
        after_id = report_ids[-1]
        for batch in _one_by_one_on_failure(session, report_ids):
            if batch:
                checked += len(batch)
            else:
                stuck += 1
    if checked or stuck:
        log.warning("Vroegsignalering ingehaald voor %s meldingen; %s lukten niet", checked, stuck)
    return checked, stuck


def _one_by_one_on_failure(session: Session, report_ids: list[int]):
    """Yields each checked batch (committed), and [] for each report that failed alone."""
    try:
        check_batch(session, report_ids)
        session.commit()
        yield report_ids
        return
    except DBAPIError:
        raise
    except Exception:
        session.rollback()
    for report_id in report_ids:
        try:
            check_batch(session, [report_id])
            session.commit()
            yield [report_id]
        except DBAPIError:
            raise
        except Exception:
            session.rollback()
            log.exception("Vroegsignalering voor melding %s lukt niet; zij blijft in de achterstand", report_id)
            yield []


def scheduled_pass(session: Session, now: datetime) -> dict:
    """The job runner's "detect" job: the reports the detection queue missed, then the
    early-warning pass over the last 24 hours (what `flask --app app detect` runs), one at a time
    with the queue's batches on PostgreSQL."""
    checked, stuck = catch_up(session, now)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({DETECTION_LOCK_ID})"))
    return {"ingehaald": checked, "niet gelukt": stuck, "nieuwe signalen": len(run_detection(session, now))}
