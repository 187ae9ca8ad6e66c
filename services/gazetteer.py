"""Street names of the region with a point and a line, to place posts and addresses.

The list is the region file's `streets:` (docs/region.md; data_access/street_files.py reads it); a
region without one places no address by its street (the intake then asks for a map point). For
Wateringse Veld it is synthetic/approximate (data_access/reference/wateringse_veld_streets.json):
good enough to put a report in the right buurt, never an official address location. A street alone
is placed at its point (the middle); a street with a house number is placed along the street's
line by interpolation (Street.house): number 1 at the start, `last_number` at the end, evenly in
between, odd numbers on the left side of the line and even numbers on the right (SIDE_OFFSET_M),
as Dutch streets are numbered. With a real street line and evenly spaced houses such interpolation
is typically a few tens of metres off; Wateringse Veld's lines themselves are made up, so there it
puts a report in the right part of the street instead of at its middle (up to 250 m away). A
number above `last_number` is placed at the street's end. There is no house-number table (BAG).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask import current_app, has_app_context

from data_access.region import default_region
from data_access.street_files import SIDE_OFFSET_M, Street  # noqa: F401  (SIDE_OFFSET_M: part of the API)
from services.region_context import REGION, current_region


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


def streets() -> tuple[Street, ...]:
    """The streets of the region the app serves, longest name first; outside an app (scripts,
    unit tests) those of the default region (HNM_REGION). Empty when the region names none."""
    served = has_app_context() and REGION in current_app.extensions
    return (current_region() if served else default_region()).streets


def street_names() -> tuple[str, ...]:
    return tuple(s.name for s in streets())


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
