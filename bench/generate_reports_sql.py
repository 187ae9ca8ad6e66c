"""Bulk generator of SYNTHETIC reports inside PostgreSQL (10M-20M+ rows); never part of the test run.

    createdb -h 127.0.0.1 -U postgres hnm_bench_20m
    python bench/generate_reports_sql.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench_20m \
        --count 20000000 --days 1095

bench/generate_reports.py builds every row in Python (~55 us a row: 20M rows would take hours);
here Python only draws the small things (how many reports per hour and category, a pool of points
per buurt, a pool of texts per category and buurt) and PostgreSQL makes the rows with
INSERT ... SELECT from generate_series, in `--jobs` connections at once. The distributions are the
Python generator's (services/demo_texts.py): reports per local hour follow HOUR_WEIGHTS x
WEEKDAY_WEIGHTS (daily and weekly rhythm), categories per hour follow CATEGORY_MIX with its time
profiles (so the police-only share follows the police categories), urgency, channels, buurten,
visibility, organisation and team from the category's routing, due times from the afhandeltermijn
(services.workflow.due_at_for), statuses by age (generate_reports.STATUS_BY_AGE).

Besides `reports` it writes reporter contacts (`--contacts`), the timeline events a report of that
status has (received, picked up, closed), with their first moments on the report row
(data_access/stage_times.py), the roll-ups (data_access.rollup_store.rebuild, the
project's own) and, unless --no-detect, the alerts of the scheduled early-warning pass over the last
24 hours (services.early_warning.run_detection). Secondary indexes are dropped for the load and built again from their own
definitions afterwards, foreign keys are not checked during the load (the generator only uses ids
it read from the reference tables), so the schema is exactly what the migrations made.
The store must be empty: ids are given in time order. Prints the seconds per stage.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from bench.generate_reports import CLOSED, STATUS_BY_AGE, TZ, RowMaker, normalise_url  # noqa: E402
from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema  # noqa: E402
from data_access.models import Report  # noqa: E402
from data_access.reference_data import seed_reference_data  # noqa: E402
from data_access.rollup_store import rebuild  # noqa: E402
from data_access.vocabulary import CHANNELS  # noqa: E402
from services import demo_texts as T  # noqa: E402
from services.early_warning import run_detection  # noqa: E402
from services.workflow import URGENT_HANDLING  # noqa: E402

UTC = timezone.utc
SCHEMA = "bench_gen"            # the draw tables; dropped at the end
POINTS_PER_BUURT = 100_000
TEXTS_PER_CELL = 24             # texts per category x buurt
LOADED = ("reports", "report_events", "reporter_contacts")
OPEN_PICKUP = ("gemeld",)       # statuses without a "picked up" event


class Draws:
    """What Python draws before PostgreSQL makes the rows (deterministic for a seed)."""

    def __init__(self, session, now: datetime, days: int, count: int, seed: int):
        self.maker = RowMaker(session, now, days, seed)
        self.np, self.rng, self.now = self.maker.np, self.maker.rng, now
        self.slugs = [s for s in T.CATEGORY_MIX if s in self.maker.categories]
        self.hours = self._hours(now, days)
        self.cells = self._cells(count)

    def _hours(self, now: datetime, days: int) -> list[tuple[datetime, int, int, float]]:
        """(UTC start, local weekday, local hour, seconds of it before `now`) for every hour."""
        start = datetime.combine((now.astimezone(TZ) - timedelta(days=days)).date(), datetime.min.time(), TZ)
        hour, out = start.astimezone(UTC), []
        while hour < now:
            local = hour.astimezone(TZ)
            out.append((hour, local.weekday(), local.hour, min(3600.0, (now - hour).total_seconds())))
            hour += timedelta(hours=1)
        return out

    def _cells(self, count: int) -> np.ndarray:
        """Reports per (hour, category): hours by HOUR_WEIGHTS x WEEKDAY_WEIGHTS (the last one in
        proportion to its part before now), categories by CATEGORY_MIX x the hour's time profile."""
        weight = np.array([T.WEEKDAY_WEIGHTS[wd] * T.HOUR_WEIGHTS[h] * span / 3600 for _, wd, h, span in self.hours])
        per_hour = self.np.multinomial(count, weight / weight.sum())
        slots = np.array([wd * 24 + h for _, wd, h, _ in self.hours])
        cells = np.zeros((len(self.hours), len(self.slugs)), dtype=np.int64)
        for slot in np.unique(slots):
            wd, h = divmod(int(slot), 24)
            p = np.array([T.CATEGORY_MIX[s][0] * T.profile_factor(T.CATEGORY_MIX[s][1], h, wd) for s in self.slugs])
            rows = np.flatnonzero(slots == slot)
            cells[rows] = self.np.multinomial(per_hour[rows], p / p.sum())
        return cells

    def hour_rows(self):
        for i, (start, _, _, span) in enumerate(self.hours):
            yield i, start.replace(tzinfo=None), span

    def cell_rows(self, jobs: int):
        """(hour, category, n, first id, job): ids in time order, jobs of about equal size."""
        flat = self.cells.ravel()
        first = np.concatenate(([1], 1 + np.cumsum(flat)[:-1]))
        total = int(flat.sum())
        width = self.cells.shape[1]
        for k in np.flatnonzero(flat):
            yield int(k // width), int(k % width), int(flat[k]), int(first[k]), int(first[k] - 1) * jobs // total

    def category_rows(self):
        from services.workflow import due_at_for
        for i, slug in enumerate(self.slugs):
            c = self.maker.categories[slug]
            cat_id, main_id, org_id, team_id, visibility = self.maker.routing[slug]
            monday = datetime(2024, 1, 1, 12, tzinfo=UTC)       # calendar days of the afhandeltermijn per weekday
            days = [(due_at_for(c, monday + timedelta(days=d), False) - monday - timedelta(days=d)) / timedelta(days=1)
                    for d in range(7)]
            yield (i, cat_id, main_id, org_id, team_id, visibility, T.CATEGORY_MIX[slug][2],
                   "{" + ",".join(f"{d:.6f}" for d in days) + "}")

    def point_rows(self):
        for b, code in enumerate(self.maker.buurten):
            keep, drawn = [], 0
            while drawn < POINTS_PER_BUURT:         # RowMaker.points draws by weight; here per buurt
                codes, lats, lons = self.maker.points(POINTS_PER_BUURT * 3)
                mask = np.array([c == code for c in codes])
                keep.append((lats[mask], lons[mask]))
                drawn += int(mask.sum())
            lats = np.concatenate([a for a, _ in keep])[:POINTS_PER_BUURT]
            lons = np.concatenate([o for _, o in keep])[:POINTS_PER_BUURT]
            for k in range(POINTS_PER_BUURT):
                yield b, k, float(lats[k]), float(lons[k])

    def text_rows(self):
        """Texts as the Python generator writes them (ReportComposer.text), per category and buurt;
        the hour the text may name is that of a random report, not of the report that gets it."""
        composer = self.maker.composer
        for c, slug in enumerate(self.slugs):
            for b, code in enumerate(self.maker.buurten):
                for k in range(TEXTS_PER_CELL):
                    street = self.rng.choice(T.STREETS.get(code, ["de straat"]))
                    local = self.now.astimezone(TZ) - timedelta(minutes=self.rng.randint(0, 24 * 60))
                    yield c, b, k, street, composer.text(slug, street, self.rng.choice(T.SPOTS), local)


def _case(value: str, cum: list[float], results: list[str]) -> str:
    """CASE choosing results[i] for a uniform `value` in [0, 1) by cumulative weights."""
    total = cum[-1]
    whens = " ".join(f"WHEN {value} < {c / total!r} THEN {r}" for c, r in zip(cum[:-1], results[:-1]))
    return f"CASE {whens} ELSE {results[-1]} END"


def _cum(weights) -> list[float]:
    return [float(c) for c in np.cumsum(list(weights))]


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def report_insert(draws: Draws, job: int) -> str:
    """One job's INSERT ... SELECT. The random numbers are drawn once per row in a fenced subquery
    (OFFSET 0: the planner may not pull it up and evaluate random() again per use)."""
    now = _quote(draws.now.replace(tzinfo=None).isoformat(" "))
    buurten = draws.maker.buurten
    buurt = _case("u_buurt", _cum(T.BUURT_WEIGHTS.get(c, 1.0) for c in buurten), [str(i) for i in range(len(buurten))])
    channel = _case("u_channel", _cum(T.CHANNEL_WEIGHTS.values()), [_quote(c) for c in T.CHANNEL_WEIGHTS])
    by_age = " ".join(
        f"WHEN {now}::timestamp - received_at < interval '{int(age.total_seconds())} seconds' THEN "
        f"{_case('u_status', _cum(w for _, w in options), [_quote(s) for s, _ in options])}"
        for age, options in STATUS_BY_AGE if age is not None)
    last = STATUS_BY_AGE[-1][1]
    status = f"CASE {by_age} ELSE {_case('u_status', _cum(w for _, w in last), [_quote(s) for s, _ in last])} END"
    closed = ", ".join(_quote(s) for s in sorted(CLOSED))
    parents = "ARRAY[" + ", ".join(_quote(draws.maker.parents[c]) for c in buurten) + "]"
    codes = "ARRAY[" + ", ".join(_quote(c) for c in buurten) + "]"
    urgent_seconds = int(URGENT_HANDLING.total_seconds())
    pickup = ", ".join(_quote(s) for s in OPEN_PICKUP)     # the moments of the events `event_inserts` writes
    return f"""
INSERT INTO reports (id, reference, received_at, updated_at, channel, text, category_id, main_category_id,
                     urgent, lat, lon, address, buurt_code, wijk_code, organisation_id, team_id, status,
                     visibility, due_at, closed_at, needs_triage, synthetic, version,
                     first_in_behandeling_at, first_afgehandeld_at)
SELECT id, 'HNM-' || CASE WHEN id < 10000000 THEN lpad(id::text, 7, '0') ELSE id::text END, received_at,
       coalesce(closed_at, least({now}::timestamp, received_at + u_updated * interval '6 hours')),
       channel, t.body, category_id, main_category_id, urgent, p.lat, p.lon,
       t.street || ' ' || (1 + floor(u_house * 240))::int || ', Den Haag',
       ({codes})[b + 1], ({parents})[b + 1], organisation_id, team_id, status, visibility, due_at, closed_at,
       false, true, 1,
       CASE WHEN status NOT IN ({pickup}) THEN {picked_at(now)} END,
       CASE WHEN status = 'afgehandeld' THEN closed_at END
FROM (
  SELECT *, CASE WHEN status IN ({closed}) THEN least({now}::timestamp, received_at +
              greatest(extract(epoch FROM due_at - received_at), 1800) * (0.1 + 1.4 * u_closed) * interval '1 second')
            END AS closed_at
  FROM (
    SELECT *, {buurt} AS b, {channel} AS channel, {status} AS status,
           CASE WHEN urgent THEN received_at + interval '{urgent_seconds} seconds'
                ELSE received_at + due_days[extract(isodow FROM received_at)::int] * interval '1 day' END AS due_at
    FROM (
      SELECT c.first_id + i AS id, h.start_at + random() * h.span * interval '1 second' AS received_at,
             k.category_id, k.main_category_id, k.organisation_id, k.team_id, k.visibility, k.due_days,
             k.urgent_share > 0 AND random() < k.urgent_share AS urgent, c.category AS cat,
             random() AS u_buurt, random() AS u_channel, random() AS u_status, random() AS u_closed,
             random() AS u_updated, random() AS u_point, random() AS u_text, random() AS u_house
      FROM {SCHEMA}.cells c
      JOIN {SCHEMA}.hours h ON h.hour = c.hour
      JOIN {SCHEMA}.categories k ON k.category = c.category
      CROSS JOIN generate_series(0, c.n - 1) AS i
      WHERE c.job = {job}
      OFFSET 0
    ) drawn
  ) decided
) r
JOIN {SCHEMA}.points p ON p.buurt = r.b AND p.k = floor(r.u_point * {POINTS_PER_BUURT})::int
JOIN {SCHEMA}.texts t ON t.category = r.cat AND t.buurt = r.b AND t.k = floor(r.u_text * {TEXTS_PER_CELL})::int
"""


def picked_at(now_sql: str) -> str:
    """When a report was picked up (its in_behandeling event, and first_in_behandeling_at):
    reproducible from the row, no second random() pass."""
    return (f"received_at + (coalesce(closed_at, {now_sql}::timestamp) - received_at) * "
            f"(0.05 + 0.35 * ((id::bigint * 7919) % 1000) / 1000.0)")


def event_inserts(now: datetime, lo: int, hi: int) -> list[str]:
    """The timeline a report of its status has: received, picked up (every status past gemeld),
    and its present status when it moved on from in_behandeling (closed, planned, ...)."""
    now_sql = _quote(now.replace(tzinfo=None).isoformat(" "))
    labels = "CASE channel " + " ".join(f"WHEN {_quote(k)} THEN {_quote(v)}" for k, v in CHANNELS.items()) + " END"
    columns = "(report_id, at, actor_label, kind, from_value, to_value, detail, visibility)"
    where = f"id BETWEEN {lo} AND {hi}"
    picked = picked_at(now_sql)
    return [
        f"INSERT INTO report_events {columns} SELECT id, received_at, 'systeem', 'ontvangen', NULL, channel, "
        f"'Ontvangen via ' || {labels}, visibility FROM reports WHERE {where}",
        f"INSERT INTO report_events {columns} SELECT id, {picked}, 'Behandelaar', 'status', 'gemeld', "
        f"'in_behandeling', 'Opgepakt.', visibility FROM reports WHERE {where} "
        f"AND status NOT IN ({', '.join(_quote(s) for s in OPEN_PICKUP)})",
        f"INSERT INTO report_events {columns} SELECT id, coalesce(closed_at, updated_at), 'Behandelaar', 'status', "
        f"'in_behandeling', status, '', visibility FROM reports WHERE {where} "
        f"AND status NOT IN ('gemeld', 'in_behandeling')",
    ]


def contact_insert(share: float, lo: int, hi: int) -> str:
    names = "ARRAY[" + ", ".join(_quote(n) for n in T.FIRST_NAMES) + "]"
    return f"""
INSERT INTO reporter_contacts (report_id, name, email, phone, wants_feedback)
SELECT id, first || ' {T.FAKE_SURNAME}', lower(first) || '.' || id || '@{T.FAKE_DOMAIN}', NULL, u < 0.8
FROM (SELECT id, ({names})[1 + floor(random() * {len(T.FIRST_NAMES)})::int] AS first, random() AS u
      FROM reports WHERE id BETWEEN {lo} AND {hi} AND random() < {share} OFFSET 0) drawn
"""


def _copy(cursor, table: str, columns: str, rows) -> None:
    with cursor.copy(f"COPY {SCHEMA}.{table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _connect(dsn: str, seed: float | None = None):
    connection = psycopg.connect(dsn, autocommit=True)
    connection.execute("SET session_replication_role = replica")     # no FK trigger per row; see module doc
    connection.execute("SET synchronous_commit = off")
    connection.execute("SET maintenance_work_mem = '1GB'")
    connection.execute("SET work_mem = '256MB'")
    if seed is not None:
        connection.execute("SELECT setseed(%s)", (seed,))
    return connection


def _parallel(dsn: str, statements: list[str], jobs: int, seed: int) -> None:
    """Run the statements over `jobs` connections at once (PostgreSQL does the work); the first
    error cancels what the other connections are running."""
    queue, errors, lock, connections = list(statements), [], threading.Lock(), []

    def work(worker: int) -> None:
        with _connect(dsn, ((seed * 7 + worker) % 1000) / 1000) as connection:
            with lock:
                connections.append(connection)
            while True:
                with lock:
                    if not queue or errors:
                        return
                    statement = queue.pop(0)
                try:
                    connection.execute(statement)
                except Exception as exc:      # noqa: BLE001 - raised after the others stop
                    with lock:
                        errors.append(exc)
                        for other in connections:
                            if other is not connection and not other.closed:
                                other.cancel()
                    return
    threads = [threading.Thread(target=work, args=(w,)) for w in range(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def _secondary_indexes(connection) -> list[tuple[str, str]]:
    """(name, CREATE INDEX ...) of the loaded tables' indexes that back no constraint."""
    return connection.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
        "ORDER BY pg_relation_size(i.indrelid) DESC, i.indexrelid", (list(LOADED),)).fetchall()


def _chunks(count: int, jobs: int) -> list[tuple[int, int]]:
    """Id ranges for the statements that follow the reports: four per connection."""
    return [(1 + count * j // (jobs * 4), count * (j + 1) // (jobs * 4)) for j in range(jobs * 4)]


def _load_reports(dsn, factory, now, days, count, seed, contact_share, jobs, stage, started) -> list[tuple[str, str]]:
    """Draws, reports and contacts; returns the secondary indexes it dropped (name, definition),
    also kept in bench_gen.indexes with `now` and `count` in bench_gen.meta for --resume."""
    with transaction(factory) as session:
        seed_reference_data(session)
    with factory() as session:
        if session.scalar(select(func.count()).select_from(Report)):
            raise SystemExit("De store bevat al meldingen: deze generator vult alleen een lege store")
        draws = Draws(session, now, days, count, seed)
    stage("schema + trekkingen", f"{len(draws.hours):,} uren x {len(draws.slugs)} categorieën", started)

    started = time.perf_counter()
    with _connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        cursor.execute(f"CREATE TABLE {SCHEMA}.meta (now_at timestamptz, count int)")
        cursor.execute(f"INSERT INTO {SCHEMA}.meta VALUES (%s, %s)", (now, count))
        cursor.execute(f"CREATE TABLE {SCHEMA}.indexes (name text, definition text)")
        cursor.execute(f"CREATE UNLOGGED TABLE {SCHEMA}.hours (hour int PRIMARY KEY, start_at timestamp, span float8)")
        cursor.execute(f"CREATE UNLOGGED TABLE {SCHEMA}.cells (hour int, category int, n int, first_id int, job int)")
        cursor.execute(f"CREATE UNLOGGED TABLE {SCHEMA}.categories (category int PRIMARY KEY, category_id int, "
                       "main_category_id int, organisation_id int, team_id int, visibility text, "
                       "urgent_share float8, due_days float8[])")
        cursor.execute(f"CREATE UNLOGGED TABLE {SCHEMA}.points (buurt int, k int, lat float8, lon float8, "
                       "PRIMARY KEY (buurt, k))")
        cursor.execute(f"CREATE UNLOGGED TABLE {SCHEMA}.texts (category int, buurt int, k int, street text, "
                       "body text, PRIMARY KEY (category, buurt, k))")
        _copy(cursor, "hours", "hour, start_at, span", draws.hour_rows())
        _copy(cursor, "cells", "hour, category, n, first_id, job", draws.cell_rows(jobs))
        _copy(cursor, "categories", "category, category_id, main_category_id, organisation_id, team_id, "
                                    "visibility, urgent_share, due_days", draws.category_rows())
        _copy(cursor, "points", "buurt, k, lat, lon", draws.point_rows())
        _copy(cursor, "texts", "category, buurt, k, street, body", draws.text_rows())
        cursor.execute(f"ANALYZE {SCHEMA}.hours, {SCHEMA}.cells, {SCHEMA}.categories, {SCHEMA}.points, {SCHEMA}.texts")
        indexes = _secondary_indexes(connection)
        _copy(cursor, "indexes", "name, definition", indexes)
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    stage("trekkingen naar PostgreSQL", f"{len(indexes)} secundaire indexen tijdelijk weg", started)

    started = time.perf_counter()
    _parallel(dsn, [report_insert(draws, job) for job in range(jobs)], jobs, seed)
    stage("reports INSERT ... SELECT", f"{count:,} rijen, {jobs} verbindingen", started)

    started = time.perf_counter()
    _parallel(dsn, [contact_insert(contact_share, lo, hi) for lo, hi in _chunks(count, jobs)], jobs, seed)
    stage("reporter_contacts", f"aandeel {contact_share}", started)
    return indexes


def generate(url: str, count: int, days: int, seed: int, contact_share: float, jobs: int,
             detect: bool = True, resume: bool = False, now: datetime | None = None, progress=print) -> list[tuple[str, float, str]]:
    """Fill an empty PostgreSQL store; returns (stage, seconds, what) per stage."""
    url = normalise_url(url)
    if not url.startswith("postgresql"):
        raise SystemExit("Alleen PostgreSQL; voor SQLite: bench/generate_reports.py")
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    now = (now or datetime.now(UTC)).astimezone(UTC)
    stages: list[tuple[str, float, str]] = []

    def stage(name: str, what: str, started: float) -> None:
        stages.append((name, time.perf_counter() - started, what))
        if progress:
            progress(f"  {name:<28} {stages[-1][1]:8.1f} s  {what}")

    started = time.perf_counter()
    engine = make_engine(url, pool_size=2)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    if resume:
        with _connect(dsn) as connection:
            now, count = connection.execute(f"SELECT now_at, count FROM {SCHEMA}.meta").fetchone()
            indexes = connection.execute(f"SELECT name, definition FROM {SCHEMA}.indexes").fetchall()
            if connection.execute("SELECT count(*) FROM reports").fetchone()[0] != count:
                raise SystemExit("--resume: reports is niet compleet; begin opnieuw met een lege store")
        now = now.astimezone(UTC)
    else:
        indexes = _load_reports(dsn, factory, now, days, count, seed, contact_share, jobs, stage, started)

    with _connect(dsn) as connection:        # a resumed run starts the events again
        connection.execute("TRUNCATE report_events")
    started = time.perf_counter()
    _parallel(dsn, [s for lo, hi in _chunks(count, jobs) for s in event_inserts(now, lo, hi)], jobs, seed)
    stage("report_events", "ontvangen, opgepakt, huidige status", started)

    started = time.perf_counter()
    _parallel(dsn, [definition for _, definition in indexes], jobs, seed)
    stage("indexen opnieuw", f"{len(indexes)} indexen, {jobs} tegelijk", started)

    started = time.perf_counter()
    with _connect(dsn) as connection:
        for table in LOADED:
            connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT coalesce(max(id), 1) FROM {table}))")
        connection.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    # VACUUM sets the visibility map (index-only scans); the loaded tables one per connection
    _parallel(dsn, [f"VACUUM (ANALYZE) {table}" for table in LOADED], jobs, seed)
    stage("VACUUM ANALYZE", ", ".join(LOADED), started)

    started = time.perf_counter()
    try:        # INSERT ... SELECT bypasses the ORM flush that keeps the roll-ups in step
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL work_mem = '256MB'"))
            rebuild(connection)
        with engine.connect() as connection:
            for table in ("report_rollups", "report_hour_counts", "report_cell_counts", "feedback_facts", "feedback_rollups"):
                connection.execute(text(f"ANALYZE {table}"))
            connection.commit()
        stage("roll-ups (rollup_store.rebuild)", "report_rollups, report_hour_counts, feedback", started)
        if detect:
            started = time.perf_counter()
            with transaction(factory) as session:
                alerts = run_detection(session, now)
            stage("vroegsignalering (run_detection)", f"{len(alerts)} signalen over de laatste 24 uur", started)
    finally:
        engine.dispose()
    return stages


def print_table(stages: list[tuple[str, float, str]], count: int) -> None:
    total = sum(s for _, s, _ in stages)
    print(f"\n| {'stap':<32} | {'seconden':>9} | wat |")
    print(f"|{'-' * 34}|{'-' * 11}|-----|")
    for name, seconds, what in stages:
        print(f"| {name:<32} | {seconds:9.1f} | {what} |")
    print(f"| {'totaal':<32} | {total:9.1f} | {count:,} meldingen, {count / max(total, 1e-9):,.0f} per seconde |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vul een lege PostgreSQL-store met synthetische meldingen, in SQL.")
    parser.add_argument("--url", required=True, help="postgresql://...")
    parser.add_argument("--count", type=int, default=20_000_000)
    parser.add_argument("--days", type=int, default=3 * 365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contacts", type=float, default=0.05)
    parser.add_argument("--jobs", type=int, default=2, help="verbindingen tegelijk (standaard 2)")
    parser.add_argument("--resume", action="store_true",
                        help="verder na reports en contacten van een afgebroken run (vanaf de tijdlijn)")
    parser.add_argument("--no-detect", action="store_true",
                        help="geen vroegsignalering (run_detection) over de laatste 24 uur na het laden")
    args = parser.parse_args(argv)
    if args.count < 1 or args.days < 1 or not 0 <= args.contacts <= 1 or args.jobs < 1:
        parser.error("count, days en jobs moeten positief zijn, contacts tussen 0 en 1")
    print(f"Genereer {args.count:,} synthetische meldingen over {args.days} dagen in {args.url.split('@')[-1]}")
    print_table(generate(args.url, args.count, args.days, args.seed, args.contacts, args.jobs,
                         not args.no_detect, args.resume), args.count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
