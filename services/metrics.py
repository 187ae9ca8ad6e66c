"""Prometheus metrics (prometheus-client): what the processes count, and what the store knows.

In-process: request latency per Flask route and per Dash callback output, reports stored per
channel (the intake rate), group-commit batch sizes and the detection lag. Several gunicorn
workers each count their own; with PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py sets it) they
write to files there and /metrics adds them up (prometheus-client's multiprocess mode).
From the store, read at each scrape: the outboxes' backlog, the reports waiting for early
warning, each job's runs and failures, and how long ago the leading job runner was seen. /metrics itself is api/ops.py.
"""

from __future__ import annotations

import os
from collections import Counter as Tally
from datetime import datetime

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import detection_backlog
from data_access.models import (
    FeedbackMessage, JobRunnerBeat, JobState, NeighbourhoodNotification, StaffNotification, utcnow,
)
from data_access.vocabulary import FAILED, QUEUED

REQUEST_SECONDS = Histogram("hnm_http_request_duration_seconds", "Answer time per Flask route",
                            ["method", "route", "status"],
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
CALLBACK_SECONDS = Histogram("hnm_dash_callback_duration_seconds", "Answer time per Dash callback (by its output)",
                             ["output", "status"], buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
REPORTS_STORED = Counter("hnm_reports_stored_total", "Reports written by the intake, per channel", ["channel"])
BATCH_SIZE = Histogram("hnm_group_commit_batch_size", "Reports per group-commit transaction",
                       buckets=(1, 2, 4, 8, 16, 32, 64, 128, 200))
DETECTION_LAG = Histogram("hnm_detection_lag_seconds", "From a report's arrival to its early-warning check",
                          buckets=(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600))
OUTBOXES = {"terugkoppeling": FeedbackMessage, "volgers": NeighbourhoodNotification, "dienst": StaffNotification}

def count_stored(rows: list[dict]) -> None:
    for channel, n in Tally(row["channel"] for row in rows).items():
        REPORTS_STORED.labels(channel).inc(n)

def observe_detection_lag(received: list[datetime], now: datetime) -> None:
    """Live reports only: an import of old reports is not a lag."""
    for at in received:
        lag = (now - at).total_seconds()
        if 0 <= lag < 24 * 3600:
            DETECTION_LAG.observe(lag)

class StoreCollector:
    """The figures that live in the store, read at scrape time (one small query each)."""

    def __init__(self, session: Session):
        self.session = session

    def collect(self):
        backlog = GaugeMetricFamily("hnm_outbox_backlog", "Messages waiting in an outbox (queued or failed)",
                                    labels=["outbox", "state"])
        for name, model in OUTBOXES.items():
            counts = dict(self.session.execute(select(model.state, func.count())
                                               .where(model.state.in_((QUEUED, FAILED))).group_by(model.state)).all())
            for state in (QUEUED, FAILED):
                backlog.add_metric([name, state], counts.get(state, 0))
        yield backlog
        waiting = GaugeMetricFamily("hnm_detection_backlog", "Stored reports early warning has not checked yet")
        waiting.add_metric([], detection_backlog.size(self.session))
        yield waiting
        runs = CounterMetricFamily("hnm_job_runs", "Runs of a scheduled job", labels=["job"])
        failures = CounterMetricFamily("hnm_job_failures", "Failed (or interrupted) runs of a scheduled job",
                                       labels=["job"])
        in_a_row = GaugeMetricFamily("hnm_job_failures_in_a_row", "Failures since the last success", labels=["job"])
        for state in self.session.scalars(select(JobState)):
            runs.add_metric([state.name], state.runs_total)
            failures.add_metric([state.name], state.failures_total)
            in_a_row.add_metric([state.name], state.failures)
        yield from (runs, failures, in_a_row)
        seen = self.session.scalar(select(func.max(JobRunnerBeat.seen_at)).where(JobRunnerBeat.leader.is_(True)))
        age = GaugeMetricFamily("hnm_job_runner_seen_seconds_ago", "Since the leading job runner's last beat")
        age.add_metric([], (utcnow() - seen).total_seconds() if seen else float("inf"))
        yield age

def exposition(session: Session) -> bytes:
    """The text of /metrics: this process's (or, in multiprocess mode, every worker's) metrics and the store's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    store = CollectorRegistry(auto_describe=False)
    store.register(StoreCollector(session))
    return generate_latest(registry) + generate_latest(store)
