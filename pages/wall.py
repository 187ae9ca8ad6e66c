"""Wandscherm (placeholder until the wall-screen issue): big KPI tiles, dark theme."""

import dash
from dash import html

from auth.principal import WALL_ROLES
from components.kpi import kpi_row, kpi_tile
from components.page_access import protected_layout
from data_access.models import utcnow
from data_access.overview import headline_counts
from data_access.request_session import db_session

dash.register_page(__name__, path="/wall", name="Wandscherm", title="Wandscherm - HNM Dashboard",
                   access=WALL_ROLES, nav_order=70)


@protected_layout(WALL_ROLES)
def layout(principal, **_):
    c = headline_counts(db_session(), principal, utcnow())
    return html.Div([
        html.H1("Wateringse Veld - nu"),
        kpi_row([kpi_tile("Open spoed", c["open_urgent"], "wall-urgent", "alert"),
                 kpi_tile("Nieuw afgelopen uur", c["last_hour"], "wall-hour", "neutral"),
                 kpi_tile("Over de termijn", c["overdue"], "wall-overdue", "warn")]),
    ], className="page wall-page")
