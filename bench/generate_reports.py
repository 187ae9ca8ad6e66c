"""Bulk generator of SYNTHETIC reports for benchmarks (1M, 5M rows); never part of the test run.

    python bench/generate_reports.py --url sqlite:///bench/data/hnm_1m.sqlite3 --count 1000000
    python bench/generate_reports.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench --count 1000000

Writes only the reports table (plus, optionally, reporter contacts for a small share) by bulk
insert: COPY on PostgreSQL (psycopg 3), executemany in big transactions on SQLite (with
PRAGMA synchronous=OFF for the load). Creates the schema and the reference data when missing.
Distributions come from services.demo_texts (categories by weight and time of day, channels,
urgency, buurten), statuses follow the age of the report. Every row is synthetic=true.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from shapely.geometry import shape  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema  # noqa: E402
from data_access.models import Area, Category, Report  # noqa: E402
from data_access.reference_data import seed_reference_data  # noqa: E402
from data_access.rollup_store import rebuild  # noqa: E402
from services import demo_texts as T  # noqa: E402
from services.demo_scenario import ReportComposer  # noqa: E402
from services.workflow import due_at_for  # noqa: E402

TZ = ZoneInfo("Europe/Amsterdam")
UTC = timezone.utc
COLUMNS = ["id", "reference", "received_at", "updated_at", "channel", "text", "category_id",
           "main_category_id", "urgent", "lat", "lon", "address", "buurt_code", "wijk_code",
           "organisation_id", "team_id", "status", "visibility", "due_at", "closed_at",
           "needs_triage", "synthetic", "version"]
CONTACT_COLUMNS = ["report_id", "name", "email", "phone", "wants_feedback"]
# (max age, [(status, weight)]): older reports are mostly closed
STATUS_BY_AGE = [
    (timedelta(hours=1), [("gemeld", 70), ("in_behandeling", 30)]),
    (timedelta(days=1), [("gemeld", 25), ("in_behandeling", 55), ("ingepland", 10), ("afgehandeld", 10)]),
    (timedelta(days=7), [("gemeld", 5), ("in_behandeling", 25), ("ingepland", 10),
                         ("reactie_gevraagd", 2), ("afgehandeld", 55), ("geannuleerd", 3)]),
    (timedelta(days=30), [("in_behandeling", 8), ("ingepland", 4), ("afgehandeld", 85), ("geannuleerd", 3)]),
    (None, [("in_behandeling", 1.5), ("heropend", 0.5), ("afgehandeld", 95), ("geannuleerd", 3)]),
]
CLOSED = {"afgehandeld", "geannuleerd"}


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class RowMaker:
    """Makes report rows in batches, deterministic for a seed."""

    def __init__(self, session, now: datetime, days: int, seed: int):
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.now, self.days = now, days
        areas = session.execute(select(Area.code, Area.parent_code, Area.geometry).where(
            Area.kind == "buurt", Area.geometry.is_not(None)).order_by(Area.code)).all()
        self.parents = {code: parent for code, parent, _ in areas}
        geometries = {code: json.loads(geometry) for code, _, geometry in areas}
        self.composer = ReportComposer(self.rng, geometries)
        self.polygons = {code: shape(g) for code, g in geometries.items()}
        self.buurten = self.composer.buurt_codes
        weights = np.array([T.BUURT_WEIGHTS.get(c, 1.0) for c in self.buurten])
        self.buurt_p = weights / weights.sum()
        self.categories = {c.slug: c for c in session.scalars(
            select(Category).where(Category.parent_id.is_not(None)))}
        for c in self.categories.values():
            session.expunge(c)
        self.routing = {slug: (c.id, c.parent_id, c.organisation_id, c.team_id, c.default_visibility)
                        for slug, c in self.categories.items()}
        hours = np.array(T.HOUR_WEIGHTS)
        self.hour_p = hours / hours.sum()
        self.status_cum = [(age, [s for s, _ in opts], _cum(w for _, w in opts))
                           for age, opts in STATUS_BY_AGE]
        self._due_cache: dict = {}

    def points(self, n: int) -> tuple[list[str], np.ndarray, np.ndarray]:
        """n points strictly inside the buurten (vectorised rejection sampling)."""
        codes = self.np.choice(len(self.buurten), size=n, p=self.buurt_p)
        lats, lons = np.empty(n), np.empty(n)
        for i, code in enumerate(self.buurten):
            idx = np.flatnonzero(codes == i)
            polygon = self.polygons[code]
            min_x, min_y, max_x, max_y = polygon.bounds
            todo = idx
            while todo.size:
                x = self.np.uniform(min_x, max_x, todo.size)
                y = self.np.uniform(min_y, max_y, todo.size)
                inside = shapely.contains_xy(polygon, x, y)
                inside &= (x > min_x + 1e-5) & (x < max_x - 1e-5) & (y > min_y + 1e-5) & (y < max_y - 1e-5)
                lons[todo[inside]], lats[todo[inside]] = x[inside], y[inside]
                todo = todo[~inside]
        return [self.buurten[i] for i in codes.tolist()], np.round(lats, 6), np.round(lons, 6)

    def batch(self, first_id: int, n: int, contact_share: float, sqlite: bool = False):
        """(report rows, contact rows); with sqlite=True times are SQLAlchemy's text format."""
        rng, now = self.rng, self.now
        stamp = _sqlite_time if sqlite else _naive
        buurten, lats, lons = self.points(n)
        days = self.np.integers(0, self.days, n).tolist()
        hours = self.np.choice(24, size=n, p=self.hour_p).tolist()
        seconds = self.np.integers(0, 3600, n).tolist()
        start_day = (now.astimezone(TZ) - timedelta(days=self.days)).date()
        rows, contacts = [], []
        lats, lons = lats.tolist(), lons.tolist()
        for k in range(n):
            rid = first_id + k
            local = datetime.combine(start_day + timedelta(days=days[k] + 1), datetime.min.time(), TZ) \
                + timedelta(hours=hours[k], seconds=seconds[k])
            received = local.astimezone(UTC)
            if received > now:      # later today: the same hour on the day before the first day,
                received -= timedelta(days=self.days)      # so the density is even up to now
                local = received.astimezone(TZ)
            slug = self.composer.category_for(local)
            category = self.categories[slug]
            cat_id, main_id, org_id, team_id, visibility = self.routing[slug]
            urgent = self.composer.urgent_for(slug)
            buurt = buurten[k]
            street = rng.choice(T.STREETS.get(buurt, ["de straat"]))
            text = self.composer.text(slug, street, rng.choice(T.SPOTS), local)
            due = due_at_for(category, received, urgent)
            age = now - received
            for max_age, statuses, cum in self.status_cum:
                if max_age is None or age < max_age:
                    status = rng.choices(statuses, cum_weights=cum)[0]
                    break
            closed = None
            if status in CLOSED:
                span = max((due - received).total_seconds(), 1800)
                closed = min(now, received + timedelta(seconds=span * rng.uniform(0.1, 1.5)))
            updated = closed or min(now, received + timedelta(seconds=rng.uniform(0, 6 * 3600)))
            rows.append((rid, f"HNM-{rid:07d}", stamp(received), stamp(updated),
                         self.composer.channel(), text, cat_id, main_id, urgent,
                         lats[k], lons[k], f"{street} {rng.randint(1, 240)}, Den Haag", buurt,
                         self.parents[buurt], org_id, team_id, status,
                         visibility, stamp(due), stamp(closed), False, True, 1))
            if contact_share and rng.random() < contact_share:
                first = rng.choice(T.FIRST_NAMES)
                contacts.append((rid, f"{first} {T.FAKE_SURNAME}",
                                 f"{first.lower()}.{rid}@{T.FAKE_DOMAIN}", None, rng.random() < 0.8))
        return rows, contacts


