"""Werklast: filters to the URL, the URL to figures and group table, a number to its report list."""

from dash import ALL, Input, Output, State, callback, ctx, html, no_update
from dash.exceptions import PreventUpdate

from auth.current import current_principal
from auth.guard import guard
from auth.principal import ANALYSIS_ROLES, MANAGER_ROLES
from components.filter_url import analysis_filters, filter_inputs, search_from_controls
from components.kpi import format_number
from components.workload import (
    METRIC_LABELS, age_figure, drill_row_data, flow_figure, group_columns, group_row_data, handover_table,
    kpi_buttons, lateness_figure, lead_time_table,
)
from data_access.history import newest_report_at
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.vocabulary import STATUS_LABELS
from data_access.workload_queries import (
    AGE_CLASSES, DRILL_LIMIT, LEVELS, METRICS, age_totals, daily_flow, drill_count, drill_down, handovers, stage_medians, totals,
    workload_groups,
)
from services.map_filters import load_options


def _context(search):
    session, principal, now = db_session(), current_principal(), utcnow()
    _, filters = analysis_filters(search, load_options(session), now, newest_report_at(session, principal))
    return session, principal, now, filters


def _level(level, principal) -> str:
    """Only managers (team leads) get the per-person view; anything unknown is 'organisatie'."""
    if level == "persoon" and not principal.has_any(MANAGER_ROLES):
        return "organisatie"
    return level if level in LEVELS else "organisatie"


@callback(Output("wl-url", "search"), *[Input(i, p) for i, p in filter_inputs("wl")], State("wl-url", "search"),
          prevent_initial_call=True)
@guard(*ANALYSIS_ROLES)
def workload_filters_to_url(*values):
    return search_from_controls(load_options(db_session()), values[-1], *values[:-1])


@callback(Output("wl-kpis", "children"), Output("wl-lateness", "figure"), Output("wl-groups", "rowData"),
          Output("wl-groups", "columnDefs"), Output("wl-flow", "figure"), Output("wl-age", "figure"),
          Output("wl-lead", "children"), Output("wl-handover", "children"), Output("wl-message", "children"),
          Input("wl-url", "search"), Input("wl-level", "value"))
@guard(*ANALYSIS_ROLES)
def update_workload(search, level):
    session, principal, now, filters = _context(search)
    level = _level(level, principal)
    groups = workload_groups(session, principal, filters, now, level)
    total = totals(groups)
    return (kpi_buttons(total), lateness_figure(total), group_row_data(groups), group_columns(level),
            flow_figure(daily_flow(session, principal, filters, groups)),
            age_figure(age_totals(groups)),
            lead_time_table(stage_medians(session, principal, filters)),
            handover_table(handovers(session, principal, filters)),
            [html.P(error, className="form-error") for error in filters.errors])


@callback(Output("wl-drill", "rowData"), Output("wl-drill-title", "children"),
          Input({"type": "wl-kpi", "metric": ALL}, "n_clicks"), Input("wl-groups", "cellClicked"),
          Input("wl-age", "clickData"), State("wl-url", "search"), State("wl-level", "value"),
          State("wl-groups", "rowData"), prevent_initial_call=True)
@guard(*ANALYSIS_ROLES)
def drill(_clicks, cell, age_click, search, level, group_rows):
    session, principal, now, filters = _context(search)
    level, key, label = _level(level, principal), None, ""
    if isinstance(ctx.triggered_id, dict):
        if not any(_clicks or []):
            raise PreventUpdate
        metric = ctx.triggered_id.get("metric")
    elif ctx.triggered_id == "wl-groups":
        metric, key = (cell or {}).get("colId"), (cell or {}).get("rowId")
        # the group's name only labels the title; the rows come from the server-side query
        row = next((r for r in group_rows or [] if r.get("key") == key), {})
        label = " - " + " / ".join(str(row[p]) for p in ("organisation", "team", "person") if row.get(p))
    else:
        point = ((age_click or {}).get("points") or [{}])[0]
        metric = f"leeftijd:{point.get('x')}"
    valid_age = metric and metric.startswith("leeftijd:") and metric[9:] in {n for n, _, _ in AGE_CLASSES}
    if metric not in METRICS and not valid_age:
        raise PreventUpdate
    try:
        rows = drill_down(session, principal, filters, now, metric, level if key else None, key)
    except ValueError:
        raise PreventUpdate from None
    name = METRIC_LABELS.get(metric, f"Open, {metric[9:]} oud")
    count = format_number(len(rows))
    if len(rows) >= DRILL_LIMIT:      # a capped list says so: "de eerste 2.000 van 82.537"
        total = drill_count(session, principal, filters, now, metric, level if key else None, key)
        count = f"de eerste {count} van {format_number(total)}" if total > len(rows) else count
    return drill_row_data(rows, STATUS_LABELS), f"{name}{label}: {count} meldingen"


@callback(Output("selected-report", "data"), Input("wl-drill", "cellClicked"), prevent_initial_call=True)
@guard(*ANALYSIS_ROLES)
def select_report(cell):
    try:
        return {"id": int((cell or {}).get("rowId"))}
    except (TypeError, ValueError):
        return no_update
