"""Sustained intake through the HTTP API against gunicorn (2 workers on a free localhost port).

Every submission is what a resident's app sends: a synthetic text, place and address drawn like the
demo's reports, and for most of them contact details (so grouping, early warning and the feedback
facts see realistic input). Each has its own Idempotency-Key and a share is sent twice (a client
retry); afterwards the store must hold every accepted report exactly once. Prints one table row per backend, and where
the CPU went. "volgehouden/s" (sustained) is reports stored / (answer time + naloop): the naloop is
how long the workers stay busy with early warning after the last answer, so this is the rate at
which detection keeps up. Latency: milliseconds from request to answer (p50, p99, max). CPU: milliseconds per request in the gunicorn processes (including early
warning, which runs after the answer: the clock stops when the workers fall idle again), in the
PostgreSQL backends that served them, and in this load generator. On a shared machine the throughput is an
upper bound of the time; 2 cores / CPU per request is the capacity the code itself allows.

    .venv/bin/python bench/intake_load.py --backend sqlite --count 3000
    .venv/bin/python bench/intake_load.py --backend postgresql --count 3000 \
        --pg-url postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema  # noqa: E402
from data_access.models import Alert, DetectionBacklog, IntakeRequest, Report, utcnow  # noqa: E402
from data_access.reference_data import seed_reference_data  # noqa: E402
from services.api_keys import create_key  # noqa: E402
from services.demo_scenario import ReportComposer  # noqa: E402
from services.detection_queue import MAX_GATHER_SECONDS  # noqa: E402

CATEGORIES = ["grofvuil", "veeg-zwerfvuil", "straatverlichting-openbare-klok", "boom", "onkruid",
              "hondenpoep", "parkeeroverlast", "container-is-vol"]


TICK = os.sysconf("SC_CLK_TCK")


def run_clients(worker, clients: int) -> None:
    """Run `worker` in `clients` threads at once and wait for all of them."""
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes (threads included) from /proc; gone ones count 0."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])      # utime, stime
    return total / TICK


def process_tree(root: int) -> list[int]:
    """The gunicorn master and its workers."""
    children = Path(f"/proc/{root}/task/{root}/children")
    return [root, *map(int, children.read_text().split())] if children.exists() else [root]


def database_backends(url: str) -> list[int]:
    """PostgreSQL server processes connected to the bench database (none for SQLite)."""
    if not url.startswith("postgresql"):
        return []
    engine = make_engine(url)
    with engine.connect() as conn:
        pids = conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND pid <> pg_backend_pid()")).all()
    engine.dispose()
    return list(pids)


def wait_until_idle(pids: list[int], quiet: float = 1.0, timeout: float = 300, step: float = 0.25) -> float:
    """Seconds until these processes last used CPU, once they have been (almost) idle for `quiet`
    seconds: early warning queued during the run is done by then."""
    started = last_busy = time.perf_counter()
    last = cpu_seconds(pids)
    while time.perf_counter() - last_busy < quiet and time.perf_counter() - started < timeout:
        time.sleep(step)
        used = cpu_seconds(pids)
        if used - last > 0.05 * step:
            last_busy = time.perf_counter()
        last = used
    return last_busy - started


def commits(url: str) -> int:
    """Transactions committed in the bench database so far (PostgreSQL; 0 for SQLite)."""
    if not url.startswith("postgresql"):
        return 0
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_stat_clear_snapshot()"))
        count = conn.scalar(text("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"))
    engine.dispose()
    return count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_store(backend: str, pg_url: str) -> tuple[str, callable]:
    """(database url, cleanup) of a fresh, seeded store."""
    if backend == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='hnm-load-')}/load.sqlite3"
        cleanup = lambda: None  # noqa: E731
    else:
        base = make_url(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
        name = f"hnm_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)

        def cleanup():
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine = make_engine(url)
    upgrade_schema(engine)
    with transaction(make_session_factory(engine)) as session:
        seed_reference_data(session)
    engine.dispose()
    return url, cleanup


# Every worker writes down, as it stops, how many reports each group-commit transaction held;
# --no-early-warning also switches detection (another feature) off to measure the intake alone.
GUNICORN_CONFIG = """
import json, os

def worker_exit(server, worker):
    sizes = worker.wsgi.extensions["hnm_group_commit"].batch_sizes
    path = os.path.join(os.environ["HNM_INSTANCE_DIR"], f"batches-{os.getpid()}.json")
    with open(path, "w") as out:
        json.dump(sizes, out)
