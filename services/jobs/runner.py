"""The job runner: runs the registry's jobs on time, once, with retries, and keeps their state in the store.

Every runner (the embedded one in `python app.py`, or `flask --app app worker` on one or more
hosts) beats every HNM_JOB_HEARTBEAT seconds (10) into `job_runners` and tries to become the leader
(`Leadership`). The leader runs an APScheduler BackgroundScheduler with one entry per job, its
first run taken from `job_states.next_run_at` (a run missed while no runner ran comes at once; a job
that never ran starts at once when it runs at an interval, at its first scheduled time when it has a
cron schedule).
Before a run the runner claims it in `job_states` (an UPDATE that only succeeds while the job is
not running and is due), so even two runners that both think they lead run each due run once.
After a run it records the outcome: success sets the next run from the job's schedule; failure
counts it and sets the next run after a back-off (RETRY_BASE, doubling, at most RETRY_MAX).
A runner that dies mid-run leaves `running_since` set: the next leader records that run as
"onderbroken", counts it as a failure and runs the job again at once. The work itself (outbox
rows, reports to check) lives in the store, so nothing is lost.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy import delete, or_, select, update

from data_access.db import transaction
from data_access.models import JobRunnerBeat, JobState, utcnow
from services.jobs.leadership import Leadership
from services.jobs.registry import JOBS, Job

RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=1)
CLAIM_SLACK = timedelta(seconds=2)       # a run fired a moment before its time (clocks of two hosts)
OK, FAILED, INTERRUPTED = "ok", "mislukt", "onderbroken"
log = logging.getLogger("hnm.jobs")


def retry_delay(failures: int, base: timedelta = RETRY_BASE, cap: timedelta = RETRY_MAX) -> timedelta:
    """30 s, 1 min, 2 min, ... at most an hour: a failing job is tried again sooner than a daily
    schedule would, and a broken one does not hammer its database or mail server."""
    return min(base * 2 ** max(failures - 1, 0), cap)


def summarise(result) -> str:
    if result is None:
        return ""
    if isinstance(result, dict):
        return ", ".join(f"{key}: {value}" for key, value in result.items())
    if isinstance(result, (list, tuple, set)):
        return f"{len(result)} nieuw"
    return str(result)[:500]


class JobRunner:
    def __init__(self, server: Flask, jobs: Iterable[Job] = JOBS, *, heartbeat_seconds: float | None = None,
                 retry_base: timedelta = RETRY_BASE, retry_max: timedelta = RETRY_MAX, name: str | None = None):
        self.server = server
        self.sessions = server.extensions["hnm_sessions"]
        self.jobs = {job.name: job for job in jobs}
        self.heartbeat_seconds = heartbeat_seconds or server.config["HNM_SETTINGS"].job_heartbeat
        self.retry_base, self.retry_max = retry_base, retry_max
        self.id = name or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.leadership = Leadership(server.extensions["hnm_engine"])
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started_at = utcnow()

    # --- life cycle ------------------------------------------------------------------------
    @property
    def is_leader(self) -> bool:
        return self.scheduler is not None

    def start(self) -> None:
        """Run in a daemon thread of this process (the embedded runner of `python app.py`)."""
        self._thread = threading.Thread(target=self._loop, name="hnm-job-runner", daemon=True)
        self._thread.start()

    def run_forever(self) -> None:
        """Run in this thread until SIGTERM or Ctrl-C (`flask --app app worker`)."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self._stop.set())
        self._loop()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(30)

    def _loop(self) -> None:
        log.info("Taakuitvoerder %s gestart (%s)", self.id, ", ".join(self.jobs))
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception:          # the store may be away for a moment: try again next beat
                log.exception("Taakuitvoerder: hartslag mislukt")
            self._stop.wait(self.heartbeat_seconds)
        self._step_down(wait=True)
        self._forget_self()
        log.info("Taakuitvoerder %s gestopt", self.id)

    def _tick(self) -> None:
        if self.is_leader and not self.leadership.still_held():
            self._step_down(wait=False)
        if not self.is_leader and self.leadership.try_acquire():
            self._lead()
        self._beat()

    # --- leading ---------------------------------------------------------------------------
    def _lead(self) -> None:
        now = utcnow()
        with transaction(self.sessions) as session:
            states = {s.name: s for s in session.scalars(select(JobState))}
            for name in self.jobs:
                if name not in states:
                    states[name] = JobState(name=name, next_run_at=self._first_run(self.jobs[name], now),
                                            last_summary="", failures=0, runs_total=0, failures_total=0)
                    session.add(states[name])
                elif states[name].running_since is not None:
                    self._record_interrupted(states[name], now)
            first_runs = {name: states[name].next_run_at or now for name in self.jobs}
        scheduler = BackgroundScheduler(
            timezone="UTC", executors={"default": ThreadPoolExecutor(max(len(self.jobs), 1))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None})
        for name, job in self.jobs.items():
            scheduler.add_job(self._run, job.trigger(), args=[name], id=name, name=job.label,
                              next_run_time=first_runs[name])
        scheduler.start()
        self.scheduler = scheduler
        log.info("Taakuitvoerder %s leidt nu: de taken draaien hier", self.id)

    @staticmethod
    def _first_run(job: Job, now: datetime) -> datetime:
        """A job that never ran: an interval job runs at once (the outbox of a fresh store has work),
        a nightly or weekly job waits for its first scheduled time - a new install should not
        retrain or sweep for retention in its first minute, beside the first users."""
        if job.cron is None:
            return now
        return job.trigger().get_next_fire_time(None, now)

    def _record_interrupted(self, state: JobState, now: datetime) -> None:
        log.warning("Taak %s werd onderbroken op %s; hij draait nu opnieuw", state.name, state.running_on)
        state.last_status, state.last_finished_at, state.last_failure_at = INTERRUPTED, now, now
        state.last_error = f"De uitvoerder {state.running_on} stopte tijdens deze run."
        state.failures += 1
        state.failures_total += 1
        state.runs_total += 1
        state.running_since = state.running_on = None
        state.next_run_at = now

    def _step_down(self, wait: bool) -> None:
        if self.scheduler is not None:
            scheduler, self.scheduler = self.scheduler, None
            scheduler.shutdown(wait=wait)
        self.leadership.release()

    def _beat(self) -> None:
        now = utcnow()
        with transaction(self.sessions) as session:
            beat = session.get(JobRunnerBeat, self.id) or JobRunnerBeat(
                id=self.id, host=socket.gethostname(), pid=os.getpid(), started_at=self._started_at)
            beat.seen_at, beat.leader = now, self.is_leader
            session.add(beat)
            if self.is_leader:         # runners gone for a day: no longer worth showing
                session.execute(delete(JobRunnerBeat).where(JobRunnerBeat.seen_at < now - timedelta(days=1)))

    def _forget_self(self) -> None:
        try:
            with transaction(self.sessions) as session:
                session.execute(delete(JobRunnerBeat).where(JobRunnerBeat.id == self.id))
        except Exception:
            log.warning("Taakuitvoerder %s kon zich niet afmelden", self.id)

    # --- one run ---------------------------------------------------------------------------
    def run_now(self, name: str) -> str:
        """Run one job once, now, in this thread, through the same claim and record (`flask --app
        app jobs run NAME`); returns its status."""
        return self._run(name, force=True)

    def _run(self, name: str, force: bool = False) -> str | None:
        job, started = self.jobs[name], utcnow()
        if not self._claim(name, started, force):
            return None
        status, summary, error = OK, "", None
        try:
            with self.server.app_context(), transaction(self.sessions) as session:
                summary = summarise(job.function()(session, started))
        except Exception as exc:
            log.exception("Taak %s mislukt", name)
            status, error = FAILED, f"{exc.__class__.__name__}: {exc}"[:2000]
        self._finish(job, started, status, summary, error)
        return status

    def _claim(self, name: str, now: datetime, force: bool) -> bool:
        due = True if force else or_(JobState.next_run_at.is_(None), JobState.next_run_at <= now + CLAIM_SLACK)
        with transaction(self.sessions) as session:
            if session.get(JobState, name) is None:
                session.add(JobState(name=name, last_summary="", failures=0, runs_total=0, failures_total=0))
                session.flush()
            claimed = session.execute(
                update(JobState).where(JobState.name == name, JobState.running_since.is_(None), due)
                .values(running_since=now, running_on=self.id, last_started_at=now)).rowcount
            next_run = session.scalar(select(JobState.next_run_at).where(JobState.name == name))
        if not claimed and next_run is not None and next_run > now:   # another runner ran it: follow its schedule
            self._reschedule(name, next_run)
        return bool(claimed)

    def _finish(self, job: Job, started: datetime, status: str, summary: str, error: str | None) -> None:
        finished = utcnow()
        with transaction(self.sessions) as session:
            state = session.get(JobState, job.name)
            state.running_since = state.running_on = None
            state.last_finished_at, state.last_status = finished, status
            state.runs_total += 1
            if status == OK:
                state.failures, state.last_summary = 0, summary
                state.next_run_at = job.trigger().get_next_fire_time(started, finished)
            else:
                state.failures += 1
                state.failures_total += 1
                state.last_error, state.last_failure_at = error, finished
                state.next_run_at = finished + retry_delay(state.failures, self.retry_base, self.retry_max)
            next_run = state.next_run_at
        self._reschedule(job.name, next_run)

    def _reschedule(self, name: str, next_run: datetime | None) -> None:
        scheduler = self.scheduler
        if scheduler is None or next_run is None:
            return
        try:
            scheduler.modify_job(name, next_run_time=next_run)
        except Exception:           # stepped down meanwhile: the next leader reads the store
            log.debug("Taak %s niet opnieuw ingepland: niet meer de leider", name)
