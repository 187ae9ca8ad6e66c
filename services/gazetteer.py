"""Street names of Wateringse Veld with an approximate point and line, to place posts and addresses.

The list is synthetic/approximate (see data_access/reference/wateringse_veld_streets.json): good
enough to put a report in the right buurt, never an official address location. A street alone is
placed at its point (the middle); a street with a house number is placed along the street's line
by interpolation: number 1 at the start, `last_number` at the end, evenly in between, odd numbers
on the left side of the line and even numbers on the right (SIDE_OFFSET_M), as Dutch streets are
numbered. With a real street line and evenly spaced houses such interpolation is typically a few
tens of metres off; here the lines themselves are made up, so it puts a report in the right part
of the street instead of at its middle (up to 250 m away). A number above `last_number` is placed
at the street's end. The reference data has no house-number table (BAG) to do better.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STREETS_FILE = Path(__file__).resolve().parent.parent / "data_access" / "reference" / "wateringse_veld_streets.json"


SIDE_OFFSET_M = 8.0            # from the middle of the street to the houses
METRES_PER_DEGREE_LAT = 111_200.0


@dataclass(frozen=True)
class Street:
    name: str
    lat: float
    lon: float
    buurt: str
    line: tuple[tuple[float, float], tuple[float, float]]      # start and end, (lat, lon)
    last_number: int

    def house(self, number: int) -> tuple[float, float]:
        """(lat, lon) of a house number on this street, interpolated along its line."""
        (lat0, lon0), (lat1, lon1) = self.line
        share = min(max((number - 1) / max(self.last_number - 1, 1), 0.0), 1.0)
        lat, lon = lat0 + (lat1 - lat0) * share, lon0 + (lon1 - lon0) * share
        # the side: a step of SIDE_OFFSET_M at right angles to the line, left for odd numbers
        per_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))
        north, east = (lat1 - lat0) * METRES_PER_DEGREE_LAT, (lon1 - lon0) * per_lon
        length = math.hypot(north, east) or 1.0
        side = SIDE_OFFSET_M if number % 2 else -SIDE_OFFSET_M
        return (round(lat + side * east / length / METRES_PER_DEGREE_LAT, 6),
                round(lon - side * north / length / per_lon, 6))


@dataclass(frozen=True)
class Place:
    """Where a text points: the street, the house number if it gave one, and the point."""
    street: Street
    number: int | None
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.street.name} {self.number}" if self.number else self.street.name


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@lru_cache(maxsize=1)
def streets() -> tuple[Street, ...]:
    data = json.loads(STREETS_FILE.read_text(encoding="utf-8"))
    # Longest names first, so "Laan van Wateringse Veld" wins over a shorter name inside it.
    return tuple(sorted((Street(s["name"], s["lat"], s["lon"], s["buurt"], tuple(map(tuple, s["line"])),
                                s["last_number"]) for s in data["streets"]), key=lambda s: -len(s.name)))


def find_street(text: str | None) -> Street | None:
    """The first known street named in `text` (whole words, case and accents ignored)."""
    if not text:
        return None
    haystack = f" {_normalise(text)} "
    for street in streets():
        if f" {_normalise(street.name)} " in haystack:
            return street
    return None


def find_place(text: str | None) -> Place | None:
    """The first known street named in `text`, at the house number that follows it (e.g.
    "Erasmusweg 12a, Den Haag" -> number 12 on the Erasmusweg), or at its middle without one."""
    street = find_street(text)
    if street is None:
        return None
    words = _normalise(text).split(" ")
    name = _normalise(street.name).split(" ")
    for start in range(len(words) - len(name) + 1):
        if words[start:start + len(name)] == name:
            match = HOUSE_NUMBER.match(" ".join(words[start + len(name):start + len(name) + 1]))
            if match and int(match.group(1)) > 0:
                number = int(match.group(1))
                return Place(street, number, *street.house(number))
    return Place(street, None, street.lat, street.lon)


HOUSE_NUMBER = re.compile(r"^(\d{1,4})(?:[a-z]{0,2})$")
