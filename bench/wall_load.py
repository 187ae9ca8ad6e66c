"""Wall screens under load: N logged-in `wall` sessions polling gunicorn (2 workers) as the browser does.

    .venv/bin/python bench/wall_load.py --url sqlite:////tmp/hnm_1m_copy.sqlite3
    .venv/bin/python bench/wall_load.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench

Every screen logs in as the demo account `wall`, opens /wall, loads the map and tiles once and then
polls the map every 5 s and refreshes tiles and ticker every 15 s (the full map reload every 5 min
when the run is that long), starting at a random offset. Halfway one new report is submitted
through services.intake.submit_report in this process; the table says when the first and the last
screen got it in a poll answer. Loopback only; stops by itself after --duration seconds.
The store gets the demo accounts (when missing) and that one report; copy a SQLite store to /tmp first.
gunicorn runs with HNM_MODE=test only to switch off the login rate limit (10 per minute per address).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auth.users import ensure_demo_accounts, make_demo_password  # noqa: E402
from bench.generate_reports import normalise_url  # noqa: E402
from bench.intake_load import free_port  # noqa: E402
from bench.map_bench import p95  # noqa: E402
from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema  # noqa: E402
from services.intake import IntakeData, submit_report  # noqa: E402

DEMO_PASSWORD = make_demo_password()               # the wall account's password in this run
POLL_S, WALL_S, RELOAD_S = 5.0, 15.0, 300.0       # the wall's dcc.Interval periods
START_SPREAD_S = 15.0                               # screens are switched on over this many seconds
NEW_REPORT = IntakeData(text="Belastingtest wandscherm: omgevallen boom op het fietspad", channel="telefoon",
                        lat=52.0405, lon=4.2835, category_slug="boom", urgent=True)


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "HNM_MODE": "test", "HNM_DATABASE_URL": url, "HNM_SECRET_KEY": "w" * 48,
           "HNM_DEMO_LIVE": "false", "HNM_INSTANCE_DIR": tempfile.mkdtemp(prefix="hnm-wall-")}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "app:server", "-b", f"127.0.0.1:{port}",
                                "-w", str(workers), "--log-level", "warning"], cwd=ROOT, env=env)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn kwam niet op")


class Screen:
    """One wall browser: its own cookies, CSRF header and map cursor."""

    def __init__(self, base: str, keys: dict[str, str], search: str):
        self.base, self.keys, self.search = base, keys, search
        self.http = requests.Session()
        page = self.http.get(f"{base}/login", timeout=30)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.http.post(f"{base}/login", allow_redirects=False, timeout=30, data={
            "username": "wall", "password": DEMO_PASSWORD, "csrf_token": token, "next": "/wall"})
        if response.status_code != 302:
            raise SystemExit(f"inloggen als wall mislukt (HTTP {response.status_code})")
        self.http.get(f"{base}/wall", timeout=30)
        self.cursor = None

    def _post(self, key: str, inputs: list[dict], state: list[dict]) -> requests.Response:
        parts = [p for p in key.strip(".").split("...") if p]
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]} for p in parts]
        body = {"output": key, "outputs": outputs, "inputs": inputs, "state": state,
                "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}
        return self.http.post(f"{self.base}/_dash-update-component", json=body, timeout=60,
                              headers={"X-CSRFToken": self.http.cookies.get("_csrf_token", "")})

    def _take_cursor(self, response: requests.Response) -> None:
        if response.status_code == 200:
            data = response.json()["response"].get("map-cursor", {}).get("data")
            if isinstance(data, dict):
                self.cursor = data

    def load(self) -> requests.Response:
        """The map's full load; requests asks for gzip like a browser (Accept-Encoding)."""
        response = self._post(self.keys["load"], [
            {"id": "map-location", "property": "search", "value": self.search},
            {"id": "map-refresh", "property": "n_intervals", "value": None}],
            [{"id": "map-cursor", "property": "data", "value": self.cursor},
             {"id": "map-location", "property": "pathname", "value": "/wall"}])
        self._take_cursor(response)
        return response

    def poll(self) -> requests.Response:
        """As the page does: the quick GET, and the map callback only when it answers 200."""
        quick = self.http.get(f"{self.base}/live/nieuw", timeout=30,
                              params={"na": self.cursor["at"]} if self.cursor and self.cursor.get("at") else None)
        if quick.status_code == 204:
            return quick
        response = self._post(self.keys["poll"], [{"id": "map-poll-hit", "property": "data", "value": 1}],
                              [{"id": "map-cursor", "property": "data", "value": self.cursor},
                               {"id": "map-location", "property": "search", "value": self.search},
                               {"id": "map-location", "property": "pathname", "value": "/wall"}])
        self._take_cursor(response)
        return response

    def wall(self) -> requests.Response:
        return self._post(self.keys["wall"], [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
                                              {"id": "map-location", "property": "search", "value": self.search}],
                          [{"id": "wall-state", "property": "data", "value": None}])


def callback_keys(base: str, screen_http: requests.Session) -> dict[str, str]:
    outputs = [c["output"] for c in screen_http.get(f"{base}/_dash-dependencies", timeout=30).json()]
    return {"load": next(o for o in outputs if "map-stale.children" in o and "@" not in o),
            "poll": next(o for o in outputs if "map-stale.children@" in o),
            "wall": next(o for o in outputs if "..wall-tiles.children" in o)}


def mentions(node, report_id: int) -> bool:
    """Whether a (Patch) answer carries a map feature of this report."""
    if isinstance(node, dict):
        if node.get("type") == "Feature" and (node.get("properties") or {}).get("id") == report_id:
            return True
        return any(mentions(v, report_id) for v in node.values())
    if isinstance(node, list):
        return any(mentions(v, report_id) for v in node)
    return False


