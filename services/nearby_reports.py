"""The reports around a batch's places, read once per main category and area, for early warning.

The place detectors (repeat location, hotspot boxes, hotspot scan) count a main category's reports
in boxes of 25 m to 600 m around each ~100 m cell of a batch, over the last 56 days. Read per
cell, a flood made every cell's reads count the whole flood around it again, and detection fell
far behind the intake. Here a batch's places are grouped per main category and ~2 km area
(`AREA_DEG`), each area's reports are read with one indexed range read (the boxes of all its
places and their 56 days), and each box is then a slice and a mask of arrays sorted by latitude.
The boxes are the SQL ones (`alert_queries.near`: bounds computed from the centre in floating
point, ends included), so every count is what the per-cell queries counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import and_
from sqlalchemy.orm import Session

from data_access.alert_queries import METRES_PER_DEG_LAT, METRES_PER_DEG_LON, POLICE, SHARED
from data_access.models import Report
from data_access.scoping import unscoped_select

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
HOUR_US = 3_600_000_000
AREA_DEG = (0.02, 0.03)          # ~2.2 x 2 km: the places of one area share one read


def micros(at: datetime) -> int:
    """Microseconds since 1970 (exact, so that window ends compare as in SQL)."""
    return (at - EPOCH) // timedelta(microseconds=1)


class NearbyReports:
    """One main category's reports within reach of some places over some period, as arrays
    sorted by latitude: time (microseconds), UTC hour, police-only, lat, lon."""

    def __init__(self, rows: Iterable):
        """`rows`: (received_at, visibility, lat, lon) tuples. The columns come from one zip and
        a numpy sort, not a sort with a Python key and a generator per column (a flood's areas
        hold thousands of rows, read for every batch)."""
        rows = list(rows)
        received, visibilities, lats, lons = zip(*rows) if rows else ((), (), (), ())
        lat = np.array(lats, dtype=float)
        order = np.argsort(lat, kind="stable")        # stable: as sorted(), ties keep the read's order
        self.times = [received[i] for i in order.tolist()]
        self.us = np.fromiter(map(micros, self.times), dtype=np.int64, count=len(rows))
        self.hour = self.us // HOUR_US
        self.police = np.array([v == POLICE for v in visibilities], dtype=bool)[order]
        self.lat = lat[order]
        self.lon = np.array(lons, dtype=float)[order]

    def box(self, lat: float, lon: float, metres: float, start: datetime, end: datetime,
            audience: str) -> np.ndarray:
        """Indices of the reports the audience counts in +-metres around a point, received
        from start to end (both included): `near` and `seen_by` of alert_queries."""
        dlat, dlon = metres / METRES_PER_DEG_LAT, metres / METRES_PER_DEG_LON
        first = np.searchsorted(self.lat, lat - dlat, side="left")
        last = np.searchsorted(self.lat, lat + dlat, side="right")
        us, lons = self.us[first:last], self.lon[first:last]
        keep = (lons >= lon - dlon) & (lons <= lon + dlon) & (us >= micros(start)) & (us <= micros(end))
        if audience == SHARED:
            keep &= ~self.police[first:last]
        return first + np.flatnonzero(keep)

    def within(self, indices: np.ndarray, lat: float, lon: float, metres: float) -> np.ndarray:
        """Which of these reports lie in the smaller box of +-metres around the point (mask)."""
        dlat, dlon = metres / METRES_PER_DEG_LAT, metres / METRES_PER_DEG_LON
        lats, lons = self.lat[indices], self.lon[indices]
        return (lats >= lat - dlat) & (lats <= lat + dlat) & (lons >= lon - dlon) & (lons <= lon + dlon)

    def first(self, indices: np.ndarray) -> datetime | None:
        """The earliest time among these reports (SQL's min: None for none)."""
        return self.times[indices[np.argmin(self.us[indices])]] if len(indices) else None


def read_nearby(session: Session, places: list[tuple[Report, datetime]], reach_m: float,
                history: timedelta) -> dict[tuple[int, tuple[int, int]], NearbyReports]:
    """Per (main category, area): its reports within reach_m of the area's places and within
    `history` before their times; one read per area. Key of a place: `area_of`."""
    groups: dict[tuple, list[tuple[Report, datetime]]] = defaultdict(list)
    for report, now in places:
        groups[area_of(report)].append((report, now))
    # a margin of a metre keeps every box inside the read whatever the rounding of its bounds
    dlat, dlon = (reach_m + 1) / METRES_PER_DEG_LAT, (reach_m + 1) / METRES_PER_DEG_LON
    nearby = {}
    for key, members in groups.items():
        lats = [report.lat for report, _ in members]
        lons = [report.lon for report, _ in members]
        rows = session.execute(unscoped_select(Report.received_at, Report.visibility, Report.lat, Report.lon).where(
            Report.main_category_id == key[0],
            Report.received_at >= min(now for _, now in members) - history,
            Report.received_at <= max(now for _, now in members),
            and_(Report.lat.between(min(lats) - dlat, max(lats) + dlat),
                 Report.lon.between(min(lons) - dlon, max(lons) + dlon))))
        nearby[key] = NearbyReports(rows)
    return nearby


def area_of(report: Report) -> tuple[int, tuple[int, int]]:
    return report.main_category_id, (int(report.lat // AREA_DEG[0]), int(report.lon // AREA_DEG[1]))
