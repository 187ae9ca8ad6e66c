"""Security scoping in one place: one registry of scope rules per model that holds report content,
applied by the query helpers below (like Superset's DAO base filters).

Every rule is the same conditions, on each model's own columns:
- visibility: a user outside the police never receives a police-only row;
- sharing: an organisation whose sharing rules (data_access/sharing.py, the region file) show it
  some categories only - a partner - receives the shared rows of those categories, and the reports
  handed over to it;
- area: a wijkagent (without a control-room, manager or wall role) sees only the assigned wijken,
  for every model alike; a wijkagent without wijken sees nothing of these models.
A role that does not read reports gets nothing. Callers pass the server-built Principal.

Outside data_access a query over these models goes through `scoped_select`; system work that must
see every row (intake, detection, imports, the demo, delivery) says so with `unscoped_select` /
`unscoped_update`, and tests/unit/test_structural_scoping.py keeps both rules true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, delete, false, inspect, or_, select, true, update

from auth.principal import Principal
from data_access.models import (
    Alert, Area, Category, CategorySharing, FeedPost, Incident, IncidentProposal, Report, ReportEvent, ReportPhoto,
)

SHARED, POLICE = "gedeeld", "politie"
VISIBILITIES = (SHARED, POLICE)          # from least to most restricted


def strictest(*visibilities: str) -> str:
    """The visibility of a text derived from these sources: the most restricted one wins.
    An unknown value counts as police-only (fail closed)."""
    return max(visibilities, key=lambda v: VISIBILITIES.index(v) if v in VISIBILITIES else len(VISIBILITIES))


# the subqueries never correlate with an outer query over the same table (correlate(None))
def _buurten_of(wijken: list[str]):
    return select(Area.code).where(Area.parent_code.in_(wijken)).correlate(None)


def _reports_in(wijken: list[str]):
    return select(Report.id).where(Report.wijk_code.in_(wijken)).correlate(None)


def _shared(entity) -> ColumnElement[bool]:
    return entity.visibility == SHARED


def _seen_categories(principal: Principal):
    """The categories whose shared rows the principal's organisation sees by the sharing rules
    (a main category only when it sees all of its sub categories: the row says so)."""
    return (select(CategorySharing.category_id)
            .where(CategorySharing.organisation_id == principal.organisation_id, CategorySharing.sees.is_(True))
            .correlate(None))


def _report_shared_with(entity, principal: Principal) -> ColumnElement[bool]:
    """A report the rules show the principal's organisation, or one handed over to it."""
    return or_(entity.category_id.in_(_seen_categories(principal)), entity.organisation_id == principal.organisation_id)


def _reports_shared_with(principal: Principal):
    return select(Report.id).where(_shared(Report), _report_shared_with(Report, principal)).correlate(None)


def _by_report(entity, principal: Principal) -> ColumnElement[bool]:
    return entity.report_id.in_(_reports_shared_with(principal))


@dataclass(frozen=True)
class ScopeRule:
    shared_only: Callable[[object], ColumnElement[bool]] | None   # the rows a non-police user may see
    in_areas: Callable[[object, list[str]], ColumnElement[bool]]  # (entity, wijk codes) -> condition
    # (entity, principal) -> the rows the sharing rules show an organisation limited to some categories
    by_sharing: Callable[[object, Principal], ColumnElement[bool]]


SCOPE_RULES: dict[type, ScopeRule] = {
    Report: ScopeRule(_shared, lambda e, wijken: e.wijk_code.in_(wijken), _report_shared_with),
    Incident: ScopeRule(_shared, lambda e, wijken: e.buurt_code.in_(_buurten_of(wijken)),
                        lambda e, p: or_(e.main_category_id.in_(_seen_categories(p)),
                                         e.organisation_id == p.organisation_id)),
    # an alert's area is a buurt, or a wijk for a spike of one channel (no category: not for partners)
    Alert: ScopeRule(_shared, lambda e, wijken: or_(e.area_code.in_(wijken), e.area_code.in_(_buurten_of(wijken))),
                     lambda e, p: e.main_category_id.in_(_seen_categories(p))),
    IncidentProposal: ScopeRule(_shared, lambda e, wijken: e.report_id.in_(_reports_in(wijken)), _by_report),
    ReportEvent: ScopeRule(_shared, lambda e, wijken: e.report_id.in_(_reports_in(wijken)), _by_report),
    ReportPhoto: ScopeRule(lambda e: e.report_id.in_(select(Report.id).where(_shared(Report)).correlate(None)),
                           lambda e, wijken: e.report_id.in_(_reports_in(wijken)), _by_report),
    # posts from public neighbourhood apps and social media: no police-only ones; a partner sees
    # those proposed as a category it sees
    FeedPost: ScopeRule(None, lambda e, wijken: e.wijk_code.in_(wijken),
                        lambda e, p: e.proposed_category.in_(
                            select(Category.slug).where(Category.id.in_(_seen_categories(p))).correlate(None))),
}


def scope(principal: Principal, entity=Report) -> ColumnElement[bool]:
    """The principal's condition on `entity` (a registered model or an alias of one)."""
    model = inspect(entity).mapper.class_
    rule = SCOPE_RULES.get(model)
    if rule is None:
        raise LookupError(f"no scope rule for {model.__name__}")
    if not principal.reads_reports:
        return false()
    clauses = []
    if rule.shared_only is not None and not principal.is_police:
        clauses.append(rule.shared_only(entity))
    if principal.category_limited and not principal.is_police:
        clauses.append(rule.by_sharing(entity, principal))
    if principal.limited_to_areas:
        if not principal.area_codes:
            return false()
        clauses.append(rule.in_areas(entity, sorted(principal.area_codes)))
    return and_(true(), *clauses)


def scoped_select(principal: Principal, entity, *columns) -> Select:
    """SELECT `columns` (default: the entity) with the principal's scope on `entity` applied."""
    return select(*(columns or (entity,))).where(scope(principal, entity))


def unscoped_select(*entities) -> Select:
    """SELECT without any scope: only for system work that must see every row (intake, detection,
    imports, the demo, delivery, a resident's own token). The allowed modules are listed in
    tests/unit/test_structural_scoping.py."""
    return select(*entities)


def unscoped_update(model):
    """UPDATE without any scope (system work only; see unscoped_select)."""
    return update(model)


def unscoped_delete(model):
    """DELETE without any scope (system work only; see unscoped_select)."""
    return delete(model)


# The names the data layer's query modules use.
def report_scope(principal: Principal, model=Report) -> ColumnElement[bool]:
    return scope(principal, model)


def incident_scope(principal: Principal) -> ColumnElement[bool]:
    return scope(principal, Incident)


def alert_scope(principal: Principal) -> ColumnElement[bool]:
    return scope(principal, Alert)


def event_scope(principal: Principal) -> ColumnElement[bool]:
    """Timeline events: on top of their report's scope, an event that quotes a police-only record
    (a police incident's title) is for the police only."""
    return scope(principal, ReportEvent)


def privacy_request_scope(principal: Principal | None, model=Report) -> ColumnElement[bool]:
    """The reports a privacy officer may find for one resident's request (never a list): the
    police's officer every report, the gemeente's officer shared reports only, a partner's officer
    the shared reports its sharing rules show it, any other role none. `None` is the command line
    of the server's operator, who holds the whole store anyway."""
    if principal is None:
        return true()
    if not principal.has_any({"privacy"}):
        return false()
    if principal.is_police:
        return true()
    if principal.category_limited:
        return and_(model.visibility == SHARED, _report_shared_with(model, principal))
    return model.visibility == SHARED