"""
NO_EARLY_WARNING = """
def post_fork(server, worker):
    from services.detection_queue import DetectionQueue
    DetectionQueue.add = lambda self, report_id: None
"""


def batch_sizes(instance_dir: str) -> list[int]:
    return [size for path in Path(instance_dir).glob("batches-*.json")
            for size in json.loads(path.read_text(encoding="utf-8"))]


def start_gunicorn(url: str, port: int, workers: int, threads: int, early_warning: bool,
                   redis_url: str, instance_dir: str) -> subprocess.Popen:
    env = {**os.environ, "HNM_MODE": "production", "HNM_DATABASE_URL": url, "HNM_SECRET_KEY": "l" * 48,
           "HNM_INSTANCE_DIR": instance_dir,
           "HNM_API_WRITE_LIMIT": "1000000 per minute", "HNM_REDIS_URL": redis_url}
    command = [sys.executable, "-m", "gunicorn", "app:server", "-b", f"127.0.0.1:{port}", "-w", str(workers),
               "--threads", str(threads), "--log-level", "warning"]
    config = Path(env["HNM_INSTANCE_DIR"]) / "gunicorn_bench.py"
    config.write_text(GUNICORN_CONFIG + ("" if early_warning else NO_EARLY_WARNING), encoding="utf-8")
    command += ["-c", str(config)]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/open311/v2/services.json")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn kwam niet op")


def app_submission(composer: ReportComposer, slug: str) -> dict:
    """What a resident's app sends: a synthetic text, place and (for most) contact details, drawn
    like the demo's reports, so that triage, grouping and early warning see realistic input."""
    draft = composer.draft(utcnow(), slug, channel="app")
    body = {"text": draft.text, "category": slug, "lat": draft.lat, "lon": draft.lon, "address": draft.address}
    if draft.contact_name:
        body["contact"] = {"name": draft.contact_name, "email": draft.contact_email,
                           "phone": draft.contact_phone, "wants_feedback": draft.wants_feedback}
    return body


def submit_all(port: int, key: str, composer: ReportComposer, count: int, clients: int,
               retry_share: float, seed: int) -> dict:
    rng = random.Random(seed)
    jobs = []
    for i in range(count):
        body = app_submission(composer, rng.choice(CATEGORIES))
        idem = f"load-{seed}-{i}"
        jobs.append((idem, json.dumps(body)))
        if rng.random() < retry_share:
            jobs.append((idem, json.dumps(body)))      # a client retry of the same submission
    statuses: dict[int, int] = {}
    references: set[str] = set()
    latencies: list[float] = []
    lock = threading.Lock()
    cursor = iter(jobs)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                job = next(cursor, None)
            if job is None:
                break
            idem, body = job
            sent = time.perf_counter()
            conn.request("POST", "/api/v1/meldingen", body=body, headers={
                "Content-Type": "application/json", "X-API-Key": key, "Idempotency-Key": idem})
            response = conn.getresponse()
            payload = response.read()
            with lock:
                latencies.append(time.perf_counter() - sent)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.status == 201:
                    references.add(json.loads(payload)["reference"])
        conn.close()

    started = time.perf_counter()
    run_clients(worker, clients)
    latencies.sort()
    return {"seconds": time.perf_counter() - started, "requests": len(jobs), "statuses": statuses,
            "references": references, "unique": count,
            "latency_ms": [1000 * latencies[int(q * (len(latencies) - 1))] for q in (0.5, 0.99)]
                          + [1000 * latencies[-1]]}


