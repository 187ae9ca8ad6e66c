"""The audit you can read (/audit): who viewed which contact details, photos and exports, when and
from which page, and who views far more personal data than colleagues in the same role.

Scope: a privacy officer reads the entries of the users of the own organisation; beheerder reads
every entry, but a police-only report is named only to police users ("melding (alleen politie)").
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from auth.principal import ROLE_LABELS, Principal
from data_access.models import AuditLog, User
from data_access.privacy_queries import report_labels
from data_access.rollups import local_midnight

ACTIONS = {
    "view_contact": "Contactgegevens bekeken",
    "view_photo": "Foto bekeken",
    "export": "Export",
    "privacy_search": "Verzoek bewoner opgezocht",
    "privacy_export": "Gegevens bewoner geëxporteerd",
    "privacy_erase": "Gegevens bewoner gewist",
}
PERSONAL_VIEWS = ("view_contact", "view_photo")       # what the heavy-use flag counts
FACTOR, MIN_VIEWS = 3, 10
RULE = (f"Opvallend: iemand die in deze periode meer dan {FACTOR} keer zoveel contactgegevens en foto's "
        f"bekeek als de mediaan van de collega's met dezelfde rol en organisatie, en minstens "
        f"{MIN_VIEWS} keer. Dat is geen oordeel: vraag wat de reden was.")
MAX_ROWS = 5000


@dataclass(frozen=True)
class Period:
    first: date
    last: date           # inclusive, local days

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return local_midnight(self.first), local_midnight(self.last + timedelta(days=1))


def _user_scope(principal: Principal) -> ColumnElement[bool]:
    """Whose entries the principal reads: the own organisation's users (beheerder: all)."""
    if principal.has_any({"beheerder"}):
        return true()
    if principal.has_any({"privacy"}):
        return User.organisation_id == principal.organisation_id
    return false()


def scoped_users(session: Session, principal: Principal) -> list[User]:
    return list(session.scalars(select(User).where(_user_scope(principal)).order_by(User.username)))


def _roles(user: User) -> str:
    return ", ".join(ROLE_LABELS.get(r.role, r.role) for r in sorted(user.roles, key=lambda r: r.role))


def _object(row, principal: Principal) -> str:
    entry, reference, visibility = row
    if entry.object_type == "report":
        if reference is None:
            return "melding"
        if visibility == "politie" and not principal.is_police:
            return "melding (alleen politie)"
        return f"melding {reference}"
    if entry.action == "export":
        return f"export {entry.object_type}"
    if entry.object_type == "bewoner":
        return f"verzoek {entry.object_id}".strip()
    return entry.object_type or "-"


def audit_entries(session: Session, principal: Principal, period: Period,
                  user_id: int | None = None) -> list[dict]:
    """The entries of the period (newest first, at most MAX_ROWS) as grid rows ("wanneer" is the
    moment itself; the page writes it)."""
    start, end = period.bounds
    conditions = [AuditLog.action.in_(list(ACTIONS)), AuditLog.at >= start, AuditLog.at < end,
                  _user_scope(principal)]
    if user_id is not None:
        conditions.append(AuditLog.user_id == user_id)
    entries = session.scalars(select(AuditLog).join(User, User.id == AuditLog.user_id).where(*conditions)
                              .order_by(AuditLog.at.desc()).limit(MAX_ROWS)).all()
    report_ids = {int(e.object_id) for e in entries if e.object_type == "report" and e.object_id.isdigit()}
    reports = report_labels(session, report_ids)
    rows = [(e, *reports.get(int(e.object_id) if e.object_id.isdigit() else -1, (None, None))) for e in entries]
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_({e.user_id for e in entries})))}
    return [{"wanneer": row[0].at, "gebruiker": row[0].username,
             "rol": _roles(users[row[0].user_id]) if row[0].user_id in users else "-",
             "wat": ACTIONS[row[0].action], "object": _object(row, principal),
             "pagina": row[0].source or "-"} for row in rows]


def heavy_viewers(session: Session, principal: Principal, period: Period) -> list[dict]:
    """Personal-data views per user in the period, each against the median of the colleagues with
    the same roles and organisation (colleagues without views count as 0); flagged per RULE."""
    start, end = period.bounds
    counts = dict(session.execute(
        select(AuditLog.user_id, func.count()).join(User, User.id == AuditLog.user_id)
        .where(AuditLog.action.in_(PERSONAL_VIEWS), AuditLog.at >= start, AuditLog.at < end,
               _user_scope(principal))
        .group_by(AuditLog.user_id)).all())
    users = [u for u in scoped_users(session, principal) if u.active or u.id in counts]
    groups: dict[tuple, list[User]] = {}
    for user in users:
        groups.setdefault((user.organisation_id, tuple(sorted(r.role for r in user.roles))), []).append(user)
    rows = []
    for members in groups.values():
        for user in members:
            views = counts.get(user.id, 0)
            if not views:
                continue
            colleagues = [counts.get(other.id, 0) for other in members if other.id != user.id]
            median = statistics.median(colleagues) if colleagues else None
            flagged = median is not None and views >= MIN_VIEWS and views > FACTOR * median
            rows.append({"gebruiker": user.username, "rol": _roles(user), "inzagen": views,
                         "mediaan": "-" if median is None else f"{median:g}".replace(".", ","),
                         "opvallend": "ja" if flagged else "nee"})
    return sorted(rows, key=lambda r: (r["opvallend"] != "ja", -r["inzagen"], r["gebruiker"]))
