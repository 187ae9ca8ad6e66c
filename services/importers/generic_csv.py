"""Any CSV through a column-mapping file (JSON or YAML); docs/import.md has the full format and an
example. In short:

    source: mijnstad                 # source_ref becomes "mijnstad:<id>"
    delimiter: ";"                   # optional, default ","
    crs: EPSG:4326                   # or EPSG:28992 (RD New) for x/y columns
    columns: {id: nummer, received_at: datum, text: [onderwerp, omschrijving], category: soort,
              area: wijk, lat: breedtegraad, lon: lengtegraad, address: adres, closed_at: afgerond,
              status: status, channel: bron, team: afdeling}
    categories: {Vuilnis: huisafval}   # source value -> our sub category slug
    statuses: {Gesloten: afgehandeld}  # source value -> our status
    channels: {Telefoon: telefoon}     # source value -> our channel
    teams: {Buitendienst: stadsbeheer} # source value -> our team code
    all_closed: true                   # the file is history: every report in it is closed

Required: source, columns.id, columns.received_at, and a place (lat+lon, x+y or area).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import yaml
from pyproj import Transformer
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Category, Team
from data_access.vocabulary import CHANNELS, CLOSED_STATUSES, STATUS_LABELS
from services.importers.base import (
    FALLBACK_SLUG, ImportRow, RowError, area_codes_by_name, optional_float, parse_time, read_csv,
)
from services.importers.signalen_csv import known_slugs
from services.intake import IntakeData

REQUIRED = ("id", "received_at")
OPTIONAL = ("text", "lat", "lon", "x", "y", "category", "area", "address", "closed_at", "status",
            "channel", "team")
VALUE_MAPS = {"categories": "category", "statuses": "status", "channels": "channel", "teams": "team"}
AREA_SAMPLE = 2000          # rows read to check that the file's areas are known


class MappingError(ValueError):
    """The mapping file (or what it needs in the store) is unusable; the message is Dutch."""


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
    first, second = ("x", "y") if mapping.get("crs") == "EPSG:28992" else ("lat", "lon")
    if bool(columns.get(first)) != bool(columns.get(second)):
        raise MappingError(f"Noem onder 'columns' zowel {first} als {second}, of geen van beide.")
    if not columns.get(first) and not columns.get("area"):
        raise MappingError(f"Het koppelbestand noemt geen plaats: geef onder 'columns' {first} en {second}, "
                           "of area (de kolom met de naam of code van de buurt of wijk).")
    for key, column in VALUE_MAPS.items():
        if not isinstance(mapping.get(key, {}), dict):
            raise MappingError(f"'{key}' moet een lijst van bronwaarde: {column} zijn.")
    _check_values(mapping.get("statuses", {}), STATUS_LABELS, "statuses", "status")
    _check_values(mapping.get("channels", {}), CHANNELS, "channels", "kanaal")
    if not isinstance(mapping.get("all_closed", False), bool):
        raise MappingError("all_closed moet true of false zijn.")
    if mapping.get("all_closed") and columns.get("status") and not set(mapping.get("statuses", {}).values()) <= CLOSED_STATUSES:
        raise MappingError("Met all_closed: true mogen 'statuses' alleen afgehandeld of geannuleerd opleveren.")
    return mapping


def _check_values(values: dict, allowed, key: str, what: str) -> None:
    wrong = sorted({str(v) for v in values.values() if v not in allowed})
    if wrong:
        raise MappingError(f"Onbekende {what} onder '{key}': {', '.join(wrong)}. "
                           f"Kies uit: {', '.join(allowed)}.")


def _team_ids(session: Session, mapping: dict) -> dict[str, tuple[int, int]]:
    """Source value -> (organisation id, team id); team codes or "organisatie/team"."""
    teams = {}
    for team in session.scalars(select(Team)):
        teams[team.code] = teams[f"{team.organisation.code}/{team.code}"] = (team.organisation_id, team.id)
    wanted = mapping.get("teams", {})
    wrong = sorted(str(v) for v in wanted.values() if v not in teams)
    if wrong:
        raise MappingError(f"Onbekende teams onder 'teams': {', '.join(wrong)}. "
                           f"Kies uit: {', '.join(sorted(k for k in teams if '/' in k))}.")
    return {str(source): teams[ours] for source, ours in wanted.items()}


def _category_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Category.slug, Category.name)).all())


def check_areas(session: Session, path: Path, mapping: dict) -> None:
    """Rows without a point need their area in the store: say so once, before the import,
    instead of refusing every row (e.g. when the areas were not loaded with --areas)."""
    columns = mapping["columns"]
    if not columns.get("area"):
        return
    known = area_codes_by_name(session)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=mapping.get("delimiter", ","))
        values = {_value(row, columns, "area") for row in islice(reader, AREA_SAMPLE)} - {""}
    unknown = sorted(v for v in values if v.lower() not in known)
    if values and len(unknown) == len(values):
        raise MappingError(
            f"Geen enkel gebied uit kolom '{columns['area']}' is bekend (bijvoorbeeld "
            f"{', '.join(repr(v) for v in unknown[:3])}). Laad eerst de gebieden van deze plaats: "
            "geef --areas GEBIEDEN.geojson mee, of gebruik `flask --app app load-cbs`, of zet ze in het "
            "regiobestand (HNM_REGION).")


def read_rows(session: Session, path: Path, mapping: dict) -> Iterator[ImportRow | RowError]:
    known, areas = known_slugs(session), area_codes_by_name(session)
    context = {"known": known, "areas": areas, "teams": _team_ids(session, mapping),
               "names": _category_names(session)}
    columns = mapping["columns"]
    transformer = (Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
                   if mapping.get("crs") == "EPSG:28992" else None)
    needed = {c for v in columns.values() for c in (v if isinstance(v, list) else [v]) if c}
    return read_csv(path, needed, lambda row, line: _row(row, line, mapping, context, transformer),
                    delimiter=mapping.get("delimiter", ","))


def _value(row: dict, columns: dict, name: str) -> str:
    column = columns.get(name)
    parts = column if isinstance(column, list) else [column] if column else []
    return " / ".join(v for v in ((row.get(c) or "").strip() for c in parts) if v)


def _mapped(mapping: dict, key: str, value: str, allowed) -> str | None:
    """Our value for a source value: through the mapping, or the value itself if it is ours."""
    ours = mapping.get(key, {}).get(value)
    if ours is None:
        lowered = value.strip().lower().replace(" ", "_")
        ours = lowered if lowered in allowed else None
    return ours


def _row(row: dict, line: int, mapping: dict, context: dict, transformer: Transformer | None) -> ImportRow:
    columns, notes = mapping["columns"], []
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
    if slug not in context["known"]:
        slug = FALLBACK_SLUG
        notes.append(f"categorie onbekend: {raw_category!r} ingedeeld als overig (openbare ruimte)")
    raw_area = _value(row, columns, "area")
    area = context["areas"].get(raw_area.lower())
    if lat is None and raw_area and area is None:
        raise RowError(f"gebied {raw_area!r} is onbekend")
    status = _status(row, columns, mapping)
    channel = "import"
    raw_channel = _value(row, columns, "channel")
    if raw_channel:
        channel = _mapped(mapping, "channels", raw_channel, CHANNELS) or "import"
        if channel == "import" and raw_channel.lower() != "import":
            notes.append(f"kanaal onbekend: {raw_channel!r} bewaard als import")
    team = None
    raw_team = _value(row, columns, "team")
    if raw_team:
        team = context["teams"].get(raw_team)
        if team is None:
            notes.append(f"team onbekend: {raw_team!r}, het team van de categorie is gebruikt")
    closed = _value(row, columns, "closed_at")
    return ImportRow(line, IntakeData(
        text=_value(row, columns, "text") or raw_category or context["names"].get(slug) or "Melding uit import",
        channel=channel, lat=lat, lon=lon, address=_value(row, columns, "address") or None,
        category_slug=slug, urgent=False, received_at=parse_time(_value(row, columns, "received_at")),
        source_ref=f"{mapping['source']}:{source_id}", area_code=area),
        closed_at=parse_time(closed) if closed else None, note="; ".join(notes), status=status, team=team)


def _status(row: dict, columns: dict, mapping: dict) -> str | None:
    raw = _value(row, columns, "status")
    status = None
    if raw:
        status = _mapped(mapping, "statuses", raw, STATUS_LABELS)
        if status is None:
            raise RowError(f"status {raw!r} is onbekend (koppel hem onder 'statuses')")
    if mapping.get("all_closed") and status not in CLOSED_STATUSES:
        status = "afgehandeld"
    return status
