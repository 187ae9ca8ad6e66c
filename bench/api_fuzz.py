"""Long fuzz run of the intake API against a fresh SQLite store; prints the answers per endpoint
and status, and every failure.

- default: the hypothesis properties of tests/http/test_api_fuzz.py with many more examples;
- `--schemathesis`: schema-driven, from the OpenAPI description (/api/v1/openapi.json): valid and
  invalid requests for every operation, checked for no 500, status codes, content types and response
  schemas as described, authentication not ignored and invalid data refused. Not checked: that
  every schema-valid body is accepted, since the API answers 422 for what a schema cannot say (an
  unknown category, a point outside the served area).

    .venv/bin/python bench/api_fuzz.py --examples 1000
    .venv/bin/python bench/api_fuzz.py --schemathesis --examples 200
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

from hypothesis import HealthCheck, given, settings  # noqa: E402

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


def schema_runs(server, key: str, fuzz, counts: Counter) -> dict:
    """One run per operation of the OpenAPI description and generation mode (valid, invalid)."""
    import schemathesis
    from schemathesis.checks import positive_data_acceptance

    def run_for(operation, mode, label: str):
        @given(case=operation.as_strategy(generation_mode=mode, headers={"X-API-Key": key}))
        @fuzz
        def run(case):
            response = case.call()
            counts[(label, response.status_code)] += 1
            case.validate_response(response, excluded_checks=[positive_data_acceptance])
        return run

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", server)
    operations = [result.ok() for result in schema.get_all_operations()]
    return {f"{o.label} ({m.value})": run_for(o, m, f"{o.label} ({m.value})")
            for o in operations for m in schemathesis.GenerationMode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="voorbeelden per eindpunt")
    parser.add_argument("--schemathesis", action="store_true", help="uit de OpenAPI-beschrijving")
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
    runs = (schema_runs(app.server, key, fuzz, client.counts) if args.schemathesis
            else properties(client, key, fuzz))
    started = time.perf_counter()
    failures = []
    for name, run in runs.items():
        try:
            run()
        except Exception as error:       # hypothesis and schemathesis show the smallest failing example
            failures.append((name, str(error).strip()[:2000]))
    print(f"{'eindpunt':36} {'status':>6} {'aantal':>8}")
    for (endpoint, status), count in sorted(client.counts.items()):
        print(f"{endpoint:36} {status:>6} {count:>8}")
    total = sum(client.counts.values())
    print(f"\n{total} verzoeken in {time.perf_counter() - started:.1f} s; "
          f"500-antwoorden: {sum(c for (_, s), c in client.counts.items() if s >= 500)}")
    for name, message in failures:
        print(f"MISLUKT {name}: {message}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
