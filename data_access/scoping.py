"""Security scoping: the one base filter every report, incident and alert query applies.

A gemeente user never receives a police-only row; a wijkagent sees the assigned wijken; a role
that does not read reports gets nothing. Callers pass the server-built Principal.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, true

from auth.principal import Principal
from data_access.models import Alert, Incident, Report


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


def privacy_request_scope(principal: Principal | None, model=Report) -> ColumnElement[bool]:
    """The reports a privacy officer may find for one resident's request (never a list): the
    police's officer every report, the gemeente's officer shared reports only, any other role
    none. `None` is the command line of the server's operator, who holds the whole store anyway."""
    if principal is None:
        return true()
    if not principal.has_any({"privacy"}):
        return false()
    return true() if principal.is_police else model.visibility == "gedeeld"
