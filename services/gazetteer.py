"""Street names of Wateringse Veld with an approximate point, to place posts and addresses.

The list is synthetic/approximate (see data_access/reference/wateringse_veld_streets.json): good
enough to put a report in the right buurt, never an official address location.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STREETS_FILE = Path(__file__).resolve().parent.parent / "data_access" / "reference" / "wateringse_veld_streets.json"


@dataclass(frozen=True)
class Street:
    name: str
    lat: float
    lon: float
    buurt: str


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@lru_cache(maxsize=1)
def streets() -> tuple[Street, ...]:
    data = json.loads(STREETS_FILE.read_text(encoding="utf-8"))
    # Longest names first, so "Laan van Wateringse Veld" wins over a shorter name inside it.
    return tuple(sorted((Street(**s) for s in data["streets"]), key=lambda s: -len(s.name)))


def find_street(text: str | None) -> Street | None:
    """The first known street named in `text` (whole words, case and accents ignored)."""
    if not text:
        return None
    haystack = f" {_normalise(text)} "
    for street in streets():
        if f" {_normalise(street.name)} " in haystack:
            return street
    return None
