"""What early warning costs per report of a batch in a flood, in process (prints a table; not a test).

Fills a PostgreSQL store with a flood as `intake_load.py --rate R --minutes D` sends it (the same
composer, categories and seed; received_at R per second, ending now), then checks the newest
--batch reports as the detection queue does (`detection_queue.check_batch`: spikes and places,
then the grouping proposals), timing each part, and rolls back. Prints ms per report (wall, and
the CPU of this process: on a shared machine the steadier figure), queries,
alerts and proposals, and a fingerprint of the proposals (equal fingerprints: the same proposals,
scores and reasons), so two versions of the code can be compared on the same store.

    flock /work/wt/bench.lock .venv/bin/python bench/flood_detection.py --rate 300 --minutes 10 \
        --batch 3000 --keep hnm_flood_scratch [--profile]

--keep NAME keeps (and on the next run reuses) the filled store under that name; without it a
fresh store is made and dropped.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.intake_load import CATEGORIES, app_submission  # noqa: E402
from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema  # noqa: E402
from data_access.models import Report, utcnow  # noqa: E402
from data_access.reference_data import seed_reference_data  # noqa: E402
from services.areas import AreaIndex  # noqa: E402
from services.demo_scenario import ReportComposer  # noqa: E402
from services.early_warning import on_reports_submitted  # noqa: E402
from services.incident_grouping import propose_for_all  # noqa: E402
from services.intake import IntakeData, prepare_report, store_reports  # noqa: E402


def store_url(pg_url: str, name: str) -> tuple[str, bool]:
    """(url of the store `name`, whether it had to be created)."""
    base = make_url(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False), not exists


def drop(pg_url: str, name: str) -> None:
    base = make_url(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fill(sessions, rate: float, minutes: float) -> int:
    """The flood: rate x minutes reports of the intake bench's kind, received up to now."""
    total = int(rate * minutes * 60)
    end = utcnow()
    rng = random.Random(1)
    with transaction(sessions) as session:
        composer = ReportComposer.from_session(session, random.Random(1))
        index = AreaIndex.from_session(session)
    for start in range(0, total, 2000):
        with transaction(sessions) as session:
            prepared = []
            for i in range(start, min(start + 2000, total)):
                body = app_submission(composer, rng.choice(CATEGORIES))
                prepared.append(prepare_report(session, IntakeData(
                    text=body["text"], channel="app", lat=body["lat"], lon=body["lon"], address=body["address"],
                    category_slug=body["category"], received_at=end - timedelta(seconds=(total - i) / rate)),
                    index=index))
            store_reports(session, prepared, detect=False)
    return total


def fingerprint(proposals) -> str:
    digest = hashlib.sha256()
    for p in sorted(proposals, key=lambda p: p.report_id):
        digest.update(f"{p.report_id} {p.candidate_report_id} {p.score} {p.reasons}\n".encode())
    return digest.hexdigest()[:12]


def check(sessions, engine, batch: int, profile: bool) -> None:
    queries = [0]
    event.listen(engine, "before_cursor_execute", lambda *args: queries.__setitem__(0, queries[0] + 1))
    with sessions() as session:
        ids = session.scalars(select(Report.id).order_by(Report.id.desc()).limit(batch)).all()
        reports = list(session.scalars(select(Report).where(Report.id.in_(ids)).order_by(Report.id)))
        profiler = cProfile.Profile() if profile else None
        rows = []
        for label, step in (("detectie (pieken, plekken)", lambda: on_reports_submitted(session, reports)),
                            ("groepering (voorstellen)", lambda: propose_for_all(session, reports))):
            queries[0] = 0
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            result = step()
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            extra = (f"{len(result)} signalen" if "detectie" in label
                     else f"{len(result)} voorstellen, vingerafdruk {fingerprint(result)}")
            rows.append((label, seconds, cpu, queries[0], extra))
        session.rollback()
    print(f"| stap | s | ms/melding | CPU ms/melding (Python) | queries | uitkomst | load |\n|---|---|---|---|---|---|---|")
    for label, seconds, cpu, count, extra in rows:
        print(f"| {label} | {seconds:.1f} | {1000 * seconds / len(reports):.2f} | {1000 * cpu / len(reports):.2f} "
              f"| {count} | {extra} | {os.getloadavg()[0]:.1f} |")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=300.0, help="meldingen per seconde in de vloed")
    parser.add_argument("--minutes", type=float, default=10.0, help="duur van de vloed")
    parser.add_argument("--batch", type=int, default=3000, help="de nieuwste zoveel meldingen als één batch")
    parser.add_argument("--keep", help="naam van de database om te bewaren en opnieuw te gebruiken")
    parser.add_argument("--profile", action="store_true", help="cProfile van de batch")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    name = args.keep or f"hnm_flood_{random.randrange(16 ** 8):08x}"
    url, new = store_url(args.pg_url, name)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    try:
        if new:
            upgrade_schema(engine)
            with transaction(sessions) as session:
                seed_reference_data(session)
            started = time.perf_counter()
            count = fill(sessions, args.rate, args.minutes)
            with engine.connect() as conn:
                conn.execute(text("ANALYZE"))
            print(f"vloed: {count} meldingen in {time.perf_counter() - started:.0f} s gevuld ({name})")
        with sessions() as session:
            print(f"store {name}: {session.scalar(select(func.count()).select_from(Report))} meldingen; "
                  f"batch: de nieuwste {args.batch}")
        check(sessions, engine, args.batch, args.profile)
    finally:
        engine.dispose()
        if not args.keep:
            drop(args.pg_url, name)


if __name__ == "__main__":
    main()