def _cum(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _naive(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _sqlite_time(value: datetime | None) -> str | None:
    """SQLAlchemy's SQLite storage format for (naive UTC) datetimes."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def generate(url: str, count: int, days: int = 365, seed: int = 1, contact_share: float = 0.05,
             batch_size: int = 50_000, now: datetime | None = None, progress=print) -> dict:
    """Append `count` synthetic reports to the store at `url`; returns rows, seconds, rows_per_s."""
    url = normalise_url(url)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    engine = make_engine(url, **({} if url.startswith("sqlite") else {"pool_size": 2}))
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        seed_reference_data(session)
    with factory() as session:
        maker = RowMaker(session, now, days, seed)
        first_id = (session.scalar(select(func.max(Report.id))) or 0) + 1
    started = time.perf_counter()
    written = 0
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        is_sqlite = url.startswith("sqlite")
        if is_sqlite:
            driver.execute("PRAGMA synchronous=OFF")
            driver.execute("PRAGMA cache_size=-262144")     # 256 MB: index pages stay in memory
            insert_reports = (f"INSERT INTO reports ({', '.join(COLUMNS)}) "
                              f"VALUES ({', '.join('?' * len(COLUMNS))})")
            insert_contacts = (f"INSERT INTO reporter_contacts ({', '.join(CONTACT_COLUMNS)}) "
                               f"VALUES ({', '.join('?' * len(CONTACT_COLUMNS))})")
        while written < count:
            n = min(batch_size, count - written)
            rows, contacts = maker.batch(first_id + written, n, contact_share, sqlite=is_sqlite)
            if is_sqlite:
                cursor = driver.cursor()
                cursor.executemany(insert_reports, rows)          # sqlite3 stores bools as 0/1
                if contacts:
                    cursor.executemany(insert_contacts, contacts)
                cursor.close()
                driver.commit()
            else:
                with driver.cursor() as cursor:
                    with cursor.copy(f"COPY reports ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                    if contacts:
                        with cursor.copy(f"COPY reporter_contacts ({', '.join(CONTACT_COLUMNS)}) "
                                         "FROM STDIN") as copy:
                            for row in contacts:
                                copy.write_row(row)
                driver.commit()
            written += n
            elapsed = time.perf_counter() - started
            if progress:
                progress(f"  {written:>10,} / {count:,} rijen  {elapsed:7.1f} s  "
                         f"{written / max(elapsed, 1e-9):>10,.0f} rijen/s")
        if is_sqlite:
            driver.execute("PRAGMA synchronous=NORMAL")
            driver.execute("ANALYZE")
        else:
            with driver.cursor() as cursor:
                cursor.execute("SELECT setval(pg_get_serial_sequence('reports', 'id'), "
                               "(SELECT max(id) FROM reports))")
            driver.commit()
            # VACUUM sets the visibility map: without it no index-only scan (the analytics read only indexes).
            driver.autocommit = True
            driver.execute("VACUUM ANALYZE reports")
            driver.autocommit = False      # back to the pool as it came: the rebuild below needs a transaction
    finally:
        raw.close()
    try:        # COPY / executemany bypass the ORM flush that keeps the roll-ups in step
        rebuilt = time.perf_counter()
        with engine.begin() as connection:
            rebuild(connection)
        with engine.connect() as connection:
            connection.execute(text("ANALYZE report_rollups"))
            connection.execute(text("ANALYZE report_hour_counts"))
            connection.commit()
        if progress:
            progress(f"  roll-ups opnieuw berekend in {time.perf_counter() - rebuilt:.1f} s")
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    return {"backend": "sqlite" if url.startswith("sqlite") else "postgresql", "rows": written,
            "seconds": round(seconds, 1), "rows_per_s": round(written / max(seconds, 1e-9))}


def print_table(results: list[dict]) -> None:
    print(f"\n| {'backend':<10} | {'rows':>10} | {'seconds':>8} | {'rows/s':>9} |")
    print(f"|{'-' * 12}|{'-' * 12}|{'-' * 10}|{'-' * 11}|")
    for r in results:
        print(f"| {r['backend']:<10} | {r['rows']:>10,} | {r['seconds']:>8.1f} | {r['rows_per_s']:>9,} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vul een store met synthetische meldingen voor benchmarks.")
    parser.add_argument("--url", required=True, help="sqlite:///pad.sqlite3 of postgresql://...")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contacts", type=float, default=0.05,
                        help="aandeel meldingen met (nep)contactgegevens, standaard 0.05")
    parser.add_argument("--batch", type=int, default=50_000)
    args = parser.parse_args(argv)
    if args.count < 1 or args.days < 1 or not 0 <= args.contacts <= 1 or args.batch < 1:
        parser.error("count, days en batch moeten positief zijn, contacts tussen 0 en 1")
    print(f"Genereer {args.count:,} synthetische meldingen over {args.days} dagen in {args.url.split('@')[-1]}")
    result = generate(args.url, args.count, args.days, args.seed, args.contacts, args.batch)
    print_table([result])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