def submit_paced(port: int, key: str, composer: ReportComposer, rate: float, seconds: float, clients: int,
                 retry_share: float, seed: int) -> dict:
    """Submissions at a steady `rate` per second for `seconds` (the i-th is due at i / rate;
    a client that falls behind sends at once), each followed by a retry with chance retry_share.
    Returns what submit_all returns, plus when the last answer came (perf_counter)."""
    rng = random.Random(seed)
    total = int(rate * seconds)
    statuses: dict[int, int] = {}
    references: set[str] = set()
    latencies: list[float] = []
    lock = threading.Lock()
    state = {"next": 0, "last_answer": 0.0}
    started = time.perf_counter()

    def next_job():
        with lock:
            i = state["next"]
            if i >= total:
                return None
            state["next"] += 1
            body = json.dumps(app_submission(composer, rng.choice(CATEGORIES)))
            return started + i / rate, f"paced-{seed}-{i}", body, rng.random() < retry_share

    def send(conn, idem, body):
        """Send one submission; a request that times out counts as status 0 (the client then
        opens a new connection and goes on, as an app would)."""
        sent = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/meldingen", body=body, headers={
                "Content-Type": "application/json", "X-API-Key": key, "Idempotency-Key": idem})
            response = conn.getresponse()
            payload = response.read()
        except OSError:
            conn.close()
            with lock:
                statuses[0] = statuses.get(0, 0) + 1
            return
        with lock:
            state["last_answer"] = time.perf_counter()
            latencies.append(state["last_answer"] - sent)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status == 201:
                references.add(json.loads(payload)["reference"])

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (job := next_job()) is not None:
            due, idem, body, retry = job
            time.sleep(max(0.0, due - time.perf_counter()))
            send(conn, idem, body)
            if retry:
                send(conn, idem, body)              # a client retry of the same submission
        conn.close()

    run_clients(worker, clients)
    latencies.sort()
    return {"seconds": state["last_answer"] - started, "requests": len(latencies), "statuses": statuses,
            "references": references, "unique": total, "last_answer": state["last_answer"],
            "latency_ms": [1000 * latencies[int(q * (len(latencies) - 1))] for q in (0.5, 0.99)]
                          + [1000 * latencies[-1]]}


