#!/usr/bin/env bash
# Install the test dependencies (into .venv) and run the whole test suite.
# PostgreSQL tests run when HNM_TEST_DATABASE_URL is set (e.g. postgresql://postgres@127.0.0.1:5432/test)
# and are skipped with a visible reason otherwise; browser tests need Debian's `chromium`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
