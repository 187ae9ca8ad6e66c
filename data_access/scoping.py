"""Security scoping: the one base filter every report, incident and alert query applies.

A gemeente user never receives a police-only row; a wijkagent sees the assigned wijken; a role
that does not read reports gets nothing. Callers pass the server-built Principal.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, true

from auth.principal import Principal
from data_access.models import Alert, Incident, Report, ReportEvent

SHARED, POLICE = "gedeeld", "politie"
VISIBILITIES = (SHARED, POLICE)          # from least to most restricted


def strictest(*visibilities: str) -> str:
    """The visibility of a text derived from these sources: the most restricted one wins.
    An unknown value counts as police-only (fail closed)."""
    return max(visibilities, key=lambda v: VISIBILITIES.index(v) if v in VISIBILITIES else len(VISIBILITIES))


def report_scope(principal: Principal, model=Report) -> ColumnElement[bool]:
    if not principal.reads_reports:
        return false()
    clauses = []
    if not principal.is_police:
        clauses.append(model.visibility == "gedeeld")
    if principal.limited_to_areas and model is Report:
        if not principal.area_codes:
            return false()
        clauses.append(Report.wijk_code.in_(sorted(principal.area_codes)))
    return and_(true(), *clauses)


def incident_scope(principal: Principal) -> ColumnElement[bool]:
    return report_scope(principal, Incident)


def alert_scope(principal: Principal) -> ColumnElement[bool]:
    return report_scope(principal, Alert)


def event_scope(principal: Principal) -> ColumnElement[bool]:
    """Timeline events: on top of their report's scope, an event that quotes a police-only record
    (a police incident's title) is for the police only."""
    return report_scope(principal, ReportEvent)
