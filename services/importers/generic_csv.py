"""Any CSV through a column-mapping file (JSON or YAML), e.g.:

    source: mijnstad                 # source_ref becomes "mijnstad:<id>"
    delimiter: ";"                   # optional, default ","
    crs: EPSG:4326                   # or EPSG:28992 (RD New) for x/y columns
    columns: {id: nummer, text: [onderwerp, omschrijving], received_at: datum,
              lat: breedtegraad, lon: lengtegraad, category: soort, area: wijk,
              address: adres, closed_at: afgerond}
    categories: {Vuilnis: huisafval}  # source value -> our sub category slug

Only source, columns.id, columns.text and columns.received_at are required.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import yaml
from pyproj import Transformer
from sqlalchemy.orm import Session

from services.importers.base import (
    FALLBACK_SLUG, ImportRow, RowError, area_codes_by_name, optional_float, parse_time, read_csv,
)
from services.importers.signalen_csv import known_slugs
from services.intake import IntakeData

REQUIRED = ("id", "text", "received_at")
OPTIONAL = ("lat", "lon", "x", "y", "category", "area", "address", "closed_at")


class MappingError(ValueError):
    """The mapping file is unusable; the message is Dutch."""


def load_mapping(path: Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
        mapping = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise MappingError(f"Kan het koppelbestand {path} niet lezen: {error}") from None
    if not isinstance(mapping, dict) or not isinstance(mapping.get("source"), str) or not mapping["source"]:
        raise MappingError("Het koppelbestand mist 'source' (de naam van de bron).")
    columns = mapping.get("columns")
    if not isinstance(columns, dict) or any(not columns.get(k) for k in REQUIRED):
        raise MappingError(f"Het koppelbestand moet onder 'columns' minstens {', '.join(REQUIRED)} noemen.")
    unknown = set(columns) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise MappingError(f"Onbekende velden onder 'columns': {', '.join(sorted(unknown))}.")
    if mapping.get("crs", "EPSG:4326") not in ("EPSG:4326", "EPSG:28992"):
        raise MappingError("crs moet EPSG:4326 (WGS84) of EPSG:28992 (RD New) zijn.")
    if not isinstance(mapping.get("categories", {}), dict):
        raise MappingError("'categories' moet een lijst van bronwaarde: categorie zijn.")
    return mapping


def read_rows(session: Session, path: Path, mapping: dict) -> Iterator[ImportRow | RowError]:
    known, areas = known_slugs(session), area_codes_by_name(session)
    columns = mapping["columns"]
    transformer = (Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
                   if mapping.get("crs") == "EPSG:28992" else None)
    needed = {c for v in columns.values() for c in (v if isinstance(v, list) else [v]) if c}
    return read_csv(path, needed, lambda row, line: _row(row, line, mapping, known, areas, transformer),
                    delimiter=mapping.get("delimiter", ","))



def _value(row: dict, columns: dict, name: str) -> str:
    column = columns.get(name)
    parts = column if isinstance(column, list) else [column] if column else []
    return " / ".join(v for v in ((row.get(c) or "").strip() for c in parts) if v)


def _row(row: dict, line: int, mapping: dict, known: set[str], areas: dict[str, str],
         transformer: Transformer | None) -> ImportRow:
    columns = mapping["columns"]
    source_id = _value(row, columns, "id")
    if not source_id:
        raise RowError("id ontbreekt")
    first, second = ("x", "y") if transformer else ("lat", "lon")
    a, b = optional_float(_value(row, columns, first), first), optional_float(_value(row, columns, second), second)
    if (a is None) != (b is None):
        raise RowError(f"alleen {first} of alleen {second} ingevuld")
    lat, lon = (a, b) if not transformer or a is None else tuple(reversed(transformer.transform(a, b)))
    raw_category = _value(row, columns, "category")
    slug = mapping.get("categories", {}).get(raw_category, raw_category)
    note = ""
    if slug not in known:
        slug, note = FALLBACK_SLUG, f"categorie onbekend: {raw_category!r} ingedeeld als overig (openbare ruimte)"
    closed = _value(row, columns, "closed_at")
    return ImportRow(line, IntakeData(
        text=_value(row, columns, "text") or "Melding uit import", channel="import", lat=lat, lon=lon,
        address=_value(row, columns, "address") or None, category_slug=slug, urgent=False,
        received_at=parse_time(_value(row, columns, "received_at")),
        source_ref=f"{mapping['source']}:{source_id}", area_code=areas.get(_value(row, columns, "area").lower())),
        closed_at=parse_time(closed) if closed else None, note=note)
