"""Where one JSON intake request spends its time: CPU and wall milliseconds per stage.

Runs the production app in this process (Flask test client, one thread, rate limits in Redis when
given) on a fresh seeded store, posts `--count` reports with an Idempotency-Key, then runs early
warning over them in batches of `--batch` (as the detection queue does under load; `--batch 1`:
one by one), timing each stage with the thread's CPU clock and the wall clock. On SQLite the thread's CPU includes the database engine; on
PostgreSQL the server's CPU is read from /proc for its backends. Prints one table.

    .venv/bin/python bench/intake_stages.py --backend postgresql --count 300
    .venv/bin/python bench/intake_stages.py --backend sqlite --count 300 --batch 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.intake_load import (  # noqa: E402
    CATEGORIES, app_submission, cpu_seconds, database_backends, prepare_store,
)
from services.demo_scenario import ReportComposer  # noqa: E402

STAGES = [  # (label, module, attribute): filled in once the app's modules are imported
    ("whole request in Flask", "server", "wsgi_app"),
    ("API key check", "api.intake_json", "_authenticated"),
    ("idempotency lookup (one SELECT per batch)", "services.group_commit", "stored_answers"),
    ("safety rules / triage", "api.intake_json", "check_safety"),
    ("prepare_report (validate, build)", "api.intake_json", "prepare_report"),
    ("store_reports (INSERTs)", "services.group_commit", "store_reports"),
    ("  roll-up upserts", "data_access.rollup_store", "write_deltas"),
    ("commit", "sqlalchemy.orm.Session", "commit"),
    ("early warning, total", "queue", "run"),
    ("  spike checks", "services.early_warning", "check_spike"),
    ("  repeat location checks", "services.early_warning", "check_repeat"),
    ("  hotspot checks", "services.early_warning", "check_hotspot"),
    ("  reads of the places' surroundings (one per category and ~2 km area)", "services.early_warning",
     "read_nearby"),
    ("  place figures (in memory, per ~100 m cell)", "services.early_warning", "place_figures"),
    ("  grouping proposals", "services.detection_queue", "propose_for_all"),
]


def timed(owner, attribute: str, label: str, cpu: dict, wall: dict) -> None:
    function = getattr(owner, attribute)

    def measured(*args, **kwargs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            cpu[label] += time.thread_time() - started_cpu
            wall[label] += time.perf_counter() - started

    setattr(owner, attribute, measured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--batch", type=int, default=100, help="meldingen per vroegsignaleringsronde")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--pg-url", default=os.environ.get("HNM_TEST_DATABASE_URL",
                                                           "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    url, cleanup = prepare_store(args.backend, args.pg_url)
    os.environ.update({"HNM_MODE": "production", "HNM_DATABASE_URL": url, "HNM_SECRET_KEY": "s" * 48,
                       "HNM_INSTANCE_DIR": tempfile.mkdtemp(prefix="hnm-stages-"),
                       "HNM_API_WRITE_LIMIT": "1000000 per minute", "HNM_REDIS_URL": args.redis_url})
    import importlib

    from app import create_app
    from data_access.db import make_session_factory, transaction
    from services.api_keys import create_key
    from services.detection_queue import EXTENSION
    from services.group_commit import EXTENSION as GROUP_COMMIT
    from services.triage import get_model

    server = create_app().server
    detection = server.extensions[EXTENSION]
    queued: list[int] = []
    detection.add = queued.append               # early warning in batches after the requests
    writer = server.extensions[GROUP_COMMIT]
    writer.background, writer.on_committed = False, queued.append   # written in the request's thread
    owners = {"server": server, "queue": detection}
    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)
    for label, module, attribute in STAGES:
        if module in owners:
            owner = owners[module]
        elif module == "sqlalchemy.orm.Session":
            owner = importlib.import_module("sqlalchemy.orm").Session
        else:
            owner = importlib.import_module(module)
        timed(owner, attribute, label, cpu, wall)
    with transaction(make_session_factory(server.extensions["hnm_engine"])) as session:
        _, key = create_key(session, "stages")
        composer = ReportComposer.from_session(session, random.Random(1))
    get_model()
    client, rng = server.test_client(), random.Random(1)
    bodies = [json.dumps(app_submission(composer, rng.choice(CATEGORIES))) for _ in range(args.count + 30)]

    def post(i: int) -> None:
        response = client.post("/api/v1/meldingen", data=bodies[i], headers={
            "Content-Type": "application/json", "X-API-Key": key, "Idempotency-Key": f"k{i}"})
        assert response.status_code == 201, response.get_data(as_text=True)

    for i in range(30):                         # warm-up outside the clock
        post(i)
    detection.run(queued)
    queued.clear()
    cpu.clear()
    wall.clear()
    backends = database_backends(url)
    before = {pid: cpu_seconds([pid]) for pid in backends}
    for i in range(30, args.count + 30):
        post(i)
    for start in range(0, len(queued), args.batch):
        detection.run(queued[start:start + args.batch])
    backends = sorted(set(backends) | set(database_backends(url)))
    database_cpu = sum(cpu_seconds([pid]) - before.get(pid, 0.0) for pid in backends)
    cleanup()
    per = 1000 / args.count
    print(f"{args.backend}, {args.count} meldingen, vroegsignalering per {args.batch}, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'stage':50} {'CPU ms':>7} {'wall ms':>8}")
    for label, _, _ in STAGES:
        print(f"{label:50} {cpu[label] * per:7.2f} {wall[label] * per:8.2f}")
    if backends:
        print(f"{'PostgreSQL server CPU':50} {database_cpu * per:7.2f}")


if __name__ == "__main__":
    main()
