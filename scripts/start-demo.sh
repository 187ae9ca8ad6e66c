#!/usr/bin/env bash
# Install (into .venv) and start HNM Dashboard on the embedded SQLite store with the synthetic
# Wateringse Veld demo scenario and demo accounts (printed at start).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
exec .venv/bin/python app.py
