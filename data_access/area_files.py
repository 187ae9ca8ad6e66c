"""Area polygons from a GeoJSON file: the CBS wijk- en buurtkaart or any FeatureCollection whose
features carry `code` and `name` (optionally `kind` buurt/wijk/stadsdeel and `parent_code`).
Coordinates in WGS84 or RD New (EPSG:28992) are returned in WGS84."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

CBS_SOURCE = "CBS Wijk- en Buurtkaart (Centraal Bureau voor de Statistiek, CC BY 4.0)"
KINDS = ("buurt", "wijk", "stadsdeel")


class AreaFileError(ValueError):
    """An areas file that cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class AreaFeature:
    code: str
    kind: str
    name: str
    parent_code: str | None
    geometry: BaseGeometry        # WGS84 (lon, lat)
    official: bool                # from the CBS wijk- en buurtkaart


def read_geojson(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AreaFileError(f"Kan het gebiedenbestand {path} niet lezen: {error}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaFileError(f"{Path(path).name} is geen GeoJSON FeatureCollection")
    return data


def is_geojson(path: Path) -> bool:
    """A FeatureCollection (not e.g. a Signalen areas.json list)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8")).get("type") == "FeatureCollection"
    except (OSError, ValueError, AttributeError):
        return False


def area_features(data: dict, gemeente_code: str | None = None) -> list[AreaFeature]:
    """The areas of a FeatureCollection (CBS properties or code/name/kind/parent_code)."""
    to_wgs84 = transformer_for(data)
    found = []
    for number, feature in enumerate(data.get("features") or [], 1):
        props = {k.lower(): v for k, v in (feature.get("properties") or {}).items()}
        if gemeente_code and props.get("gemeentecode") not in (gemeente_code, None):
            continue
        if props.get("buurtcode"):
            code, kind, name, parent = (props["buurtcode"], "buurt", props.get("buurtnaam") or props["buurtcode"],
                                        props.get("wijkcode"))
        elif props.get("wijkcode"):
            code, kind, name, parent = props["wijkcode"], "wijk", props.get("wijknaam") or props["wijkcode"], None
        elif props.get("code"):
            code, kind = str(props["code"]), str(props.get("kind") or "buurt")
            name, parent = str(props.get("name") or code), props.get("parent_code")
            if kind not in KINDS:
                raise AreaFileError(f"Gebied {code}: soort moet buurt, wijk of stadsdeel zijn, niet {kind!r}")
        else:
            continue
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise AreaFileError(f"Gebied {number} ({code}) heeft geen geldige geometrie") from None
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise AreaFileError(f"Gebied {code} is geen vlak (Polygon of MultiPolygon)")
        found.append(AreaFeature(code, kind, name, parent, in_wgs84(geometry, to_wgs84),
                                 "buurtcode" in props or "wijkcode" in props))
    return found


def in_wgs84(geometry: BaseGeometry, to_wgs84: Transformer | None) -> BaseGeometry:
    """`geometry` (lon, lat) in WGS84, through transformer_for's answer (None: it already is)."""
    if to_wgs84 is None:
        return geometry
    return shapely.transform(geometry, lambda xs, ys: to_wgs84.transform(xs, ys), interleaved=False)


def transformer_for(data: dict) -> Transformer | None:
    """RD New -> WGS84 for a FeatureCollection in RD New (by its `crs` or its coordinates), else None."""
    crs_name = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    first = data["features"][0]["geometry"]["coordinates"] if data.get("features") else None
    while isinstance(first, list) and first and isinstance(first[0], list):
        first = first[0]
    if "28992" in crs_name or (first and abs(first[0]) > 1000):
        return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    return None
