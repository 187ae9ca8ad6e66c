"""Wandscherm: the live map, KPI tiles, urgent queue and ticker for the meldkamer and regie.

Configured by its URL only (no mouse): area=<buurt or wijk code>, org, the map filters, and
rotate=<seconds> to alternate between the map and the overview.
"""

import dash
from flask import current_app

from auth.principal import WALL_ROLES
from components.live_map import buurt_collection
from components.page_access import protected_layout
from components.wall import wall_layout
from data_access.map_queries import buurt_shapes
from data_access.request_session import db_session
from services.map_filters import load_options, parse_filters
from services.region_context import current_region

dash.register_page(__name__, path="/wall", name="Wandscherm", title="Wandscherm - HNM Dashboard",
                   access=WALL_ROLES, nav_order=70)


@protected_layout(WALL_ROLES)
def layout(principal, **query):
    session, settings = db_session(), current_app.config["HNM_SETTINGS"]
    options = load_options(session)
    filters = parse_filters(query, options)
    title = options.areas.get(filters.area, current_region().name) + " - nu"
    return wall_layout(title, buurt_collection(buurt_shapes(session)), settings.tile_url,
                       settings.tile_attribution, filters.rotate, settings.is_demo)
