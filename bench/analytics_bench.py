"""Tijdlijn and Werklast callbacks through real /_dash-update-component requests, against the
"read the table into pandas, then group" way, side by side in the same run.

    .venv/bin/python bench/analytics_bench.py --url sqlite:///bench/data/hnm_1m.sqlite3
    .venv/bin/python bench/analytics_bench.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench

Expects a store made by bench/generate_reports.py (it has no timeline events, so the lead-time
medians and the report timeline run on empty event sets). Adds the demo accounts when missing and
otherwise only reads; nothing is cached. Prints median and p95 (ms) per callback, role and period.
Targets: p95 <= 150 ms at 1M reports, <= 250 ms at 5M; SQL >= 25x faster than pandas.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
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
from data_access.models import Report  # noqa: E402
from settings import Settings  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import DEMO_PASSWORD, RoleClient  # noqa: E402  (the same login and callback protocol as the tests)

TIMELINE = "..tl-counts.figure...tl-heatmap.figure...tl-message.children.."
WORKLOAD = ("..wl-kpis.children...wl-lateness.figure...wl-groups.rowData...wl-groups.columnDefs...wl-flow.figure"
            "...wl-age.figure...wl-lead.children...wl-handover.children...wl-message.children..")
DRILL = "..wl-drill.rowData...wl-drill-title.children.."
VIEWS = [("24 uur", "?window=24h"), ("7 dagen", "?window=7d"), ("30 dagen", "?window=30d"),
         ("30 d, spoed, 1 buurt", None)]
PANDAS_COLUMNS = [Report.received_at, Report.main_category_id, Report.urgent, Report.channel, Report.visibility,
                  Report.status, Report.organisation_id, Report.team_id, Report.due_at, Report.closed_at]


def callbacks(client, search: str, reference: str) -> dict:
    kpi = {"metric": "open", "type": "wl-kpi"}
    return {
        "tijdlijn": lambda: client.callback(TIMELINE, [{"id": "tl-url", "property": "search", "value": search},
                                                       {"id": "tl-stack", "property": "value", "value": "categorie"}]),
        "werklast": lambda: client.callback(WORKLOAD, [{"id": "wl-url", "property": "search", "value": search},
                                                       {"id": "wl-level", "property": "value", "value": "team"}]),
        "doorklik open": lambda: client.callback(
            DRILL, [[{"id": kpi, "property": "n_clicks", "value": 1}],
                    {"id": "wl-groups", "property": "cellClicked", "value": None},
                    {"id": "wl-age", "property": "clickData", "value": None}],
            state=[{"id": "wl-url", "property": "search", "value": search},
                   {"id": "wl-level", "property": "value", "value": "team"},
                   {"id": "wl-groups", "property": "rowData", "value": []}],
            changed=[json.dumps(kpi, separators=(",", ":")) + ".n_clicks"]),
        "verloop melding": lambda: client.callback("tl-events.children", [
            {"id": "tl-ref", "property": "value", "value": reference},
            {"id": "tl-pick", "property": "value", "value": None}]),
    }


def pandas_way(engine, since, police: bool, step: int = 1):
    """The slow way: the whole table (every step-th report) into pandas, then filter and group
    (what a callback must not do)."""
    frame = pd.read_sql(sampled(select(*PANDAS_COLUMNS), Report.id, step), engine)
    frame["received_at"] = pd.to_datetime(frame["received_at"], format="mixed", utc=True).dt.tz_localize(None)
    if not police:
        frame = frame[frame["visibility"] == "gedeeld"]
    window = frame[frame["received_at"] >= since.replace(tzinfo=None)]
    local = window["received_at"].dt.tz_localize("UTC").dt.tz_convert("Europe/Amsterdam")
    per_day = window.groupby([local.dt.date, window["main_category_id"]]).size()
    heat = window.groupby([local.dt.weekday, local.dt.hour]).size()
    open_per_team = frame[~frame["status"].isin(["afgehandeld", "geannuleerd"])].groupby(
        ["organisation_id", "team_id"], dropna=False).size()
    return per_day, heat, open_per_team


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pandas-repeat", type=int, default=2)
    naive_pandas.add_argument(parser)
    parser.add_argument("--only", action="append", metavar="CALLBACK",
                        help="measure only this callback (e.g. werklast; repeatable)")
    args = parser.parse_args()
    url = normalise_url(args.url)
    app = create_app(Settings(mode="test", database_url=url, secret_key="b" * 40, demo_live=False,
                              instance_dir=Path(tempfile.mkdtemp())))
    engine = app.server.extensions["hnm_engine"]
    with transaction(make_session_factory(engine)) as session:
        total = session.scalar(select(func.count()).select_from(Report))
        newest = session.scalar(select(func.max(Report.received_at)))
        reference = session.scalar(select(Report.reference).order_by(Report.id.desc()).limit(1))
        buurt = session.scalar(select(Report.buurt_code).where(Report.buurt_code.is_not(None)).limit(1))
        ensure_demo_accounts(session, DEMO_PASSWORD)
    if not total:
        sys.exit("De store is leeg: maak eerst data met bench/generate_reports.py")
    print(f"store: {url.split('@')[-1]}  reports: {total:,}  newest: {newest:%Y-%m-%d %H:%M}  repeat: {args.repeat}")
    print(f"{'rol':<16} {'callback':<16} {'periode':<22} {'median ms':>9} {'p95 ms':>8} {'kB':>7}")
    worst = 0.0
    for user in ("meldkamer", "gemeente", "manager-politie"):
        client = RoleClient(app, user)
        for label, search in VIEWS:
            search = search or f"?window=30d&urgent=ja&buurt={buurt}"
            for name, call in callbacks(client, search, reference).items():
                if (name == "verloop melding" and label != VIEWS[0][0]) or (args.only and name not in args.only):
                    continue
                times, response = timed(call, args.repeat)
                assert response.status_code == 200, (user, name, response.status_code)
                worst = max(worst, p95(times))
                print(f"{user:<16} {name:<16} {label:<22} {statistics.median(times):9.1f} {p95(times):8.1f} "
                      f"{len(response.data) / 1000:7.1f}")
    since = newest - pd.Timedelta(days=30)
    sql_client = RoleClient(app, "meldkamer")
    sql = callbacks(sql_client, "?window=30d", reference)
    sql_times, _ = timed(lambda: (sql["tijdlijn"](), sql["werklast"]()), args.repeat)
    step = naive_pandas.step_for(total, args.pandas_rows)
    pandas_ms = naive_pandas.timed_ms(lambda: pandas_way(engine, since, police=True, step=step), args.pandas_repeat)
    print("\n" + naive_pandas.report_line("side by side, meldkamer, 30 dagen (tijdlijn + werklast vs. pandas: "
                                         "tabel inlezen + groeperen)", statistics.median(sql_times), pandas_ms, step))
    print(f"  slowest callback p95: {worst:.1f} ms")


if __name__ == "__main__":
    main()
