"""`flask --app app worker` as real processes: two workers share the jobs (one leads, one stands
by), the leader is killed in the middle of delivering a mail, the standby takes over, counts the
interrupted run and delivers every message exactly once; SIGTERM stops a worker cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import requests
from sqlalchemy import create_engine, func, select, text

from data_access.db import transaction
from data_access.models import FeedbackMessage, JobRunnerBeat, JobState, utcnow
from services.intake import IntakeData, submit_report
from services.jobs.registry import JOBS
from settings import ROOT
from tests.conftest import make_store
from tests.ops.smtp_server import SmtpServer

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
ADDRESSES = ["een@voorbeeld.nl", "twee@voorbeeld.nl", "drie@voorbeeld.nl"]


def _worker(store, smtp, tmp_path) -> subprocess.Popen:
    env = {**os.environ, "HNM_MODE": "production", "HNM_SECRET_KEY": "w" * 40, "HNM_DATABASE_URL": store.url,
           "HNM_SMTP_URL": smtp.url, "HNM_MAIL_FROM": "Meldpunt <noreply@hnm.example>",
           "HNM_PUBLIC_URL": "http://127.0.0.1:9", "HNM_JOB_HEARTBEAT": "1", "HNM_INSTANCE_DIR": str(tmp_path)}
    env.pop("HNM_REDIS_URL", None)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"worker-{time.time()}.log", "w"),
                            start_new_session=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_leader_mid_delivery_loses_nothing_and_sends_nothing_twice(request, tmp_path_factory, backend):
    store = make_store(request, backend, tmp_path_factory)
    tmp_path = tmp_path_factory.mktemp("workers")
    with transaction(store.sessions) as session:
        for address in ADDRESSES:
            report = submit_report(session, IntakeData(text="Kapotte lantaarnpaal", channel="web", lat=52.0455,
                                                       lon=4.288, category_slug="veeg-zwerfvuil",
                                                       contact_email=address, wants_feedback=True))
            session.add(FeedbackMessage(report_id=report.id, kind="ontvangstbevestiging", body="Dank u wel.",
                                        state="wachtrij"))
        # only the outbox is due while the test watches: on a fresh store the other interval jobs run
        # at the first lead too, and their runs on a busy machine would share the SIGTERM wait below
        later = utcnow() + timedelta(days=1)
        session.add_all(JobState(name=job.name, next_run_at=later, last_summary="", failures=0, runs_total=0,
                                 failures_total=0) for job in JOBS if job.name != "outbox")
    smtp = SmtpServer("plain").start()
    request.addfinalizer(smtp.stop)
    smtp.mailbox.hold()                     # the first mail hangs: the leader is mid-delivery
    first = _worker(store, smtp, tmp_path)
    request.addfinalizer(lambda: first.poll() is None and os.killpg(first.pid, signal.SIGKILL))
    assert smtp.mailbox.waiting.wait(90), "the first worker never started delivering"
    second = _worker(store, smtp, tmp_path)
    request.addfinalizer(lambda: second.poll() is None and os.killpg(second.pid, signal.SIGKILL))

    def standby_seen():
        with store.session() as session:
            return session.scalar(select(func.count()).select_from(JobRunnerBeat)
                                  .where(JobRunnerBeat.pid == second.pid, JobRunnerBeat.leader.is_(False))) == 1
    _wait(standby_seen, 90, "the second worker to stand by")
    with store.session() as session:
        assert session.scalar(select(JobState.running_on).where(JobState.name == "outbox")).split(":")[1] == \
            str(first.pid)
    os.killpg(first.pid, signal.SIGKILL)    # killed in the middle of the outbox run
    first.wait(10)
    smtp.mailbox.release()                  # the dead worker's mail is refused, never accepted

    def all_sent():
        with store.session() as session:
            return set(session.scalars(select(FeedbackMessage.state))) == {"verzonden"} and \
                session.get(JobState, "outbox").last_status == "ok"
    _wait(all_sent, 60, "the standby to deliver every message and record its run")
    assert sorted(to for _sender, [to] in smtp.mailbox.envelopes) == sorted(ADDRESSES)    # each exactly once
    with store.session() as session:
        outbox = session.get(JobState, "outbox")
        assert outbox.failures_total >= 1 and f":{first.pid}:" in outbox.last_error
        assert outbox.last_status == "ok" and outbox.running_since is None
        assert session.scalar(select(JobRunnerBeat.leader).where(JobRunnerBeat.pid == second.pid)) is True
    second.send_signal(signal.SIGTERM)
    assert second.wait(30) == 0
    with store.session() as session:        # a worker that stops says goodbye
        assert session.scalar(select(func.count()).select_from(JobRunnerBeat)
                              .where(JobRunnerBeat.pid == second.pid)) == 0


def test_python_app_py_runs_the_jobs_itself_and_says_where_mail_goes(tmp_path):
    port = _free_port()
    env = {**os.environ, "HNM_MODE": "test", "HNM_DATABASE_URL": f"sqlite:///{tmp_path / 'hnm.sqlite3'}",
           "HNM_PORT": str(port), "HNM_DEMO_LIVE": "false", "HNM_JOB_HEARTBEAT": "1",
           "HNM_INSTANCE_DIR": str(tmp_path)}
    for name in ("HNM_REDIS_URL", "HNM_SMTP_URL"):
        env.pop(name, None)
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        def ready():
            try:
                return requests.get(f"http://127.0.0.1:{port}/ready", timeout=2).status_code == 200
            except requests.RequestException:
                return False
        _wait(ready, 90, "python app.py to be ready with its job runner")
        answer = requests.get(f"http://127.0.0.1:{port}/ready", timeout=2).json()
        assert answer["checks"]["job_runner"] == "ok"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert "Geen HNM_SMTP_URL" in output and "alleen in het log" in output
    engine = create_engine(f"sqlite:///{tmp_path / 'hnm.sqlite3'}")
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT last_status FROM job_states WHERE name = 'outbox'")) == "ok"
    engine.dispose()
