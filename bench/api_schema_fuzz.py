"""Schema-driven fuzz run with schemathesis against the JSON intake's OpenAPI description
(/api/v1/openapi.json): for every operation it generates valid and invalid requests from the
schema, sends them to the app (fresh SQLite store, a real API key) and checks that no answer is a
500 and that every answer matches what the description promises (status, content type, schema,
authentication, invalid data refused). Not checked: that every schema-valid body is accepted, since
the API answers 422 for what a schema cannot say (an unknown category, a point outside the served
area).

    .venv/bin/python bench/api_schema_fuzz.py --examples 200
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

import schemathesis  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from data_access.db import transaction  # noqa: E402
from services.api_keys import create_key  # noqa: E402
from settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="voorbeelden per operatie")
    args = parser.parse_args()
    from app import create_app

    workdir = Path(tempfile.mkdtemp(prefix="hnm-schema-fuzz-"))
    app = create_app(Settings(mode="test", database_url=f"sqlite:///{workdir / 'fuzz.sqlite3'}",
                              secret_key="f" * 40, instance_dir=workdir, demo_live=False))
    with transaction(app.server.extensions["hnm_sessions"]) as session:
        _, key = create_key(session, "schema-fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app.server)
    counts: Counter = Counter()
    failures = []
    started = time.perf_counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation, mode in [(o, m) for o in operations for m in schemathesis.GenerationMode]:
        label = f"{operation.label} ({mode.value})"

        @given(case=operation.as_strategy(generation_mode=mode, headers={"X-API-Key": key}))
        @settings(max_examples=args.examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call()
            counts[(label, response.status_code)] += 1
            assert response.status_code < 500, f"{response.status_code}: {response.text[:200]}"
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except Exception as error:       # hypothesis shows the smallest failing example
            failures.append((label, str(error).strip()[:2000]))
    print(f"{'operatie':36} {'status':>6} {'aantal':>8}")
    for (name, status), count in sorted(counts.items()):
        print(f"{name:36} {status:>6} {count:>8}")
    total = sum(counts.values())
    print(f"\n{total} verzoeken in {time.perf_counter() - started:.1f} s; "
          f"500-antwoorden: {sum(c for (_, s), c in counts.items() if s >= 500)}")
    for name, message in failures:
        print(f"MISLUKT {name}: {message}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
