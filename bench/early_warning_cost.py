"""What incremental early warning costs per new report on a big store (prints a table; not a test).

    .venv/bin/python bench/early_warning_cost.py --url sqlite:////tmp/hnm_1m_copy.sqlite3
    .venv/bin/python bench/early_warning_cost.py --url postgresql://postgres@127.0.0.1:5432/hnm_copy

Replays `on_report_submitted` (every audience's spike per buurt x category and per wijk x channel,
repeat location, hotspot and the grouping proposal) for the newest --count reports of a store made
by bench/generate_reports.py, each as if it had just arrived, and rolls every one back. The store
needs the current schema (the app's `alembic upgrade heads`): run it on a copy, not on a shared store
that has not been migrated. Prints median and p95 in ms, split by the reports' visibility (a shared
report is checked for both audiences, a police-only one for the police only).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.generate_reports import normalise_url  # noqa: E402
from data_access.db import make_engine, make_session_factory  # noqa: E402
from data_access.models import Report  # noqa: E402
from services.early_warning import on_report_submitted  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    sessions = make_session_factory(make_engine(normalise_url(args.url)))
    with sessions() as session:
        ids = session.scalars(select(Report.id).order_by(Report.received_at.desc()).limit(args.count)).all()
    if not ids:
        sys.exit("The store has no reports: fill it with bench/generate_reports.py first.")
    times: dict[str, list[float]] = {}
    for i, report_id in enumerate(ids):
        with sessions() as session:
            report = session.get(Report, report_id)
            visibility = report.visibility
            started = time.perf_counter()
            on_report_submitted(session, report)
            elapsed = (time.perf_counter() - started) * 1000
            session.rollback()
        if i:                                            # the first one warms the caches
            times.setdefault(visibility, []).append(elapsed)
    print(f"{'reports':12} {'n':>5} {'median ms':>10} {'p95 ms':>8}")
    for visibility, values in sorted(times.items()):
        values.sort()
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(f"{visibility:12} {len(values):5d} {statistics.median(values):10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
