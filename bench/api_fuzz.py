"""Long property-based fuzz run of the intake API (the properties of tests/http/test_api_fuzz.py
with many more examples) against a fresh SQLite store; prints the answers per endpoint and status.

    .venv/bin/python bench/api_fuzz.py --examples 1000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, settings  # noqa: E402

from data_access.db import transaction  # noqa: E402
from services.api_keys import create_key  # noqa: E402
from settings import Settings  # noqa: E402
from tests.http.test_api_fuzz import properties  # noqa: E402


class CountingClient:
    """A Flask test client that counts (method path, status) of every answer."""

    def __init__(self, client):
        self.client, self.counts = client, Counter()

    def _count(self, method, path, response):
        self.counts[(f"{method} {path}", response.status_code)] += 1
        return response

    def get(self, path, **kwargs):
        return self._count("GET", path, self.client.get(path, **kwargs))

    def post(self, path, **kwargs):
        return self._count("POST", path, self.client.post(path, **kwargs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="voorbeelden per eindpunt")
    args = parser.parse_args()
    from app import create_app

    workdir = Path(tempfile.mkdtemp(prefix="hnm-fuzz-"))
    app = create_app(Settings(mode="test", database_url=f"sqlite:///{workdir / 'fuzz.sqlite3'}",
                              secret_key="f" * 40, instance_dir=workdir, demo_live=False))
    with transaction(app.server.extensions["hnm_sessions"]) as session:
        _, key = create_key(session, "fuzz")
    client = CountingClient(app.server.test_client())
    fuzz = settings(max_examples=args.examples, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
    started = time.perf_counter()
    failures = []
    for name, run in properties(client, key, fuzz).items():
        try:
            run()
        except AssertionError as error:       # hypothesis shows the smallest failing example
            failures.append((name, str(error).splitlines()[0]))
    print(f"{'eindpunt':32} {'status':>6} {'aantal':>8}")
    for (endpoint, status), count in sorted(client.counts.items()):
        print(f"{endpoint:32} {status:>6} {count:>8}")
    total = sum(client.counts.values())
    print(f"\n{total} verzoeken in {time.perf_counter() - started:.1f} s; "
          f"500-antwoorden: {sum(c for (_, s), c in client.counts.items() if s >= 500)}")
    for name, message in failures:
        print(f"MISLUKT {name}: {message}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
