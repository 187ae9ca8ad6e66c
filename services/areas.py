"""Which buurt and wijk a point lies in, and loading the official CBS wijk- en buurtkaart."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from shapely import STRtree, points
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.area_files import CBS_SOURCE, area_features, read_geojson
from data_access.models import Area, Report
from data_access.rollup_store import rebuild_in
from data_access.scoping import unscoped_select, unscoped_update


@dataclass(frozen=True)
class Location:
    buurt_code: str
    wijk_code: str | None


class AreaIndex:
    """Point-in-polygon lookup over the buurten in the store (an STRtree, built once)."""

    def __init__(self, buurten: list[tuple[str, str | None, dict]]):
        self._codes = [code for code, _, _ in buurten]
        self._parents = [parent for _, parent, _ in buurten]
        self._geoms = [shape(geometry) for _, _, geometry in buurten]
        self._tree = STRtree(self._geoms)

    @classmethod
    def from_session(cls, session: Session) -> "AreaIndex":
        rows = session.execute(
            select(Area.code, Area.parent_code, Area.geometry)
            .where(Area.kind == "buurt", Area.geometry.is_not(None)).order_by(Area.code))
        return cls([(code, parent, json.loads(geometry)) for code, parent, geometry in rows])

    def locate(self, lat: float, lon: float) -> Location | None:
        return self.locate_many([lat], [lon])[0]

    def locate_many(self, lats, lons) -> list[Location | None]:
        found: list[Location | None] = [None] * len(lats)
        if not self._geoms:
            return found
        point_idx, geom_idx = self._tree.query(points(list(lons), list(lats)), predicate="intersects")
        for p, g in zip(point_idx.tolist(), geom_idx.tolist()):
            if found[p] is None:
                found[p] = Location(self._codes[g], self._parents[g])
        return found

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min_lon, min_lat, max_lon, max_lat) of the served area."""
        xs = [g.bounds for g in self._geoms]
        return (min(b[0] for b in xs), min(b[1] for b in xs), max(b[2] for b in xs), max(b[3] for b in xs))


def load_cbs_geojson(session: Session, path: Path, gemeente_code: str | None = None) -> dict[str, int]:
    """Load wijken and buurten from a CBS wijk- en buurtkaart GeoJSON export (or any GeoJSON of
    areas with code and name, see data_access/area_files.py).

    Accepts WGS84 or RD New (EPSG:28992) coordinates; these polygons replace existing ones, and
    reports with a point get their buurt and wijk derived again.
    """
    data = read_geojson(path)
    counts = {"wijk": 0, "buurt": 0}
    source = data.get("source") or Path(path).name
    for feature in area_features(data, gemeente_code):
        area = session.scalar(select(Area).where(Area.code == feature.code))
        if area is None:
            area = Area(code=feature.code)
            session.add(area)
        area.kind, area.name = feature.kind, feature.name
        area.parent_code = feature.parent_code or area.parent_code
        area.geometry = json.dumps(feature.geometry.__geo_interface__)
        area.approximate, area.source = False, CBS_SOURCE if feature.official else source
        counts[feature.kind] = counts.get(feature.kind, 0) + 1
    session.flush()
    counts["meldingen"] = relocate_reports(session)
    rebuild_in(session)         # buurt and wijk are roll-up dimensions; the UPDATEs bypassed the ORM
    return counts


def relocate_reports(session: Session, batch: int = 5000) -> int:
    """Derive buurt and wijk again for every report with a point (after the areas changed)."""
    index = AreaIndex.from_session(session)
    moved, last_id = 0, 0
    while True:
        rows = session.execute(
            unscoped_select(Report.id, Report.lat, Report.lon, Report.buurt_code)
            .where(Report.id > last_id, Report.lat.is_not(None)).order_by(Report.id).limit(batch)).all()
        if not rows:
            return moved
        located = index.locate_many([r.lat for r in rows], [r.lon for r in rows])
        for row, loc in zip(rows, located):
            if loc is not None and loc.buurt_code != row.buurt_code:
                session.execute(unscoped_update(Report).where(Report.id == row.id)
                                .values(buurt_code=loc.buurt_code, wijk_code=loc.wijk_code)
                                .execution_options(synchronize_session=False))
                moved += 1
        last_id = rows[-1].id
