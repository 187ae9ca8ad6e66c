"""Which SQL statements make a callback slow: runs one callback (as the benches post it) with every
statement timed, then prints the slowest with PostgreSQL's EXPLAIN (ANALYZE, BUFFERS).

    .venv/bin/python bench/slow_sql.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench_20m \
        --view werklast --search "?window=30d"

Views: kaart, tijdlijn, werklast, signalen, zoeken (--search is the page's query string, or the
search text for zoeken). Only reads (EXPLAIN ANALYZE runs a SELECT again).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.alerts_bench import calls as alert_calls  # noqa: E402
from bench.analytics_bench import callbacks as analytics_calls  # noqa: E402
from bench.feedback_trends_bench import open_app  # noqa: E402
from bench.generate_reports import normalise_url  # noqa: E402
from bench.map_bench import output_key  # noqa: E402
from bench.search_bench import search  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import RoleClient  # noqa: E402  (the same login and callback protocol as the tests)


def view_call(app, client, view: str, search_text: str):
    if view == "kaart":
        key = output_key(app, "map-stale.children..")
        return lambda: client.callback(key, [{"id": "map-location", "property": "search", "value": search_text},
                                             {"id": "map-refresh", "property": "n_intervals", "value": None}],
                                       [{"id": "map-cursor", "property": "data", "value": None},
                                        {"id": "map-location", "property": "pathname", "value": "/kaart"}])
    if view in ("tijdlijn", "werklast"):
        return analytics_calls(client, search_text, "HNM-0000001")[view]
    if view == "signalen":
        return alert_calls(client)["signalen (open)"]
    return lambda: search(client, search_text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--view", required=True, choices=("kaart", "tijdlijn", "werklast", "signalen", "zoeken"))
    parser.add_argument("--search", default="")
    parser.add_argument("--user", default="meldkamer")
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    app, engine = open_app(normalise_url(args.url))
    call = view_call(app, RoleClient(app, args.user), args.view, args.search)
    call()                                          # warm-up, not recorded
    timings: list[tuple[float, str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn, _cursor, _statement, _parameters, _context, _many):
        conn.info.setdefault("started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _stop(conn, _cursor, statement, parameters, _context, _many):
        timings.append(((time.perf_counter() - conn.info["started"].pop()) * 1000, statement, parameters))

    started = time.perf_counter()
    response = call()
    total = (time.perf_counter() - started) * 1000
    event.remove(engine, "before_cursor_execute", _start)
    event.remove(engine, "after_cursor_execute", _stop)
    print(f"{args.view} {args.search!r} als {args.user}: HTTP {response.status_code}, {total:.1f} ms, "
          f"{len(timings)} statements, samen {sum(t for t, _, _ in timings):.1f} ms")
    for ms, statement, parameters in sorted(timings, key=lambda t: -t[0])[:args.top]:
        print(f"\n--- {ms:.1f} ms\n{statement}\n{parameters}")
        if engine.dialect.name == "postgresql" and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            with engine.connect() as connection:
                plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
                print("\n".join(line for line, in plan))


if __name__ == "__main__":
    main()
