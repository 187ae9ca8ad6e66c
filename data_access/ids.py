"""Row ids that come from outside (a URL, a callback's data): only what an id column can hold.

PostgreSQL's integer column refuses 2147483648 with an error (a 500), SQLite anything past 2**63;
an id outside 1..MAX_ROW_ID cannot exist, so it is simply not found."""

from __future__ import annotations

MAX_ROW_ID = 2**31 - 1


def row_id(value) -> int | None:
    """The id as an int when `value` is one (an int, or a string of digits) in range, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and 0 < value <= MAX_ROW_ID else None