class DetectionWatch:
    """Polls the store while a paced run lasts: which reports wait in the detection backlog
    (a report is stored with its row there and detection deletes the row: the time between is
    its detection lag; one stored and checked between two polls counts as one poll interval), and
    which alerts appear or change (delay: from the report that raised or updated it, whose
    received_at is the alert's created_at or window_end, to the poll that sees it)."""

    def __init__(self, url: str, interval: float = 0.5):
        self.engine = make_engine(url)
        self.interval = interval
        self.waiting: dict[int, object] = {}        # report id -> queued_at
        self.lags: list[float] = []
        self.seen_reports: set[int] = set()
        self.alerts: dict[int, object] = {}         # alert id -> window_end
        self.new_delays: list[float] = []
        self.update_delays: list[float] = []
        self.loads: list[float] = []
        self.stop = threading.Event()
        with self.engine.connect() as conn:
            self.alerts = dict(conn.execute(select(Alert.id, Alert.window_end)).all())
            self.after_id = conn.scalar(select(func.coalesce(func.max(Report.id), 0)))
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(self.interval):
            self.poll()

    def poll(self) -> int:
        """One look; returns how many of the run's reports still wait."""
        with self.engine.connect() as conn:
            waiting = dict(conn.execute(select(DetectionBacklog.report_id, DetectionBacklog.queued_at)
                                        .where(DetectionBacklog.report_id > self.after_id)).all())
            alerts = conn.execute(select(Alert.id, Alert.created_at, Alert.window_end)).all()
        now = utcnow()
        for report_id, queued_at in self.waiting.items():
            if report_id not in waiting:
                self.lags.append((now - queued_at).total_seconds())
        self.seen_reports |= waiting.keys()
        self.waiting = waiting
        for alert_id, created_at, window_end in alerts:
            if alert_id not in self.alerts:
                self.new_delays.append((now - created_at).total_seconds())
            elif self.alerts[alert_id] != window_end:
                self.update_delays.append((now - window_end).total_seconds())
            self.alerts[alert_id] = window_end
        self.loads.append(os.getloadavg()[0])
        return len(waiting)

    def caught_up(self, timeout: float) -> float | None:
        """After the last answer: seconds until no report of the run waits (None: not in time)."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if not self.waiting and self.poll() == 0:
                return time.perf_counter() - started
            time.sleep(self.interval)
        return None

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.engine.dispose()

    def summary(self, stored_ids: int) -> dict:
        unseen = max(stored_ids - len(self.seen_reports), 0)
        lags = sorted(self.lags + [self.interval] * unseen)
        return {"lag_max": lags[-1] if lags else 0.0,
                "lag_p95": lags[int(0.95 * (len(lags) - 1))] if lags else 0.0,
                "alerts_new": len(self.new_delays), "alert_delay_max": max(self.new_delays, default=0.0),
                "alerts_updated": len(self.update_delays),
                "update_delay_max": max(self.update_delays, default=0.0),
                "load": (min(self.loads, default=0.0), max(self.loads, default=0.0))}


def paced_run(url: str, port: int, key: str, composer: ReportComposer, process: subprocess.Popen, args) -> dict:
    """--rate: warm up, then submit at the rate for the minutes asked while watching detection."""
    warm_up(port, key, args.workers)
    server = process_tree(process.pid)
    wait_until_idle(server, quiet=MAX_GATHER_SECONDS + 1)
    backends = database_backends(url)
    before = {pid: cpu_seconds([pid]) for pid in server + backends}
    watch = DetectionWatch(url)
    result = submit_paced(port, key, composer, args.rate, 60 * args.minutes, args.clients,
                          args.retry_share, seed=1)
    result["caught_up"] = watch.caught_up(timeout=max(600.0, 60 * args.minutes))
    watch.close()
    backends = sorted(set(backends) | set(database_backends(url)))
    used = {pid: cpu_seconds([pid]) - before.get(pid, 0.0) for pid in server + backends}
    result["server_cpu"] = sum(used[pid] for pid in server)
    result["db_cpu"] = sum(used[pid] for pid in backends)
    result["watch"] = watch
    return result


def print_paced(args, result: dict, stored: int, exactly_once: bool, sizes: list[int]) -> None:
    watch = result["watch"].summary(stored)
    caught_up = "niet binnen de tijd" if result["caught_up"] is None else f"{result['caught_up']:.1f}"
    statuses = ",".join(f"{k}:{v}" for k, v in sorted(result["statuses"].items()))
    rows = [("gevraagd", f"{args.rate:g} meldingen/s x {args.minutes:g} min"),
            ("verstuurd (uniek / verzoeken)", f"{result['unique']} / {result['requests']}"),
            ("beantwoord in", f"{result['seconds']:.1f} s ({stored / result['seconds']:.0f} meldingen/s)"),
            ("statussen", statuses),
            ("precies 1x opgeslagen", f"{'ja' if exactly_once else 'NEE'} ({stored} meldingen)"),
            ("detectievertraging max / p95", f"{watch['lag_max']:.1f} / {watch['lag_p95']:.1f} s"),
            ("laatste antwoord -> detectie bij", f"{caught_up} s"),
            ("signalen nieuw / bijgewerkt", f"{watch['alerts_new']} / {watch['alerts_updated']}"),
            ("max vertraging nieuw / bijgewerkt signaal",
             f"{watch['alert_delay_max']:.1f} / {watch['update_delay_max']:.1f} s"),
            ("antwoordtijd ms p50 / p99 / max", " / ".join(f"{x:.0f}" for x in result["latency_ms"])),
            ("CPU ms/verzoek server + db", f"{1000 * result['server_cpu'] / result['requests']:.1f} + "
                                           f"{1000 * result['db_cpu'] / result['requests']:.1f}"),
            ("meldingen per transactie", f"{sum(sizes) / max(len(sizes), 1):.1f}"),
            ("load (1 min) min / max", f"{watch['load'][0]:.1f} / {watch['load'][1]:.1f}")]
    for label, value in rows:
        print(f"| {label} | {value} |")


def warm_up(port: int, key: str, workers: int) -> None:
    """Every worker loads its model and pools before the clock starts (channel web, no
    Idempotency-Key: these reports stay out of the exactly-once count)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for i in range(20 * workers):
        conn.request("POST", "/api/v1/meldingen", body=json.dumps(
            {"text": f"Opwarmen {i}", "channel": "web", "category": CATEGORIES[i % len(CATEGORIES)],
             "lat": 52.04, "lon": 4.28}), headers={"Content-Type": "application/json", "X-API-Key": key})
        conn.getresponse().read()
    conn.close()


