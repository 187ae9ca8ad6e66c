"""The job runner on both stores: retries with back-off, state for /beheer, one run per due run
with two runners, a standby that takes over, and an interrupted run that is run again."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import JobRunnerBeat, JobState, utcnow
from data_access.vocabulary import TIMEZONE_NAME
from services.jobs.registry import JOBS, Job
from services.jobs.runner import JobRunner, retry_delay
from tests.conftest import make_app, make_store

CALLS: dict[str, list] = {"flaky": [], "steady": []}
_lock = threading.Lock()


def flaky(session, now):
    """Fails twice, then succeeds."""
    with _lock:
        CALLS["flaky"].append(time.monotonic())
        if len(CALLS["flaky"]) <= 2:
            raise RuntimeError(f"poging {len(CALLS['flaky'])} mislukt")
    return {"gelukt": 1}


def steady(session, now):
    with _lock:
        CALLS["steady"].append((time.monotonic(), threading.current_thread().name))
    time.sleep(0.05)


FLAKY = Job("flaky", "Test: faalt twee keer", f"{__name__}:flaky", every=timedelta(hours=1))
STEADY = Job("steady", "Test: elke 0,4 s", f"{__name__}:steady", every=timedelta(seconds=0.4))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(request, tmp_path_factory):
    return make_app(make_store(request, request.param, tmp_path_factory), tmp_path_factory)


def _state(app, name) -> JobState:
    with app.server.extensions["hnm_sessions"]() as session:
        return session.get(JobState, name)


def _wait(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_retry_delay_doubles_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2)]
    assert retry_delay(40) == timedelta(hours=1)


def test_registry_names_are_unique_and_targets_import():
    assert len({job.name for job in JOBS}) == len(JOBS)
    assert all(callable(job.function()) for job in JOBS)
    with pytest.raises(ValueError):
        Job("twee", "beide", "x:y", every=timedelta(minutes=1), cron="0 3 * * *")


def test_failing_job_is_retried_with_back_off_and_its_state_kept(app):
    CALLS["flaky"].clear()
    runner = JobRunner(app.server, [FLAKY], heartbeat_seconds=0.2, retry_base=timedelta(seconds=0.4), name="t-flaky")
    runner.start()
    try:
        assert _wait(lambda: len(CALLS["flaky"]) >= 3 and _state(app, "flaky").last_status == "ok")
    finally:
        runner.stop()
    first, second, third = CALLS["flaky"][:3]
    assert second - first >= 0.35 and third - second >= 0.75      # 0.4 s, then 0.8 s
    state = _state(app, "flaky")
    assert (state.runs_total, state.failures_total, state.failures) == (3, 2, 0)
    assert state.last_error == "RuntimeError: poging 2 mislukt" and state.last_summary == "gelukt: 1"
    assert state.next_run_at > utcnow() + timedelta(minutes=59)     # back on its hourly schedule
    assert state.running_since is None


def test_two_runners_run_each_due_run_once_and_a_standby_takes_over(app):
    CALLS["steady"].clear()
    first = JobRunner(app.server, [STEADY], heartbeat_seconds=0.2, name="t-een")
    second = JobRunner(app.server, [STEADY], heartbeat_seconds=0.2, name="t-twee")
    first.start()
    assert _wait(lambda: first.is_leader)
    second.start()
    assert _wait(lambda: len(CALLS["steady"]) >= 6)
    assert first.is_leader and not second.is_leader
    with app.server.extensions["hnm_sessions"]() as session:
        beats = {b.id: b.leader for b in session.scalars(select(JobRunnerBeat).where(JobRunnerBeat.id.like("t-%")))}
    assert beats == {"t-een": True, "t-twee": False}
    first.stop()
    before = len(CALLS["steady"])
    assert _wait(lambda: second.is_leader and len(CALLS["steady"]) >= before + 4)
    second.stop()
    times = [at for at, _ in CALLS["steady"]]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.3, gaps                     # never two runs of one due run
    assert _state(app, "steady").runs_total == len(times)


def test_claim_lets_one_runner_take_a_due_run(app):
    one, other = JobRunner(app.server, [FLAKY], name="c-een"), JobRunner(app.server, [FLAKY], name="c-twee")
    now = utcnow()
    with transaction(app.server.extensions["hnm_sessions"]) as session:
        state = session.get(JobState, "flaky")
        state.next_run_at, state.running_since = now, None
    assert one._claim("flaky", now, force=False) is True
    assert other._claim("flaky", now, force=False) is False            # it runs on the first runner
    one._finish(FLAKY, now, "ok", "", None)
    assert other._claim("flaky", utcnow(), force=False) is False       # done; next due in an hour
    assert _state(app, "flaky").next_run_at > now + timedelta(minutes=59)


def test_a_run_left_by_a_dead_runner_is_counted_and_run_again(app):
    CALLS["flaky"].clear()
    CALLS["flaky"].extend([0, 0])          # the next call succeeds
    with transaction(app.server.extensions["hnm_sessions"]) as session:
        state = session.get(JobState, "flaky")
        state.running_since, state.running_on = utcnow() - timedelta(minutes=3), "dode-host:123:abc"
        state.next_run_at = utcnow() + timedelta(hours=1)
        failures_before = state.failures_total
    runner = JobRunner(app.server, [FLAKY], heartbeat_seconds=0.2, name="t-herstart")
    runner.start()
    try:
        assert _wait(lambda: len(CALLS["flaky"]) >= 3 and _state(app, "flaky").running_since is None
                     and _state(app, "flaky").last_status == "ok")
    finally:
        runner.stop()
    state = _state(app, "flaky")
    assert state.failures_total == failures_before + 1 and "dode-host:123:abc" in state.last_error


NIGHTLY = Job("nightly", "Test: elke nacht om 03:00", f"{__name__}:steady", cron="0 3 * * *")


def test_a_new_nightly_job_waits_for_its_first_scheduled_time(app):
    """A fresh install runs its interval jobs at once, but does not retrain or sweep in its first minute."""
    CALLS["steady"].clear()
    runner = JobRunner(app.server, [STEADY, NIGHTLY], heartbeat_seconds=0.2, name="t-nacht")
    started = utcnow()
    runner.start()
    try:
        assert _wait(lambda: len(CALLS["steady"]) >= 3)
    finally:
        runner.stop()
    state = _state(app, "nightly")
    assert state.runs_total == 0 and state.last_status is None
    next_run = state.next_run_at if state.next_run_at.tzinfo else state.next_run_at.replace(tzinfo=ZoneInfo("UTC"))
    local = next_run.astimezone(ZoneInfo(TIMEZONE_NAME))
    assert (local.hour, local.minute) == (3, 0) and started < next_run <= started + timedelta(days=1)
