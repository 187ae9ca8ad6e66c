"""Public figures per buurt or wijk for residents: shared reports only, counted in SQL.

There is no Principal here (residents do not log in): PUBLIC_SCOPE is the base filter, and it
never lets a police-only report through, not even in a count. Locations leave only as ~200 m cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from data_access.models import Area, Category, NeighbourhoodMessage, Organisation, Report

PUBLIC_SCOPE = Report.visibility == "gedeeld"
CELL_LAT, CELL_LON = 0.0018, 0.0030      # about 200 m by 200 m around 52° north


@dataclass(frozen=True)
class Cell:
    south: float
    west: float
    north: float
    east: float
    count: int


def find_area(session: Session, code: str) -> Area | None:
    return session.scalar(select(Area).where(Area.code == code, Area.kind.in_(("wijk", "buurt"))))


def public_areas(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.kind.in_(("wijk", "buurt")))
                                .order_by(Area.kind.desc(), Area.name)))


def _in_area(area: Area):
    return Report.buurt_code == area.code if area.kind == "buurt" else Report.wijk_code == area.code


def counts_by_main(session: Session, area: Area, since: datetime, closed: bool = False) -> list[tuple[str, int]]:
    """(main category name, count) of shared reports received (or closed) since `since`."""
    main = aliased(Category)
    when = Report.closed_at if closed else Report.received_at
    query = (select(main.name, func.count(Report.id)).join(main, main.id == Report.main_category_id)
             .where(PUBLIC_SCOPE, _in_area(area), when >= since)
             .group_by(main.name).order_by(func.count(Report.id).desc(), main.name))
    if closed:
        query = query.where(Report.status == "afgehandeld")
    return [(name, count) for name, count in session.execute(query)]


def grid_cells(session: Session, area: Area, since: datetime) -> list[Cell]:
    """Shared reports since `since` counted per ~200 m cell (no single point leaves the server)."""
    row, col = func.round(Report.lat / CELL_LAT), func.round(Report.lon / CELL_LON)
    query = (select(row, col, func.count(Report.id))
             .where(PUBLIC_SCOPE, _in_area(area), Report.received_at >= since, Report.lat.is_not(None))
             .group_by(row, col))
    return [Cell(round((float(r) - 0.5) * CELL_LAT, 5), round((float(c) - 0.5) * CELL_LON, 5),
                 round((float(r) + 0.5) * CELL_LAT, 5), round((float(c) + 0.5) * CELL_LON, 5), n)
            for r, c, n in session.execute(query)]


def current_messages(session: Session, area: Area, now: datetime) -> list[tuple[NeighbourhoodMessage, str]]:
    """Buurtberichten for this area and its wijk that are running now, newest first, with the sender."""
    codes = [area.code] + ([area.parent_code] if area.kind == "buurt" and area.parent_code else [])
    query = (select(NeighbourhoodMessage, Organisation.name)
             .join(Organisation, Organisation.id == NeighbourhoodMessage.organisation_id)
             .where(NeighbourhoodMessage.area_code.in_(codes), NeighbourhoodMessage.starts_at <= now,
                    or_(NeighbourhoodMessage.ends_at.is_(None), NeighbourhoodMessage.ends_at > now))
             .order_by(NeighbourhoodMessage.starts_at.desc()).limit(20))
    return [(message, name) for message, name in session.execute(query)]
