"""Vroegsignalering callbacks (alert list with a chart per alert, grouping proposals) through real
/_dash-update-component requests, per role, against the "read into pandas, then count" way.

    .venv/bin/python bench/alerts_bench.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench_20m

Expects a store with alerts: bench/generate_reports_sql.py ends with the scheduled early-warning
pass over the last 24 hours (services.early_warning.run_detection). Adds the demo accounts when
missing and otherwise only reads. Prints median and p95 (ms) per callback and role and the number
of alerts shown. Target: p95 <= 250 ms at 20M reports.
"""

from __future__ import annotations

import statistics
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from auth.users import ensure_demo_accounts  # noqa: E402
from bench import naive_pandas  # noqa: E402
from bench.feedback_trends_bench import open_app  # noqa: E402
from bench.map_bench import p95, parse_args, timed  # noqa: E402
from bench.naive_pandas import sampled  # noqa: E402
from data_access.alert_queries import METRES_PER_DEG_LAT, METRES_PER_DEG_LON, PLACE_RADIUS_M  # noqa: E402
from data_access.db import make_session_factory, transaction  # noqa: E402
from data_access.models import Alert, Report  # noqa: E402
from data_access.vocabulary import OPEN_ALERT_STATES  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import DEMO_PASSWORD, RoleClient  # noqa: E402  (the same login and callback protocol as the tests)

ALERTS = "alerts-list.children"
PROPOSALS = "proposals-list.children"


def calls(client) -> dict:
    return {
        "signalen (open)": lambda: client.callback(ALERTS, [
            {"id": "alerts-state-filter", "property": "value", "value": list(OPEN_ALERT_STATES)},
            {"id": "alerts-version", "property": "data", "value": 0},
            {"id": "alerts-refresh", "property": "n_intervals", "value": None}]),
        "groeperingsvoorstellen": lambda: client.callback(PROPOSALS, [
            {"id": "proposals-version", "property": "data", "value": 0},
            {"id": "alerts-refresh", "property": "n_intervals", "value": None}]),
    }


def pandas_way(engine, alerts: list[Alert], step: int = 1) -> list[list[int]]:
    """The slow way: the reports (every step-th) into pandas, then each alert's counts per bin."""
    frame = pd.read_sql(sampled(select(Report.received_at, Report.visibility, Report.main_category_id, Report.lat,
                                       Report.lon, Report.buurt_code, Report.wijk_code, Report.channel),
                                Report.id, step), engine)
    frame["received_at"] = pd.to_datetime(frame["received_at"], format="mixed", utc=True)
    result = []
    for alert in alerts:
        size = timedelta(hours=1) if alert.kind == "piek" else timedelta(days=1)
        bins = max(1, -int(-(alert.window_end - alert.window_start) // size))
        start = alert.window_end - bins * size
        rows = frame[(frame["received_at"] > start) & (frame["received_at"] <= alert.window_end)]
        if alert.visibility == "gedeeld":
            rows = rows[rows["visibility"] == "gedeeld"]
        if alert.main_category_id is not None:
            rows = rows[rows["main_category_id"] == alert.main_category_id]
        if alert.kind in PLACE_RADIUS_M and alert.lat is not None:
            metres = PLACE_RADIUS_M[alert.kind]
            rows = rows[((rows["lat"] - alert.lat).abs() <= metres / METRES_PER_DEG_LAT)
                        & ((rows["lon"] - alert.lon).abs() <= metres / METRES_PER_DEG_LON)]
        elif alert.channel is not None:
            rows = rows[(rows["wijk_code"] == alert.area_code) & (rows["channel"] == alert.channel)]
        else:
            rows = rows[rows["buurt_code"] == alert.area_code]
        counts = ((rows["received_at"] - start) // size).clip(upper=bins - 1).value_counts()
        result.append([int(counts.get(i, 0)) for i in range(bins)])
    return result


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], repeat=10)
    app, engine = open_app(args.url)
    with transaction(make_session_factory(engine)) as session:
        total = session.scalar(select(func.count()).select_from(Report))
        ensure_demo_accounts(session, DEMO_PASSWORD)
        alerts = list(session.scalars(select(Alert).where(Alert.state.in_(OPEN_ALERT_STATES))
                                      .order_by(Alert.window_end.desc()).limit(100)))
        for alert in alerts:
            session.expunge(alert)
        counts = dict(session.execute(select(Alert.kind, func.count()).group_by(Alert.kind)).all())
    if not total:
        sys.exit("De store is leeg: maak eerst data met bench/generate_reports_sql.py")
    print(f"store: {args.url.split('@')[-1]}  reports: {total:,}  alerts: {counts}  repeat: {args.repeat}")
    print(f"{'rol':<16} {'callback':<24} {'median ms':>9} {'p95 ms':>8} {'kB':>7} {'kaarten':>7}")
    worst, sql_ms = 0.0, None
    for user in ("meldkamer", "gemeente", "manager-politie", "manager-gemeente"):
        client = RoleClient(app, user)
        for name, call in calls(client).items():
            times, response = timed(call, args.repeat)
            assert response.status_code == 200, (user, name, response.status_code)
            worst = max(worst, p95(times))
            cards = response.get_data(as_text=True).count('"alert-head"')     # one per alert or proposal card
            if user == "meldkamer" and name.startswith("signalen"):
                sql_ms = statistics.median(times)
            print(f"{user:<16} {name:<24} {statistics.median(times):9.1f} {p95(times):8.1f} "
                  f"{len(response.data) / 1000:7.1f} {cards:7d}")
    print(f"  slowest callback p95: {worst:.1f} ms")
    step = naive_pandas.step_for(total, args.pandas_rows)
    pandas_ms = naive_pandas.timed_ms(lambda: pandas_way(engine, alerts, step), args.pandas_repeat)
    print("\n" + naive_pandas.report_line(f"side by side, meldkamer, {len(alerts)} open signalen met grafiek vs. "
                                          "pandas: tabel inlezen + tellen per vak", sql_ms, pandas_ms, step))


if __name__ == "__main__":
    main()
