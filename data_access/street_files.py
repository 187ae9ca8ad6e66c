"""A region's street list (the region file's `streets:`, docs/region.md), read for the gazetteer
(services/gazetteer.py). Two formats:

- the JSON street list, as data_access/reference/wateringse_veld_streets.json:
  {"source": ..., "streets": [{"name", "lat", "lon", "buurt", "line": [[lat, lon], ...], "last_number"}]}
- a GeoJSON FeatureCollection of LineStrings (a MultiLineString whose parts join into one line is
  taken too) with the street's `name` (or `straatnaam`) and optionally `last_number`, in WGS84 or
  RD New, recognised like the areas (data_access/area_files.py). The line runs from house number 1
  to `last_number`; without it, one number per 7 m of line. The street's point is its middle.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import shape
from shapely.ops import linemerge

from data_access.area_files import AreaFileError, in_wgs84, transformer_for

SIDE_OFFSET_M = 8.0            # from the middle of the street to the houses
METRES_PER_DEGREE_LAT = 111_200.0
METRES_PER_NUMBER = 7.0        # a GeoJSON street without last_number: one number per 7 m of line


class StreetFileError(AreaFileError):
    """A street list that cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class Street:
    name: str
    lat: float                                   # the street's point: a text naming it without a number
    lon: float
    buurt: str                                   # the code the list gives ("": the list names none)
    line: tuple[tuple[float, float], ...]        # (lat, lon) from number 1 to last_number, 2 points or more
    last_number: int

    def house(self, number: int) -> tuple[float, float]:
        """(lat, lon) of a house number on this street, interpolated along its line: odd numbers on
        the left, even on the right, SIDE_OFFSET_M from the middle; beyond last_number: the end."""
        share = min(max((number - 1) / max(self.last_number - 1, 1), 0.0), 1.0)
        (lat0, lon0), (lat1, lon1), t = _segment_at(self.line, share)
        lat, lon = lat0 + (lat1 - lat0) * t, lon0 + (lon1 - lon0) * t
        # the side: a step of SIDE_OFFSET_M at right angles to the segment, left for odd numbers
        per_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))
        north, east = (lat1 - lat0) * METRES_PER_DEGREE_LAT, (lon1 - lon0) * per_lon
        length = math.hypot(north, east) or 1.0
        side = SIDE_OFFSET_M if number % 2 else -SIDE_OFFSET_M
        return (round(lat + side * east / length / METRES_PER_DEGREE_LAT, 6),
                round(lon - side * north / length / per_lon, 6))


def _lengths(line) -> list[float]:
    """Metres of each segment (flat earth: streets are short)."""
    per_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(line[0][0]))
    return [math.hypot((b[0] - a[0]) * METRES_PER_DEGREE_LAT, (b[1] - a[1]) * per_lon)
            for a, b in zip(line, line[1:])]


def _segment_at(line, share: float):
    """(segment start, segment end, share of that segment) at `share` of the line's length."""
    if len(line) == 2:
        return line[0], line[1], share
    lengths = _lengths(line)
    left = share * sum(lengths)
    for index, length in enumerate(lengths):
        if left <= length or index == len(lengths) - 1:
            return line[index], line[index + 1], min(left / length, 1.0) if length else 0.0
        left -= length


def read_streets(path: Path) -> tuple[tuple[Street, ...], str]:
    """(streets, longest name first, so "Laan van Wateringse Veld" wins over a shorter name inside
    it; the file's source) of a JSON street list or a GeoJSON of street lines."""
    data = _read_json(path)
    found = _from_geojson(data) if data.get("type") == "FeatureCollection" else _from_list(data, path)
    names = [s.name.lower() for s in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise StreetFileError(f"{path.name} noemt een straat twee keer: {', '.join(twice[:3])}")
    return tuple(sorted(found, key=lambda s: -len(s.name))), str(data.get("source") or path.name)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StreetFileError(f"Kan het stratenbestand {path} niet lezen: {error}") from None
    if not isinstance(data, dict):
        raise StreetFileError(f"{Path(path).name}: verwacht een JSON-object met 'streets' of een GeoJSON")
    return data


def _from_list(data: dict, path: Path) -> list[Street]:
    if not isinstance(data.get("streets"), list):
        raise StreetFileError(f"{path.name}: 'streets' (een lijst straten) ontbreekt")
    found = []
    for number, item in enumerate(data["streets"], 1):
        try:
            found.append(Street(str(item["name"]), float(item["lat"]), float(item["lon"]), str(item.get("buurt") or ""),
                                tuple((float(a), float(b)) for a, b in item["line"]), int(item["last_number"])))
        except (KeyError, TypeError, ValueError):
            raise StreetFileError(f"{path.name}: straat {number} mist name, lat, lon, line of last_number") from None
        if len(found[-1].line) < 2:
            raise StreetFileError(f"{path.name}: de lijn van {found[-1].name} heeft minder dan twee punten")
    return found


def _from_geojson(data: dict) -> list[Street]:
    to_wgs84 = transformer_for(data)
    found = []
    for number, feature in enumerate(data.get("features") or [], 1):
        props = {k.lower(): v for k, v in (feature.get("properties") or {}).items()}
        name = str(props.get("name") or props.get("straatnaam") or "").strip()
        if not name:
            raise StreetFileError(f"Straat {number} heeft geen naam (eigenschap 'name' of 'straatnaam')")
        try:
            geometry = linemerge(shape(feature["geometry"])) if feature["geometry"]["type"] == "MultiLineString" \
                else shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise StreetFileError(f"Straat {name} heeft geen geldige geometrie") from None
        if geometry.geom_type != "LineString":
            raise StreetFileError(f"Straat {name} is geen lijn (LineString, of een MultiLineString die één lijn vormt)")
        line = tuple((lat, lon) for lon, lat in in_wgs84(geometry, to_wgs84).coords)
        last = props.get("last_number")
        try:
            last = int(last) if last not in (None, "") else max(1, round(sum(_lengths(line)) / METRES_PER_NUMBER))
        except (TypeError, ValueError):
            raise StreetFileError(f"Straat {name}: last_number is geen geheel getal: {last!r}") from None
        (lat0, lon0), (lat1, lon1), t = _segment_at(line, 0.5)
        found.append(Street(name, round(lat0 + (lat1 - lat0) * t, 6), round(lon0 + (lon1 - lon0) * t, 6),
                            str(props.get("buurt") or ""), line, last))
    return found
