"""The group-commit writer's own cost: CPU and wall milliseconds per report for batches of a given size.

Builds JSON-intake submissions (category given, contact on every third, an Idempotency-Key each,
every tenth one a retry of a key written in the batch before) and hands them to GroupCommit._write in batches, in this
thread, on a fresh seeded store; the clock is the thread's CPU (on SQLite that includes the
database engine; on PostgreSQL the server's CPU for its backends is printed apart). The wall clock
counts the round trips too: the writer is one thread per process, so its wall time per report caps
what a process can take in.

    .venv/bin/python bench/group_commit_writer.py --backend postgresql --count 2000 --batch 1 20 100
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.intake_load import CATEGORIES, cpu_seconds, database_backends, prepare_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--count", type=int, default=2000, help="inzendingen per batchgrootte")
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 20, 100])
    parser.add_argument("--pg-url", default=os.environ.get("HNM_TEST_DATABASE_URL",
                                                           "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    url, cleanup = prepare_store(args.backend, args.pg_url)
    from data_access.db import make_engine, make_session_factory, transaction
    from services.api_keys import create_key
    from services.areas import AreaIndex
    from services.group_commit import GroupCommit, Submission, intake_request
    from services.intake import IntakeData, prepare_report

    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        key, _ = create_key(session, "writer")
        key_id, index = key.id, AreaIndex.from_session(session)
    group = GroupCommit(sessions, lambda _id: None, background=False)
    rng = random.Random(1)

    def submission(i: int, key_name: str) -> Submission:
        data = IntakeData(text=f"Belastingtest melding {i}", channel="app", category_slug=rng.choice(CATEGORIES),
                          lat=round(rng.uniform(52.032, 52.050), 5), lon=round(rng.uniform(4.264, 4.303), 5),
                          contact_email="melder@example.org" if i % 3 == 0 else None, wants_feedback=i % 3 == 0)

        def finish(report):
            answer = json.dumps({"reference": report.reference, "category": report.category.slug})
            return answer, intake_request(key_id, "idempotency", key_name, report.id, "h", answer)

        return Submission(lambda s: prepare_report(s, data, index=index), finish, (key_id, key_name),
                          lambda stored: stored.response, data.category_slug)

    print(f"{args.backend}, {args.count} inzendingen per batchgrootte, load "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'batch':>6} {'CPU ms/melding':>15} {'wall ms/melding':>16} {'db CPU ms/melding':>18}")
    group._write([submission(i, f"warm{i}") for i in range(20)])     # statements compiled outside the clock
    serial = 0
    for size in args.batch:
        backends = database_backends(url)
        before = {pid: cpu_seconds([pid]) for pid in backends}
        started, wall = time.thread_time(), time.perf_counter()
        for _ in range(0, args.count, size):
            batch = []
            for _ in range(size):
                serial += 1
                retry = serial % 10 == 0 and serial > size      # a key of the batch before
                batch.append(submission(serial, f"k{serial - size if retry else serial}"))
            group._write(batch)
        cpu, wall = time.thread_time() - started, time.perf_counter() - wall
        backends = sorted(set(backends) | set(database_backends(url)))
        db = sum(cpu_seconds([pid]) - before.get(pid, 0.0) for pid in backends)
        print(f"{size:6d} {cpu * 1000 / args.count:15.2f} {wall * 1000 / args.count:16.2f} "
              f"{db * 1000 / args.count if backends else 0:18.2f}")
    engine.dispose()
    cleanup()


if __name__ == "__main__":
    main()
