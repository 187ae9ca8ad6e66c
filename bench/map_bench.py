"""Live map, wall and overview callbacks through real /_dash-update-component requests (Flask test client).

    .venv/bin/python bench/map_bench.py --url sqlite:///bench/data/hnm_1m.sqlite3
    .venv/bin/python bench/map_bench.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench

Expects a store made by bench/generate_reports.py. Adds the demo accounts when missing (the
callbacks need a logged-in user) and otherwise only reads. Prints per view: median and p95 of the
server-side time in ms, the uncompressed response size, and what the map got (points or cells).
Targets: default view (24 h) p95 <= 50 ms and <= 400 kB; nothing above 1 MB or 10,000 points;
idle poll p95 <= 5 ms and <= 1 kB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from data_access.db import make_session_factory, transaction  # noqa: E402
from data_access.models import Report  # noqa: E402
from settings import Settings  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import DEMO_PASSWORD, RoleClient  # noqa: E402  (the same login and callback protocol as the tests)

from auth.users import ensure_demo_accounts  # noqa: E402
from bench import naive_pandas  # noqa: E402
from bench.generate_reports import normalise_url  # noqa: E402
from bench.naive_pandas import sampled  # noqa: E402

VIEWS = [("24 uur (standaard)", ""), ("laatste uur", "?window=1h"), ("7 dagen", "?window=7d"),
         ("30 dagen", "?window=30d"), ("spoed, 30 dagen", "?window=30d&urgent=ja"),
         ("jaar (eigen periode)", None)]


def output_key(app, marker: str) -> str:
    return next(key for key in app.callback_map if marker in key)


def timed(call, repeat: int) -> tuple[list[float], object]:
    call()                                   # warm-up
    times, response = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
    return times, response


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def parse_args(description: str, repeat: int = 20) -> argparse.Namespace:
    """--url (normalised), --repeat (each request) and the naive pandas way's --pandas-repeat, --pandas-rows."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--pandas-repeat", type=int, default=2)
    naive_pandas.add_argument(parser)
    args = parser.parse_args()
    args.url = normalise_url(args.url)
    return args


def pandas_way(engine, since, police: bool, step: int = 1) -> list[tuple]:
    """The slow way: the reports (every step-th) into pandas, then the 24-hour points in scope."""
    frame = pd.read_sql(sampled(select(Report.id, Report.received_at, Report.visibility, Report.lat, Report.lon,
                                       Report.urgent, Report.main_category_id), Report.id, step), engine)
    frame["received_at"] = pd.to_datetime(frame["received_at"], format="mixed", utc=True)
    window = frame[frame["received_at"] >= pd.Timestamp(since)]
    if not police:
        window = window[window["visibility"] == "gedeeld"]
    return list(window[["id", "lat", "lon", "urgent", "main_category_id"]].itertuples(index=False))


def main() -> None:
    args = parse_args(__doc__.splitlines()[0])
    url, repeat = args.url, args.repeat
    app = create_app(Settings(mode="test", database_url=url, secret_key="b" * 40, demo_live=False,
                              instance_dir=Path(tempfile.mkdtemp())))
    sessions = make_session_factory(app.server.extensions["hnm_engine"])
    with transaction(sessions) as session:
        total = session.scalar(select(func.count()).select_from(Report))
        newest = session.scalar(select(func.max(Report.received_at)))
        ensure_demo_accounts(session, DEMO_PASSWORD)
    if not total:
        sys.exit("De store is leeg: maak eerst data met bench/generate_reports.py")
    year = f"?window=custom&from={(newest.date().replace(year=newest.year - 1)).isoformat()}&to={newest.date().isoformat()}"
    load_key = output_key(app, "map-stale.children..")
    wall_key = output_key(app, "..wall-tiles.children")
    print(f"store: {url.split('@')[-1]}  reports: {total:,}  repeat: {repeat}")
    print(f"{'rol':<10} {'weergave':<22} {'median ms':>9} {'p95 ms':>8} {'kB':>8} {'punten':>7} {'vakken':>7}")
    for user in ("meldkamer", "gemeente"):
        client = RoleClient(app, user)
        cursor = None
        for label, search in VIEWS:
            search = year if search is None else search

            def load():
                return client.callback(load_key, [
                    {"id": "map-location", "property": "search", "value": search},
                    {"id": "map-refresh", "property": "n_intervals", "value": None}],
                    [{"id": "map-cursor", "property": "data", "value": None},
                     {"id": "map-location", "property": "pathname", "value": "/kaart"}])

            times, response = timed(load, repeat)
            body = response.get_json()["response"]
            features = body["map-reports"]["data"]["features"]
            cells = sum(1 for f in features if f["properties"].get("g"))
            if not search:
                cursor = body["map-cursor"]["data"]
                if user == "meldkamer":
                    default_map_ms = statistics.median(times)
            print(f"{user:<10} {label:<22} {statistics.median(times):9.1f} {p95(times):8.1f} "
                  f"{len(response.data) / 1000:8.1f} {len(features) - cells:7d} {cells:7d}")

        def poll():     # what the page asks every 5 s; the map callback runs only on a 200
            return client.get("/live/nieuw", query_string={"na": cursor["at"]})

        times, response = timed(poll, repeat * 5)
        print(f"{user:<10} {'live poll, niets nieuws':<22} {statistics.median(times):9.1f} {p95(times):8.1f} "
              f"{len(response.data) / 1000:8.3f} {'-':>7} {'-':>7}  (HTTP {response.status_code})")
    wall = RoleClient(app, "wall")

    def refresh_wall():
        return wall.callback(wall_key, [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
                                        {"id": "map-location", "property": "search", "value": "?area=WK051840"}],
                             [{"id": "wall-state", "property": "data", "value": None}])

    times, response = timed(refresh_wall, repeat)
    print(f"{'wall':<10} {'tegels + ticker':<22} {statistics.median(times):9.1f} {p95(times):8.1f} "
          f"{len(response.data) / 1000:8.1f} {'-':>7} {'-':>7}")
    home_key = output_key(app, "home-tiles.children")
    for user in ("meldkamer", "gemeente", "wijkagent"):
        home = RoleClient(app, user)

        def refresh_home():     # the overview's headline tiles, every 30 s while the page is open
            return home.callback(home_key, [{"id": "home-refresh", "property": "n_intervals", "value": 1}])

        times, response = timed(refresh_home, repeat)
        print(f"{user:<10} {'overzicht tegels':<22} {statistics.median(times):9.1f} {p95(times):8.1f} "
              f"{len(response.data) / 1000:8.1f} {'-':>7} {'-':>7}")
    step = naive_pandas.step_for(total, args.pandas_rows)
    engine = app.server.extensions["hnm_engine"]
    pandas_ms = naive_pandas.timed_ms(lambda: pandas_way(engine, newest - timedelta(hours=24), police=True, step=step),
                                      args.pandas_repeat)
    print("\n" + naive_pandas.report_line("side by side, meldkamer, kaart 24 uur vs. pandas: tabel inlezen + filteren",
                                         default_map_ms, pandas_ms, step))


if __name__ == "__main__":
    main()
