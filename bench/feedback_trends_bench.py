"""Terugkoppeling and Trends callbacks through real /_dash-update-component requests, the CSV
export of 100,000 rows (streamed, tracemalloc peak), and the "read into pandas, then group" way
side by side.

    .venv/bin/python bench/feedback_trends_bench.py --url sqlite:///bench/data/hnm_1m.sqlite3
    .venv/bin/python bench/feedback_trends_bench.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench

Expects a store made by bench/generate_reports.py (reporter contacts for ~5% of the reports, no
feedback messages or satisfaction answers: the feedback joins run over empty message tables).
Adds the demo accounts (and the schema heads) when missing and otherwise only reads; nothing is
cached. Targets: p95 <= 150 ms at 1M reports, <= 250 ms at 5M; SQL >= 25x faster than pandas.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from auth.users import ensure_demo_accounts  # noqa: E402
from bench.generate_reports import normalise_url  # noqa: E402
from bench import naive_pandas  # noqa: E402
from bench.map_bench import p95, timed  # noqa: E402
from bench.naive_pandas import sampled  # noqa: E402
from data_access.db import make_session_factory, transaction  # noqa: E402
from data_access.models import Report, ReporterContact  # noqa: E402
from data_access.time_buckets import LOCAL_TZ  # noqa: E402
from settings import Settings  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import DEMO_PASSWORD, RoleClient  # noqa: E402  (the same login and callback protocol as the tests)

FIGURES = "..fb-tiles.children...fb-states.figure...fb-groups.rowData...fb-groups-export.children...fb-message.children.."
QUEUE = "..fb-queue.rowData...fb-failed.children.."
TRENDS = ("..tr-title.children...tr-tiles.children...tr-groups.rowData...tr-channels.figure...tr-export.children"
          "...tr-message.children..")
MULTIPLES = "tr-multiples.figure"
EXPORT_ROWS = 100_000


def feedback_calls(client, last, weeks: int) -> dict:
    period = [{"id": "fb-period", "property": "start_date", "value": (last - timedelta(weeks=weeks)).isoformat()},
              {"id": "fb-period", "property": "end_date", "value": last.isoformat()},
              {"id": "fb-group", "property": "value", "value": "buurt"}]
    return {f"terugkoppeling {weeks} wk": lambda: client.callback(FIGURES, period)}


def trend_calls(client, last, kind: str) -> dict:
    inputs = [{"id": "tr-kind", "property": "value", "value": kind},
              {"id": "tr-day", "property": "date", "value": last.isoformat()},
              {"id": "tr-group", "property": "value", "value": "buurt"}]
    return {f"trends kpi's {kind}": lambda: client.callback(TRENDS, inputs),
            f"kleine veelvouden {kind}": lambda: client.callback(MULTIPLES, inputs[:2])}


def pandas_way(engine, since, police: bool, step: int = 1):
    """The slow way: reports and contacts (of every step-th report) into pandas, then filter, join and group."""
    reports = pd.read_sql(sampled(select(Report.id, Report.received_at, Report.visibility, Report.buurt_code,
                                         Report.urgent, Report.channel, Report.closed_at, Report.due_at),
                                  Report.id, step), engine)
    contacts = pd.read_sql(sampled(select(ReporterContact.report_id, ReporterContact.wants_feedback),
                                   ReporterContact.report_id, step), engine)
    reports["received_at"] = pd.to_datetime(reports["received_at"], format="mixed", utc=True)
    if not police:
        reports = reports[reports["visibility"] == "gedeeld"]
    window = reports[reports["received_at"] >= pd.Timestamp(since)]
    wanting = window.merge(contacts[contacts["wants_feedback"]], left_on="id", right_on="report_id")
    return (wanting.groupby("buurt_code").size(), window.groupby(["buurt_code", "channel"]).size(),
            window.groupby("buurt_code")["urgent"].mean())


def export_run(client, first, last) -> tuple[float, int, float]:
    """Stream the report CSV; returns (ms, lines, tracemalloc peak MB)."""
    started = time.perf_counter()
    response = client.get(f"/export/meldingen.csv?van={first}&tot={last}", buffered=False)
    tracemalloc.start()
    lines = 0
    for chunk in response.response:
        lines += chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    return (time.perf_counter() - started) * 1000, lines - 1, peak / 1e6


def open_app(url: str):
    """The real app (test mode, no cache, no demo data) on the benchmark store."""
    settings = Settings(mode="test", database_url=url, secret_key="f" * 40, demo_live=False,
                        instance_dir=Path(tempfile.mkdtemp()))
    app = create_app(settings)
    return app, app.server.extensions["hnm_engine"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in (("--repeat", 10), ("--pandas-repeat", 2)):
        parser.add_argument(name, type=int, default=default)
    parser.add_argument("--url", required=True)
    naive_pandas.add_argument(parser)
    parser.add_argument("--skip-callbacks", action="store_true", help="only side by side and the export")
    args = parser.parse_args()
    url = normalise_url(args.url)
    app, engine = open_app(url)
    with transaction(make_session_factory(engine)) as session:
        total = session.scalar(select(func.count()).select_from(Report))
        newest = session.scalar(select(func.max(Report.received_at)))
        ensure_demo_accounts(session, DEMO_PASSWORD)
        # The first day from which ~EXPORT_ROWS reports (all visible to the police) follow.
        start_at = session.scalar(select(Report.received_at).order_by(Report.received_at.desc())
                                  .offset(EXPORT_ROWS).limit(1)) if total > EXPORT_ROWS else None
    if not total:
        sys.exit("De store is leeg: maak eerst data met bench/generate_reports.py")
    last = newest.astimezone(LOCAL_TZ).date()
    print(f"store: {url.split('@')[-1]}  reports: {total:,}  newest: {newest:%Y-%m-%d %H:%M}  repeat: {args.repeat}")
    print(f"{'rol':<16} {'callback':<26} {'median ms':>9} {'p95 ms':>8} {'kB':>7}")
    worst = 0.0
    for user in () if args.skip_callbacks else ("meldkamer", "gemeente", "manager-politie", "manager-gemeente"):
        client = RoleClient(app, user)
        calls = {**feedback_calls(client, last, 8), **feedback_calls(client, last, 52)}
        calls["wachtrij"] = lambda c=client: c.callback(QUEUE, [{"id": "fb-refresh", "property": "n_intervals", "value": 1},
                                                                 {"id": "fb-sent", "property": "data", "value": None}])
        if user.startswith("manager"):
            for kind in ("week", "month", "quarter"):
                calls.update(trend_calls(client, last, kind))
        for name, call in calls.items():
            times, response = timed(call, args.repeat)
            assert response.status_code == 200, (user, name, response.status_code)
            worst = max(worst, p95(times))
            print(f"{user:<16} {name:<26} {statistics.median(times):9.1f} {p95(times):8.1f} "
                  f"{len(response.data) / 1000:7.1f}")
    print(f"  slowest callback p95: {worst:.1f} ms")

    client = RoleClient(app, "meldkamer")
    sql = {**feedback_calls(client, last, 8), **trend_calls(RoleClient(app, "manager-politie"), last, "month")}
    sql_times, _ = timed(lambda: [call() for call in sql.values()], args.repeat)
    step = naive_pandas.step_for(total, args.pandas_rows)
    pandas_ms = naive_pandas.timed_ms(lambda: pandas_way(engine, newest - timedelta(weeks=8), police=True, step=step),
                                      args.pandas_repeat)
    print("\n" + naive_pandas.report_line("side by side, 8 weken terugkoppeling + maandtrends (4 callbacks) vs. "
                                         "pandas: tabellen inlezen + groeperen", statistics.median(sql_times),
                                         pandas_ms, step))

    if start_at is not None:
        first = start_at.astimezone(LOCAL_TZ).date() + timedelta(days=1)
        ms, lines, peak = export_run(client, first, last)
        print(f"\nexport meldingen.csv {first}..{last}: {lines:,} rijen in {ms:,.0f} ms, "
              f"tracemalloc-piek {peak:.1f} MB (gestreamd)")


if __name__ == "__main__":
    main()
