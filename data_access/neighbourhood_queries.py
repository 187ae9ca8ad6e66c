"""Public figures per buurt or wijk for residents: shared reports only, counted in SQL.

There is no Principal here (residents do not log in): PUBLIC_SCOPE is the base filter, and it
never lets a police-only report through, not even in a count. Locations leave only as ~200 m cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from data_access.models import (
    Area, AreaFollower, AreaPageView, Category, Incident, NeighbourhoodMessage, NeighbourhoodNotification,
    OproepResponse, Organisation, Report, ResidentConfirmation,
)
from data_access.vocabulary import LOCAL_TZ, OPEN_STATUSES
from services.privacy.pseudonymise import street_only as street_of

PUBLIC_SCOPE = Report.visibility == "gedeeld"
CELL_LAT, CELL_LON = 0.0018, 0.0030      # about 200 m by 200 m around 52° north


@dataclass(frozen=True)
class Cell:
    south: float
    west: float
    north: float
    east: float
    count: int


@dataclass(frozen=True)
class SharedProblem:
    """An open shared problem as residents see it: no text, no house number, no point."""
    target: str          # "incident:<id>" or "report:<id>"
    category: str
    street: str
    at: datetime
    seen_too: int


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


def street_only(address: str | None) -> str:
    """"Akkerwindestraat 12, Den Haag" -> "Akkerwindestraat": never a house number."""
    return street_of(address) or "Straat onbekend"


def confirmation_counts(session: Session, targets: list[str]) -> dict[str, int]:
    if not targets:
        return {}
    query = (select(ResidentConfirmation.target, func.count()).where(ResidentConfirmation.target.in_(targets))
             .group_by(ResidentConfirmation.target))
    return {target: count for target, count in session.execute(query)}


def open_shared_problems(session: Session, area: Area, since: datetime, limit: int = 10) -> list[SharedProblem]:
    """Open shared reports since `since`, one row per incident (its newest report), newest first.
    An incident counts only when it is shared as well."""
    main = aliased(Category)
    query = (select(Report.id, Report.incident_id, main.name, Report.address, Report.received_at)
             .join(main, main.id == Report.main_category_id)
             .outerjoin(Incident, Incident.id == Report.incident_id)
             .where(PUBLIC_SCOPE, _in_area(area), Report.received_at >= since,
                    Report.status.in_(OPEN_STATUSES),
                    or_(Report.incident_id.is_(None), Incident.visibility == "gedeeld"))
             .order_by(Report.received_at.desc()).limit(limit * 5))
    rows, seen = [], set()
    for report_id, incident_id, category, address, at in session.execute(query):
        target = f"incident:{incident_id}" if incident_id else f"report:{report_id}"
        if target not in seen and len(rows) < limit:
            seen.add(target)
            rows.append((target, category, street_only(address), at))
    counts = confirmation_counts(session, [row[0] for row in rows])
    return [SharedProblem(target, category, street, at, counts.get(target, 0)) for target, category, street, at in rows]


def shared_target(session: Session, target: str) -> tuple[int | None, int | None] | None:
    """(incident_id, report_id) when `target` is an open shared problem residents may confirm, else None."""
    kind, _, number = (target or "").partition(":")
    if not number.isdigit():
        return None
    if kind == "incident":
        found = session.scalar(select(Incident.id).where(Incident.id == int(number), Incident.visibility == "gedeeld",
                                                         Incident.status != "samengevoegd"))
        return (found, None) if found else None
    if kind == "report":
        found = session.scalar(select(Report.id).where(Report.id == int(number), PUBLIC_SCOPE,
                                                       Report.status.in_(OPEN_STATUSES)))
        return (None, found) if found else None
    return None


def follower_count(session: Session, area_code: str) -> int:
    return session.scalar(select(func.count()).select_from(AreaFollower).where(
        AreaFollower.area_code == area_code, AreaFollower.confirmed_at.is_not(None)))


def message_reach(session: Session, messages: list[NeighbourhoodMessage], today: date) -> dict[int, dict]:
    """Per buurtbericht: followers notified, page views of its area while it ran, answers (reports)."""
    ids = [m.id for m in messages]
    if not ids:
        return {}
    notified = dict(session.execute(select(NeighbourhoodNotification.message_id, func.count())
                                    .where(NeighbourhoodNotification.message_id.in_(ids))
                                    .group_by(NeighbourhoodNotification.message_id)).all())
    answers = dict(session.execute(select(OproepResponse.message_id, func.count())
                                   .where(OproepResponse.message_id.in_(ids))
                                   .group_by(OproepResponse.message_id)).all())
    reach = {}
    for m in messages:
        last = min(today, m.ends_at.astimezone(LOCAL_TZ).date()) if m.ends_at else today
        views = session.scalar(select(func.coalesce(func.sum(AreaPageView.views), 0))
                               .where(AreaPageView.area_code == m.area_code,
                                      AreaPageView.day >= m.starts_at.astimezone(LOCAL_TZ).date(),
                                      AreaPageView.day <= last))
        reach[m.id] = {"notified": notified.get(m.id, 0), "views": int(views or 0), "answers": answers.get(m.id, 0)}
    return reach


def recent_messages(session: Session, organisation_id: int, limit: int = 20) -> list[NeighbourhoodMessage]:
    return list(session.scalars(select(NeighbourhoodMessage)
                                .where(NeighbourhoodMessage.organisation_id == organisation_id)
                                .order_by(NeighbourhoodMessage.starts_at.desc()).limit(limit)))
