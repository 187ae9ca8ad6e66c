"""Alert finders for the Vroegsignalering page; every one applies the alert scope in SQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Alert, Area, Category, Report
from data_access.scoping import alert_scope, report_scope

LIST_LIMIT = 100
METRES_PER_DEG_LAT = 111_320.0
METRES_PER_DEG_LON = 68_500.0            # at 52 degrees north
# Charts count around an alert's point (the centre of its recent reports): a hotspot of up to
# ~350 m across (early_warning.HOTSPOT_WIDE_RADIUS_M) lies within ~200 m of its centre.
PLACE_RADIUS_M = {"herhaling": 25, "hotspot": 200}
SHARED, POLICE = "gedeeld", "politie"    # audiences of alerts, and the visibility of their alerts


def near(lat: float, lon: float, metres: float, model=Report) -> ColumnElement[bool]:
    """A bounding box of +-metres around a point (uses the (lat, lon) index)."""
    dlat, dlon = metres / METRES_PER_DEG_LAT, metres / METRES_PER_DEG_LON
    return and_(model.lat.between(lat - dlat, lat + dlat), model.lon.between(lon - dlon, lon + dlon))


def seen_by(audience: str) -> ColumnElement[bool]:
    """The reports an alert's audience counts: the police may see shared and police-only reports,
    the gemeente shared ones only."""
    return Report.visibility == SHARED if audience == SHARED else true()


def list_alerts(session: Session, principal: Principal, states: list[str] | None = None,
                limit: int = LIST_LIMIT) -> list[dict]:
    query = (select(Alert, Category.name, Area.name)
             .outerjoin(Category, Category.id == Alert.main_category_id)
             .outerjoin(Area, Area.code == Alert.area_code)
             .where(alert_scope(principal)))
    if states:
        query = query.where(Alert.state.in_(states))
    rows = session.execute(query.order_by(Alert.window_end.desc()).limit(limit)).all()
    return [{"id": a.id, "kind": a.kind, "state": a.state, "explanation": a.explanation,
             "category": category or "", "area": area or a.area_code or "",
             "visibility": a.visibility, "channel": a.channel, "observed": a.observed, "expected": a.expected,
             "window_start": a.window_start, "window_end": a.window_end}
            for a, category, area in rows]


def get_alert(session: Session, principal: Principal, alert_id: int) -> Alert | None:
    return session.scalar(select(Alert).where(Alert.id == alert_id, alert_scope(principal)))


def observed_per_bin(session: Session, principal: Principal, alert: Alert) -> tuple[list[datetime], list[int], float]:
    """(bin starts, observed per bin, expected per bin) over the alert's window: hours for a
    spike, days for a place; counted from the alert's own series as its audience sees it (and,
    as always, within the viewer's scope)."""
    end = alert.window_end
    step = timedelta(hours=1) if alert.kind == "piek" else timedelta(days=1)
    bins = max(1, -int(-(end - alert.window_start) // step))
    start = end - bins * step
    conditions = [report_scope(principal), seen_by(alert.visibility),
                  Report.received_at > start, Report.received_at <= end]
    if alert.main_category_id is not None:
        conditions.append(Report.main_category_id == alert.main_category_id)
    if alert.kind in PLACE_RADIUS_M and alert.lat is not None:
        conditions.append(near(alert.lat, alert.lon, PLACE_RADIUS_M[alert.kind]))
    elif alert.channel is not None:
        conditions += [Report.wijk_code == alert.area_code, Report.channel == alert.channel]
    else:
        conditions.append(Report.buurt_code == alert.area_code)
    times = session.scalars(select(Report.received_at).where(*conditions).limit(5000)).all()
    counts = [0] * bins
    for at in times:
        counts[min(bins - 1, int((at - start) // step))] += 1
    return [start + i * step for i in range(bins)], counts, alert.expected / bins
