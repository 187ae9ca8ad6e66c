"""Live kaart: the reports this role may see, live, with filters kept in the URL."""

import dash
from dash import dcc, html
from flask import current_app

from auth.principal import MAP_ROLES
from components.live_map import buurt_collection, filter_bar, legend, live_block
from components.page_access import protected_layout
from components.report_panel import report_panel
from data_access.map_queries import buurt_shapes
from data_access.history import newest_report_at
from data_access.models import utcnow
from data_access.request_session import db_session
from services.map_filters import load_options, parse_with_history
from services.region_context import current_region

dash.register_page(__name__, path="/kaart", name="Live kaart", title="Live kaart - HNM Dashboard",
                   access=MAP_ROLES, nav_order=10)


@protected_layout(MAP_ROLES)
def layout(principal, **query):
    session, settings = db_session(), current_app.config["HNM_SETTINGS"]
    options = load_options(session)
    filters = parse_with_history({k: v for k, v in query.items() if isinstance(v, str)}, options, utcnow(),
                                 newest_report_at(session, principal))
    return html.Div([
        dcc.Location(id="map-location", refresh=False),
        html.H1("Live kaart"),
        filter_bar(filters, options),
        html.Div([
            html.Div(live_block(buurt_collection(buurt_shapes(session)), settings.tile_url,
                                settings.tile_attribution, zoom=current_region().zoom), className="map-main"),
            html.Div([html.H2("Open spoed"), html.Div(id="map-queue", className="map-queue"),
                      legend(options)], className="map-side"),
        ], className="map-layout"),
        dcc.Store(id="selected-report"),
        dcc.Store(id="map-open-report", data=_report_id(query.get("melding"))),
        report_panel(),
    ], className="page live-map-page")


def _report_id(value) -> int | None:
    """`?melding=<id>` (a search result): the panel opens on it; the server checks the scope."""
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None
