"""The map's report filters (services.map_filters: same URL keys, same server-side validation) on
the analysis pages: a filter bar with page-specific ids and the conversion to a ReportFilters
(period + SQL conditions) for the queries. Analysis pages default to the last 30 days, or, when
nothing arrived in them (a history that ended earlier), to the 30 days up to the newest report."""

from __future__ import annotations

from datetime import datetime

from dash import dcc, html

from components.dates import date_range_picker
from data_access.timeline_queries import ReportFilters
from services.map_filters import (
    URGENCY, WINDOWS, FilterOptions, MapFilters, from_controls, parse_filters, parse_with_history,
    report_conditions,
)

ANALYSIS_WINDOW = "30d"
CONTROLS = ("main", "org", "urgent", "channel", "buurt")


def analysis_filters(query: str | dict | None, options: FilterOptions, now,
                     newest: datetime | None = None) -> tuple[MapFilters, ReportFilters]:
    """Validated filters from a query string or Dash pages' kwargs (unknown values dropped with a notice).
    `newest`: the newest report in scope; without a chosen period and with nothing in the last 30
    days the period becomes the 30 days up to it, with a notice that says so."""
    chosen = parse_with_history(query, options, now, newest, ANALYSIS_WINDOW)
    since, until = chosen.time_range(now)
    return chosen, ReportFilters(start=since, end=until or now,
                                 conditions=tuple(report_conditions(chosen, now, timed=False)),
                                 errors=chosen.notices)


def search_from_controls(options: FilterOptions, search: str | None, window, start, end, *values) -> str:
    """The query string for the filter bar's values; the window is always written (the map's
    default differs from the analysis default)."""
    chosen = from_controls(window, start, end, dict(zip(CONTROLS, values)), parse_filters(search or "", options),
                           options)
    query = chosen.to_query()
    if "window=" not in query:
        query = (query + "&" if query else "?") + f"window={chosen.window}"
    return query


def _dropdown(control_id: str, label: str, options: dict[str, str], value, multi: bool = True) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id),
                     dcc.Dropdown(id=control_id, options=[{"label": v, "value": k} for k, v in options.items()],
                                  value=value, multi=multi, placeholder="Alle", clearable=True)],
                    className="filter-field")


def filter_bar(prefix: str, chosen: MapFilters, options: FilterOptions) -> html.Div:
    """Period, date range, main category, organisation, urgency, channel, buurt (ids f"{prefix}-f-...")."""
    return html.Div([
        html.Div([html.Label("Periode", htmlFor=f"{prefix}-f-window"),
                  dcc.Dropdown(id=f"{prefix}-f-window", options=[{"label": label, "value": key}
                                                                 for key, (label, _) in WINDOWS.items()],
                               value=chosen.window, clearable=False)], className="filter-field"),
        html.Div([html.Label("Van - tot", htmlFor=f"{prefix}-f-range"),
                  date_range_picker(f"{prefix}-f-range", chosen.start, chosen.end)],
                 className="filter-field"),
        _dropdown(f"{prefix}-f-main", "Hoofdcategorie", options.main, list(chosen.main)),
        _dropdown(f"{prefix}-f-org", "Organisatie", options.organisations, chosen.org, multi=False),
        _dropdown(f"{prefix}-f-urgent", "Urgentie", URGENCY, chosen.urgent, multi=False),
        _dropdown(f"{prefix}-f-channel", "Kanaal", options.channels, list(chosen.channel)),
        _dropdown(f"{prefix}-f-buurt", "Buurt", options.buurten, list(chosen.buurt)),
    ], className="filter-bar", role="search", **{"aria-label": "Filters"})


def filter_inputs(prefix: str) -> list[tuple[str, str]]:
    """(component id, property) of the filter bar's controls, in search_from_controls' order."""
    return [(f"{prefix}-f-window", "value"), (f"{prefix}-f-range", "start_date"),
            (f"{prefix}-f-range", "end_date")] + [(f"{prefix}-f-{key}", "value") for key in CONTROLS]