def run(screens: list[Screen], duration: float, warmup: float, sessions) -> tuple[dict, dict]:
    """Latencies per callback, of requests started after `warmup` s (when all screens opened)."""
    times: dict[str, list[float]] = {"load": [], "poll": [], "wall": []}
    opening: list[float] = []
    errors: dict[str, int] = {"load": 0, "poll": 0, "wall": 0}
    new: dict = {"id": None, "at": None, "seen": []}
    lock = threading.Lock()
    started, started_at = time.monotonic(), time.perf_counter()
    stop = started + duration

    def call(kind: str, screen: Screen) -> requests.Response | None:
        begin = time.perf_counter()
        try:
            response = getattr(screen, kind)()
        except requests.RequestException:
            response = None
        elapsed = (time.perf_counter() - begin) * 1000
        with lock:
            (times[kind] if begin - started_at >= warmup else opening).append(elapsed)
            if response is None or response.status_code not in (200, 204):
                errors[kind] += 1
        return response

    def screen_loop(screen: Screen, offset: float) -> None:
        time.sleep(offset)
        call("load", screen)
        call("wall", screen)
        due = {"poll": time.monotonic() + POLL_S, "wall": time.monotonic() + WALL_S,
               "load": time.monotonic() + RELOAD_S}
        got_new = False
        while True:
            kind = min(due, key=due.get)
            if due[kind] >= stop:
                return
            time.sleep(max(0.0, due[kind] - time.monotonic()))
            response = call(kind, screen)
            due[kind] += {"poll": POLL_S, "wall": WALL_S, "load": RELOAD_S}[kind]
            if (kind in ("poll", "load") and not got_new and new["id"] and response is not None
                    and response.status_code == 200 and mentions(response.json(), new["id"])):
                got_new = True
                with lock:
                    new["seen"].append(time.monotonic() - new["at"])

    def submit_new() -> None:
        time.sleep(duration / 2)
        with transaction(sessions) as session:
            report = submit_report(session, NEW_REPORT)
            session.flush()
            report_id = report.id
        new["at"], new["id"] = time.monotonic(), report_id

    threads = [threading.Thread(target=screen_loop, args=(s, random.uniform(0, START_SPREAD_S))) for s in screens]
    threads.append(threading.Thread(target=submit_new))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times["_seconds"] = time.monotonic() - started
    return times, {"errors": errors, "new": new, "opening": opening}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--screens", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60.0, help="seconden polling")
    parser.add_argument("--warmup", type=float, default=20.0,
                        help="seconden waarin alle schermen openen (apart gemeten)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--search", default="", help="query string of the wall URL, e.g. ?area=WK051840")
    args = parser.parse_args()
    url = normalise_url(args.url)
    random.seed(3)
    engine = make_engine(url)
    upgrade_schema(engine)      # once here: two workers starting at once must not both migrate
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        ensure_demo_accounts(session, DEMO_PASSWORD)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_gunicorn(url, port, args.workers)
    try:
        screens = [Screen(base, {}, args.search) for _ in range(args.screens)]
        keys = callback_keys(base, screens[0].http)
        for screen in screens:
            screen.keys = keys
        times, result = run(screens, args.duration, args.warmup, sessions)
        screens[0].http.headers["Accept-Encoding"] = "gzip"      # the check of issue 3: gzip on the map
        sample = screens[0].load()
    finally:
        process.terminate()
        process.wait(timeout=30)
    engine.dispose()
    seconds = times.pop("_seconds")
    opening = result["opening"]
    total = sum(len(v) for v in times.values()) + len(opening)
    print(f"store: {url.split('@')[-1]}  schermen: {args.screens}  workers: {args.workers}  "
          f"duur: {seconds:.0f} s  verzoeken/s: {total / seconds:.1f}")
    print(f"{'callback':<26} {'verzoeken':>9} {'fouten':>6} {'median ms':>9} {'p95 ms':>8} {'max ms':>8}")
    if opening:
        print(f"{'openen (eerste ' + str(round(args.warmup)) + ' s)':<26} {len(opening):>9} {'':>6} "
              f"{statistics.median(opening):>9.1f} {p95(opening):>8.1f} {max(opening):>8.1f}")
    labels = {"poll": "kaart: live poll (5 s)", "wall": "tegels + ticker (15 s)", "load": "kaart laden"}
    for kind, values in times.items():
        if values:
            print(f"{labels[kind]:<26} {len(values):>9} {result['errors'][kind]:>6} "
                  f"{statistics.median(values):>9.1f} {p95(values):>8.1f} {max(values):>8.1f}")
    print(f"kaart laden over HTTP: Content-Encoding {sample.headers.get('Content-Encoding', 'geen')}, "
          f"{int(sample.headers.get('Content-Length', 0)) / 1000:.1f} kB verstuurd, "
          f"{len(sample.content) / 1000:.1f} kB uitgepakt")
    seen, new = result["new"]["seen"], result["new"]
    if new["id"] is None:
        print("nieuwe melding: niet ingestuurd")
    elif seen:
        print(f"nieuwe melding {new['id']}: bij {len(seen)}/{args.screens} schermen in een poll-antwoord; "
              f"eerste na {min(seen):.1f} s, laatste na {max(seen):.1f} s")
    else:
        print(f"nieuwe melding {new['id']}: bij geen enkel scherm in een poll-antwoord")


if __name__ == "__main__":
    main()
