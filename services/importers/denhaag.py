"""The Hague's "Meldingen Openbare Ruimte" export: zaaknummer, zaaktype, niveau1..niveau4, stadsdeel,
wijk, buurt, registrdat, vervaldat, afgerondop, prioriteit, afdeling, oplossing, xcoord, ycoord
(RD New, EPSG:28992). The export has no free text: the report's text is its category path.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from pyproj import Transformer
from sqlalchemy.orm import Session

from services.importers.base import (
    FALLBACK_SLUG, ImportRow, RowError, area_codes_by_name, coordinate_pair, parse_time, read_csv,
    required,
)
from services.importers.signalen_csv import known_slugs
from services.intake import IntakeData

SOURCE = "denhaag"
COLUMNS = {"zaaknummer", "niveau1", "niveau2", "registrdat", "xcoord", "ycoord", "wijk", "buurt"}
# Words in niveau2..4 (most specific first) -> our sub category.
KEYWORDS = (
    ("grofvuil", "grofvuil"), ("zwerfvuil", "veeg-zwerfvuil"), ("veeg", "veeg-zwerfvuil"),
    ("container", "container-is-vol"), ("prullenbak", "prullenbak-is-vol"), ("afvalbak", "prullenbak-is-vol"),
    ("huisvuil", "huisafval"), ("verlichting", "straatverlichting-openbare-klok"),
    ("lantaarn", "straatverlichting-openbare-klok"), ("verkeerslicht", "verkeerslicht"),
    ("verkeersbord", "verkeersbord-verkeersafzetting"), ("bestrating", "onderhoud-stoep-straat-en-fietspad"),
    ("fietspad", "onderhoud-stoep-straat-en-fietspad"), ("stoep", "onderhoud-stoep-straat-en-fietspad"),
    ("riool", "put-riolering-verstopt"), ("kolk", "put-riolering-verstopt"), ("boom", "boom"),
    ("bomen", "boom"), ("gras", "maaien-snoeien"), ("snoei", "maaien-snoeien"), ("onkruid", "onkruid"),
    ("graffiti", "graffiti-wildplak"), ("fietswrak", "fietswrak"), ("weesfiets", "fietswrak"),
    ("autowrak", "auto-scooter-bromfietswrak"), ("hondenpoep", "hondenpoep"), ("ratten", "ratten"),
    ("ongedierte", "ratten"), ("dode dieren", "dode-dieren"), ("speel", "speelplaats"),
    ("parkeer", "parkeeroverlast"), ("water", "overig-groen-en-water"), ("groen", "overig-groen-en-water"),
    ("afval", "overig-afval"), ("straatmeubilair", "straatmeubilair"), ("bank", "straatmeubilair"),
)


@lru_cache(maxsize=1)
def rd_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of an RD New point."""
    lon, lat = rd_to_wgs84().transform(x, y)
    return lat, lon


def our_slug(levels: list[str], known: set[str]) -> tuple[str, str]:
    for level in reversed(levels):          # the most specific level decides
        lowered = level.lower()
        for word, slug in KEYWORDS:
            if word in lowered and slug in known:
                return slug, ""
    path = " / ".join(levels) or "(leeg)"
    return FALLBACK_SLUG, f"categorie onbekend: {path!r} ingedeeld als overig (openbare ruimte)"


def read_rows(session: Session, path: Path) -> Iterator[ImportRow | RowError]:
    known, areas = known_slugs(session), area_codes_by_name(session)
    return read_csv(path, COLUMNS, lambda row, line: _row(row, line, known, areas), lower_headers=True)


def _row(row: dict, line: int, known: set[str], areas: dict[str, str]) -> ImportRow:
    number = required(row, "zaaknummer")
    x, y = coordinate_pair(row, "xcoord", "ycoord")
    if x is not None and not (0 < x < 300_000 and 300_000 < y < 625_000):
        raise RowError(f"coördinaten ({x}, {y}) liggen niet in Nederland (RD New)")
    lat, lon = to_wgs84(x, y) if x is not None else (None, None)
    levels = [(row.get(f"niveau{i}") or "").strip() for i in range(1, 5)]
    levels = [level for level in levels if level]
    slug, note = our_slug(levels, known)
    closed = (row.get("afgerondop") or "").strip()
    area = areas.get((row.get("buurt") or "").strip().lower()) or areas.get((row.get("wijk") or "").strip().lower())
    return ImportRow(line, IntakeData(
        text=" / ".join(levels) or "Melding openbare ruimte", channel="import", lat=lat, lon=lon,
        category_slug=slug, urgent=(row.get("prioriteit") or "").strip().lower() == "spoed",
        received_at=parse_time(row.get("registrdat")), source_ref=f"{SOURCE}:{number}", area_code=area),
        closed_at=parse_time(closed) if closed else None, note=note)