def measure(url: str, port: int, key: str, composer: ReportComposer, process: subprocess.Popen, args) -> dict:
    warm_up(port, key, args.workers)
    server = process_tree(process.pid)
    wait_until_idle(server)
    backends = database_backends(url)
    before = {pid: cpu_seconds([pid]) for pid in server + backends}
    commits_before = commits(url)
    client_before = time.process_time()
    result = submit_all(port, key, composer, args.count, args.clients, args.retry_share, seed=1)
    result["client_cpu"] = time.process_time() - client_before
    # The detection queue may be gathering its last batch (up to MAX_GATHER_SECONDS, idle): only
    # a quiet stretch longer than that means early warning is done.
    result["drain"] = wait_until_idle(server + backends, quiet=MAX_GATHER_SECONDS + 1)
    backends = sorted(set(backends) | set(database_backends(url)))
    used = {pid: cpu_seconds([pid]) - before.get(pid, 0.0) for pid in server + backends}
    result["server_cpu"] = sum(used[pid] for pid in server)
    result["db_cpu"] = sum(used[pid] for pid in backends)
    time.sleep(1)                                  # the statistics reach pg_stat_database within a second
    result["commits"] = commits(url) - commits_before
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--count", type=int, default=3000, help="unieke meldingen")
    parser.add_argument("--clients", type=int, default=128,
                        help="gelijktijdige verbindingen (bij 300/s en ~0,4 s per antwoord zijn er ~120 onderweg)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=64,
                        help="threads per gunicorn-worker (64: wat de README voor intake-hosts aanraadt)")
    parser.add_argument("--no-early-warning", action="store_true",
                        help="vroegsignalering per melding uitzetten (meet alleen de intake zelf)")
    parser.add_argument("--rate", type=float,
                        help="meldingen per seconde, gelijkmatig, --minutes lang (i.p.v. --count zo snel mogelijk); "
                             "meet de vertraging van de vroegsignalering en de signalen")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--retry-share", type=float, default=0.1, help="deel dat dubbel wordt verstuurd")
    parser.add_argument("--redis-url", default="",
                        help="Redis voor rate limits en cache, zoals in productie (leeg: in het geheugen)")
    parser.add_argument("--pg-url", default=os.environ.get("HNM_TEST_DATABASE_URL",
                                                           "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"code {commit or '?'}, {time.strftime('%d-%m-%Y %H:%M', time.gmtime())} UTC, load {os.getloadavg()[0]:.1f}; "
          f"vroegsignalering per melding: {'uit' if args.no_early_warning else 'aan'}; "
          f"{args.workers} workers x {args.threads} threads, {args.clients} clients; "
          f"rate limits in {'Redis' if args.redis_url else 'het geheugen'}")
    if not args.rate:
        print(f"{'backend':10} {'verzoeken':>9} {'sec':>6} {'verz/s':>7} {'meldingen/s':>11} {'statussen':16} "
              f"{'precies 1x':>10} {'naloop s':>8} {'volgehouden/s':>13} | CPU ms/verzoek: {'server':>6} {'db':>5} "
              f"{'client':>6} | commits/verz | per transactie | ms p50 p99 max | load")
    for backend in args.backend or ["sqlite", "postgresql"]:
        url, cleanup = prepare_store(backend, args.pg_url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with transaction(sessions) as session:
            _, key = create_key(session, "belastingtest")
            composer = ReportComposer.from_session(session, random.Random(1))
        port = free_port()
        instance_dir = tempfile.mkdtemp(prefix="hnm-load-instance-")
        process = start_gunicorn(url, port, args.workers, args.threads, not args.no_early_warning,
                                 args.redis_url, instance_dir)
        try:
            result = (paced_run if args.rate else measure)(url, port, key, composer, process, args)
        finally:
            process.terminate()
            process.wait(timeout=30)
        sizes = batch_sizes(instance_dir)
        with sessions() as session:
            stored = session.scalar(select(func.count()).select_from(Report).where(Report.channel == "app"))
            keys = session.scalar(select(func.count()).select_from(IntakeRequest))
        engine.dispose()
        cleanup()
        # retries answer 201 with the stored reference: every unique submission is stored once
        exactly_once = stored == keys == len(result["references"]) == result["unique"]
        if args.rate:
            print_paced(args, result, stored, exactly_once, sizes)
            continue
        statuses = ",".join(f"{k}:{v}" for k, v in sorted(result["statuses"].items()))
        per_request = {k: 1000 * result[k] / result["requests"] for k in ("server_cpu", "db_cpu", "client_cpu")}
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"{backend:10} {result['requests']:>9} {result['seconds']:>6.1f} "
              f"{result['requests'] / result['seconds']:>7.0f} {stored / result['seconds']:>11.0f} "
              f"{statuses:16} {'ja' if exactly_once else 'NEE':>10} {result['drain']:>8.1f} "
              f"{stored / (result['seconds'] + result['drain']):>13.0f} | "
              f"{'':15} {per_request['server_cpu']:>6.1f} {per_request['db_cpu']:>5.1f} "
              f"{per_request['client_cpu']:>6.1f} | {result['commits'] / result['requests']:>12.2f} | "
              f"{sum(sizes) / max(len(sizes), 1):>14.1f} | "
              f"{' '.join(f'{x:.0f}' for x in result['latency_ms'])} | {load}")


if __name__ == "__main__":
    main()
