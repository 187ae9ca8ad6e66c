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
# axe-core for the accessibility checks (pinned in package.json); without npm they are skipped.
if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error || echo "npm ci mislukt: de toegankelijkheidstests worden overgeslagen"
fi
exec .venv/bin/python -m pytest "$@"
