"""The region the app serves, as configuration: one YAML file (HNM_REGION; the default is the
Wateringse Veld demo in regions/wateringse-veld.yaml) with the organisations (politie, gemeente and
any partners) with their display names and teams, the sharing rules per category
(data_access/sharing.py), the area set (a GeoJSON file, WGS84 or RD New), the evaluation periods,
the map's tiles and the street list that places addresses (optional).
The map's initial view is derived from the areas' bounds. See docs/region.md."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from shapely.ops import unary_union

from data_access.area_files import AreaFeature, AreaFileError, area_features, read_geojson
from data_access.sharing import KINDS, PARTNER, SharingError, SharingRules, parse_sharing
from data_access.street_files import Street, read_streets
from data_access.taxonomy_file import load_taxonomy_file

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGION = ROOT / "regions" / "wateringse-veld.yaml"
ORGANISATION_CODES = ("politie", "gemeente")     # always there: the category taxonomy routes to them
ORGANISATION_CODE = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
# Teams the category taxonomy routes to; a region names them, or they keep these plain names.
REQUIRED_TEAMS = {
    "politie": {"meldkamer": "Meldkamer", "noodhulp": "Noodhulp", "wijkteam": "Wijkteam"},
    "gemeente": {"stadsbeheer": "Stadsbeheer", "handhaving": "Handhaving (BOA)",
                 "dieren": "Dierenwelzijn en GGD", "water": "Water en kades", "regie": "Regie openbare ruimte"},
}


class RegionError(ValueError):
    """A region file the app refuses to start with; the message is Dutch."""


@dataclass(frozen=True)
class EvaluationPeriod:
    name: str
    start: date
    end: date              # inclusive

    @property
    def label(self) -> str:
        return f"{self.name} ({self.start:%d-%m-%Y} t/m {self.end:%d-%m-%Y})"


@dataclass(frozen=True)
class Region:
    name: str
    path: Path
    organisations: dict[str, str]                 # code -> display name
    teams: dict[str, dict[str, str]]              # organisation code -> {team code: name}
    kinds: dict[str, str]                         # organisation code -> politie | gemeente | partner
    sharing: SharingRules                         # per category: who handles, sees, sees personal data
    areas_file: Path
    areas: tuple[AreaFeature, ...]
    areas_source: str
    areas_approximate: bool
    periods: tuple[EvaluationPeriod, ...]
    tile_url: str = ""                             # empty: HNM_TILE_URL / the default tiles
    tile_attribution: str = ""
    cbs_gemeente: str | None = None               # default of `load-cbs --gemeente`
    bounds: tuple[float, float, float, float] = field(default=(0, 0, 0, 0))   # min lon, min lat, max lon, max lat
    streets: tuple[Street, ...] = ()              # the gazetteer's street list; empty: none (`streets:`)
    streets_file: Path | None = None
    streets_source: str = ""

    @property
    def center(self) -> list[float]:
        """[lat, lon] of the middle of the areas."""
        return [(self.bounds[1] + self.bounds[3]) / 2, (self.bounds[0] + self.bounds[2]) / 2]

    @property
    def zoom(self) -> int:
        """The Leaflet zoom at which the buurten fill a map about 700 pixels wide."""
        span = max(self.bounds[2] - self.bounds[0], (self.bounds[3] - self.bounds[1]) * 1.6, 1e-6)
        return max(8, min(17, math.floor(math.log2(700 * 360 / (256 * span)))))


def _text(value, what: str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise RegionError(f"Regiobestand: {what} ontbreekt of is geen tekst")
    return value.strip()


def _date(value, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RegionError(f"Regiobestand: {what} is geen datum (JJJJ-MM-DD): {value!r}") from None


def load_region(path: Path | str | None = None) -> Region:
    """Read and check a region file; RegionError (Dutch) says what is wrong."""
    path = Path(path or DEFAULT_REGION)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RegionError(f"Kan het regiobestand {path} niet lezen: {error}") from None
    if not isinstance(raw, dict):
        raise RegionError(f"Regiobestand {path}: verwacht een YAML-woordenboek")
    name = _text(raw.get("name"), "name (de naam van het gebied)")
    organisations, teams, kinds = _organisations(raw.get("organisations"))
    try:
        sharing = parse_sharing(raw.get("sharing"), kinds, load_taxonomy_file())
    except SharingError as error:
        raise RegionError(str(error)) from None
    areas_raw = raw.get("areas")
    if not isinstance(areas_raw, dict):
        raise RegionError("Regiobestand: 'areas' ontbreekt (met 'file': een GeoJSON-bestand met de gebieden)")
    areas_file = (path.parent / _text(areas_raw.get("file"), "areas.file")).resolve()
    gemeente = _text(areas_raw.get("cbs_gemeente"), "areas.cbs_gemeente", required=False) or None
    try:
        data = read_geojson(areas_file)
        features = tuple(area_features(data, gemeente))
    except AreaFileError as error:
        raise RegionError(f"Regiobestand: {error}") from None
    if not any(f.kind == "buurt" for f in features):
        raise RegionError(f"Regiobestand: {areas_file.name} bevat geen buurten (soort 'buurt')")
    codes = [f.code for f in features]
    if len(set(codes)) != len(codes):
        raise RegionError(f"Regiobestand: {areas_file.name} noemt een gebiedscode twee keer")
    tiles = raw.get("tiles") or {}
    if not isinstance(tiles, dict):
        raise RegionError("Regiobestand: 'tiles' moet url en attribution noemen")
    periods = []
    for number, item in enumerate(raw.get("periods") or [], 1):
        if not isinstance(item, dict):
            raise RegionError(f"Regiobestand: periode {number} moet name, from en to noemen")
        start, end = _date(item.get("from"), f"periode {number} from"), _date(item.get("to"), f"periode {number} to")
        if end < start:
            raise RegionError(f"Regiobestand: periode {number} eindigt voor hij begint")
        periods.append(EvaluationPeriod(_text(item.get("name"), f"periode {number} name"), start, end))
    bounds = unary_union([f.geometry for f in features if f.kind == "buurt"]).bounds
    return Region(
        name=name, path=path.resolve(), organisations=organisations, teams=teams, kinds=kinds, sharing=sharing,
        areas_file=areas_file,
        areas=features, areas_source=str(areas_raw.get("source") or data.get("source") or areas_file.name),
        areas_approximate=bool(areas_raw.get("approximate", False)), periods=tuple(periods),
        tile_url=_text(tiles.get("url"), "tiles.url", required=False),
        tile_attribution=_text(tiles.get("attribution"), "tiles.attribution", required=False),
        cbs_gemeente=gemeente, bounds=tuple(bounds), **_streets(raw.get("streets"), path))


def _streets(raw, path: Path) -> dict:
    """The optional `streets: {file, source}`: the street list that places addresses."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RegionError("Regiobestand: 'streets' moet 'file' noemen (een stratenlijst, JSON of GeoJSON)")
    streets_file = (path.parent / _text(raw.get("file"), "streets.file")).resolve()
    try:
        streets, source = read_streets(streets_file)
    except AreaFileError as error:
        raise RegionError(f"Regiobestand: {error}") from None
    return {"streets": streets, "streets_file": streets_file,
            "streets_source": _text(raw.get("source"), "streets.source", required=False) or source}


