"""Speed of `flask --app app import csv` on a file shaped like the real export of issue 19
(82,537 reports of another municipality: id, category, team, source, created, region; no text,
no coordinates) - not part of the test run.

The CSV is SYNTHETIC: made-up ids, categories, teams and sources in the proportions below, one
report every ~38 minutes over six years, each in one of the buurten of the region the app serves
(default: Wateringse Veld). A mapping file (docs/import.md) maps them and marks the whole file as
history (`all_closed: true`). Each run: `--dry-run`, then the real import, into a FRESH bench
store (a new SQLite file; PostgreSQL: the database --pg-db dropped and created again), then the
page figures' check: the reports in the store and the Timeline's roll-up total equal the rows.

    .venv/bin/python bench/import_bench.py                        # 82,537 rows, SQLite and PostgreSQL
    .venv/bin/python bench/import_bench.py --rows 5000 --backends sqlite

Every import runs in a child process (`--child`): the time is the command's own (after the app
started), the memory its peak resident size.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
# source value -> ours; weights roughly those of a municipal export
CATEGORIES = {"Afval naast container": ("overig-afval", 30), "Straatverlichting": ("straatverlichting-openbare-klok", 10),
              "Groenonderhoud": ("overig-groen-en-water", 20), "Overlast jongeren": ("jongerenoverlast", 8),
              "Wegdek": ("overig-wegen-verkeer-straatmeubilair", 12),
              "Graffiti": ("graffiti-wildplak", 5), "Onbekend soort": (None, 1)}
TEAMS = {"Stadsbeheer": "gemeente/stadsbeheer", "Handhaving": "gemeente/handhaving", "Wijkagent": "politie/wijkteam"}
SOURCES = {"Telefoon": "telefoon", "Website": "web", "App": "app", "Balie": None}


def write_files(rows: int, buurten: list[str], seed: int = 19) -> tuple[Path, Path]:
    """The synthetic CSV and its mapping, under bench/data/."""
    DATA.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    path, mapping = DATA / f"import_bench_{rows}.csv", DATA / "import_bench_mapping.json"
    names, weights = list(CATEGORIES), [w for _, w in CATEGORIES.values()]
    start, step = datetime(2019, 1, 1, 7), timedelta(days=6 * 365) / rows
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "category", "team", "source", "created", "region"])
        for i in range(rows):
            out.writerow([f"BENCH-{i + 1:06d}", rng.choices(names, weights)[0], rng.choice(list(TEAMS)),
                          rng.choice(list(SOURCES)), (start + step * i).strftime("%Y-%m-%d %H:%M:%S"),
                          rng.choice(buurten)])
    mapping.write_text(json.dumps({
        "source": "bench", "all_closed": True,
        "columns": {"id": "id", "category": "category", "team": "team", "channel": "source",
                    "received_at": "created", "area": "region"},
        "categories": {k: v for k, (v, _) in CATEGORIES.items() if v},
        "teams": TEAMS, "channels": {k: v for k, v in SOURCES.items() if v}}, indent=1), encoding="utf-8")
    return path, mapping


def fresh_store(backend: str, pg_db: str) -> str:
    if backend == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="import_bench_", dir=DATA)) / "hnm.sqlite3"
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{pg_db}"')
        connection.execute(f'CREATE DATABASE "{pg_db}"')
    return f"{PG_SERVER}/{pg_db}"


def child(url: str, csv_path: str, mapping: str, dry_run: bool, rows: int) -> None:
    """One import in this process; prints a JSON line with the seconds, peak memory and check."""
    from sqlalchemy import func, select

    from app import create_app
    from data_access.db import make_session_factory, make_engine
    from data_access.models import Report
    from data_access.rollups import period_counts
    from settings import Settings

    app = create_app(Settings(mode="test", database_url=url, secret_key="b" * 40, demo_live=False,
                              instance_dir=Path(tempfile.mkdtemp(prefix="import_bench_instance_"))))
    args = ["import", "csv", csv_path, "--mapping", mapping] + (["--dry-run"] if dry_run else [])
    began = time.perf_counter()
    result = app.server.test_cli_runner().invoke(args=args)
    seconds = time.perf_counter() - began
    if result.exit_code != 0:
        raise SystemExit(f"import failed: {result.output[-2000:]} {result.exception!r}")
    summary = [line for line in result.output.splitlines() if line.startswith(("Geïmporteerd", "Let op", "Overg"))]
    with make_session_factory(make_engine(url))() as session:
        stored = session.scalar(select(func.count()).select_from(Report))
        # what the Timeline and Trends pages show: the roll-up sums over the whole history
        pages = sum(n for (n,) in period_counts(session, [], datetime(2018, 1, 1).astimezone(),
                                                datetime(2026, 1, 1).astimezone(), (), lambda m: 0).values())
    expected = 0 if dry_run else rows
    print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "stored": stored, "pages": pages, "ok": stored == pages == expected, "summary": summary}))


def run(url: str, csv_path: Path, mapping: Path, dry_run: bool, rows: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", url, str(csv_path), str(mapping),
                          "1" if dry_run else "0", str(rows)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:] + out.stdout[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=82_537)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-db", default="hnm_import_bench", help="dropped and created again for every run")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, csv_path, mapping, dry, rows = args.child
        child(url, csv_path, mapping, dry == "1", int(rows))
        return
    from data_access.region import load_region

    buurten = sorted(a.name for a in load_region().areas if a.kind == "buurt")
    csv_path, mapping = write_files(args.rows, buurten)
    print(f"SYNTHETIC file: {csv_path} ({args.rows} rows, buurten {', '.join(buurten)})")
    print(f"{'backend':11} {'run':8} {'rows':>7} {'seconds':>8} {'rows/s':>7} {'peak MB':>8}  check")
    for backend in args.backends.split(","):
        url = fresh_store(backend, args.pg_db)
        for dry_run in (True, False):
            result = run(url, csv_path, mapping, dry_run, args.rows)
            check = ("ok: store = pages = " if result["ok"] else "WRONG: store/pages = ") + \
                f"{result['stored']}/{result['pages']}"
            print(f"{backend:11} {'dry-run' if dry_run else 'import':8} {args.rows:7} {result['seconds']:8.1f} "
                  f"{args.rows / result['seconds']:7.0f} {result['peak_mb']:8.0f}  {check}", flush=True)
        print(f"{'':11} summary: {'; '.join(result['summary'])}")


if __name__ == "__main__":
    main()
