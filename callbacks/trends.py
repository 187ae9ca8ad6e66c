"""Trends: KPIs with comparisons and the per-buurt small multiples for the chosen period."""

from __future__ import annotations

from dash import Input, Output, callback, html, no_update

from auth.current import current_principal
from auth.guard import guard
from auth.principal import MANAGER_ROLES
from components.feedback import export_links
from components.trends import (
    channel_figure, comparison_tiles, evaluation_href, group_rows, period_title, small_multiples,
)
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.trend_queries import compare, series_by_group, totals
from services.exports import parse_period, parse_trend_choice


@callback(Output("tr-title", "children"), Output("tr-tiles", "children"), Output("tr-groups", "rowData"),
          Output("tr-channels", "figure"), Output("tr-export", "children"), Output("tr-message", "children"),
          Input("tr-kind", "value"), Input("tr-day", "date"), Input("tr-group", "value"))
@guard(*MANAGER_ROLES)
def update_kpis(kind, day, group):
    try:
        kind, day, group = parse_trend_choice(kind, day, group)
    except ValueError as err:
        return (no_update,) * 5 + (html.P(str(err), className="form-error"),)
    session, principal = db_session(), current_principal()
    grouped = compare(session, principal, kind, day, utcnow(), group)
    total = totals(grouped)
    title = period_title(grouped.current, grouped.previous, grouped.year_earlier)
    params = f"?periode={kind}&datum={day.isoformat()}&per={group}"
    return (title, comparison_tiles(total), group_rows(grouped), channel_figure(grouped, total),
            export_links("trends", params), None)


@callback(Output("tr-evaluation", "href"), Output("tr-evaluation-note", "children"),
          Input("tr-eval-period", "start_date"), Input("tr-eval-period", "end_date"), prevent_initial_call=True)
@guard(*MANAGER_ROLES)
def choose_evaluation_period(start, end):
    try:
        first, last = parse_period(start, end)
    except ValueError as err:
        return no_update, html.Span(str(err), className="form-error")
    return evaluation_href(first, last), "Afdrukbaar, ook als pdf via 'Afdrukken'."


@callback(Output("tr-multiples", "figure"), Input("tr-kind", "value"), Input("tr-day", "date"))
@guard(*MANAGER_ROLES)
def update_multiples(kind, day):
    try:
        kind, day, _ = parse_trend_choice(kind, day, "buurt")
    except ValueError:
        return no_update
    periods, series = series_by_group(db_session(), current_principal(), kind, day, "buurt")
    return small_multiples(periods, series)
