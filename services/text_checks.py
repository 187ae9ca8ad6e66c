"""Text a store can hold: no NUL character (PostgreSQL refuses it in text columns) and no lone
surrogate (no UTF-8 encoder takes one). Every channel's input is checked with these before it
reaches the database; the HTTP layer refuses such requests as a whole (api/input_checks.py)."""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "De tekst bevat een teken dat we niet kunnen opslaan (zoals een nul-teken)."


def storable(value: str) -> bool:
    return _UNSTORABLE.search(value) is None


def too_long_message(limit: int) -> str:
    return f"Dit veld is te lang (maximaal {limit} tekens)."