def default_region() -> Region:
    """The region of HNM_REGION (default: Wateringse Veld), for code that runs outside an app
    (scripts, unit tests); inside one, services/region_context.current_region()."""
    return _region_at(os.environ.get("HNM_REGION", "").strip() or str(DEFAULT_REGION))


@lru_cache(maxsize=4)
def _region_at(path: str) -> Region:
    return load_region(path)


def _organisations(raw) -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, str]]:
    if not isinstance(raw, dict) or not set(ORGANISATION_CODES) <= set(raw):
        raise RegionError("Regiobestand: 'organisations' moet precies politie en gemeente noemen "
                          "(elk met name en eventueel teams), en daarnaast eventueel partners (kind: partner)")
    names, teams, kinds = {}, {}, {}
    for code in [*ORGANISATION_CODES, *(c for c in raw if c not in ORGANISATION_CODES)]:
        if not isinstance(code, str) or not ORGANISATION_CODE.match(code):
            raise RegionError(f"Regiobestand: organisatiecode {code!r}: kleine letters, cijfers en '-', "
                              "2 tot 32 tekens")
        item = raw[code] if isinstance(raw[code], dict) else {}
        names[code] = _text(item.get("name"), f"organisations.{code}.name")
        kinds[code] = code if code in ORGANISATION_CODES else PARTNER
        if item.get("kind", kinds[code]) != kinds[code]:
            raise RegionError(f"Regiobestand: organisations.{code}.kind moet {kinds[code]} zijn "
                              f"(soorten: {', '.join(KINDS)}; politie en gemeente zijn er elk precies één)")
        own = item.get("teams") or {}
        if not isinstance(own, dict) or not all(isinstance(v, str) and v.strip() for v in own.values()):
            raise RegionError(f"Regiobestand: organisations.{code}.teams moet code: naam zijn")
        teams[code] = {**REQUIRED_TEAMS.get(code, {}), **{str(k): v.strip() for k, v in own.items()}}
        if not teams[code]:
            raise RegionError(f"Regiobestand: organisations.{code}.teams: noem minstens één team "
                              "(daar komt een overgedragen melding binnen)")
    return names, teams, kinds
