"""The category taxonomy as shipped (data_access/reference/categories.json): main categories, sub
categories with their organisation, team, urgency and visibility."""

from __future__ import annotations

import json
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def load_taxonomy_file() -> dict:
    return json.loads((REFERENCE_DIR / "categories.json").read_text(encoding="utf-8"))
