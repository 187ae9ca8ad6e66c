"""Wall screen callbacks: KPI tiles and ticker every 15 s (stale notice on a database outage),
and the rotation between the map and the overview (in the browser, no server round trip).

Many screens show the same thing: tiles and ticker are kept for SHARED_S seconds in the shared
cache (Redis when configured), keyed by everything that decides them (the scope, the filters and the newest change in scope),
so a changed report is shown at the next refresh; only the clock-driven counts (last hour, over
the afhandeltermijn) and the open signals may lag by at most SHARED_S.
"""

from __future__ import annotations

from dash import Input, Output, State, callback, clientside_callback, no_update
from sqlalchemy.exc import SQLAlchemyError

from auth.current import current_principal
from auth.guard import guard
from auth.principal import WALL_ROLES
from components.dates import format_time
from components.live_map import stale_notice
from components.wall import ticker, wall_tiles
from data_access.map_queries import latest_change, latest_reports, wall_counts
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.shared_cache import cache
from services.map_filters import load_options, parse_filters, report_conditions

TICKER_SIZE = 12
SHARED_S = 10


def _tiles_and_ticker(session, principal, filters, now) -> tuple[dict, list]:
    key = "wall:" + repr((session.get_bind().url.render_as_string(hide_password=True),
                          principal.reads_reports, principal.is_police, principal.limited_to_areas,
                          tuple(sorted(principal.area_codes)),
                          principal.organisation_id if principal.category_limited else None, filters.to_query(),
                          latest_change(session, principal)))
    kept = cache.get(key)
    if kept is not None:
        return kept
    # The tiles count what is open now in the wall's area and filters, whatever the map's window.
    counts = wall_counts(session, principal, report_conditions(filters, now, timed=False), now)
    latest = latest_reports(session, principal, report_conditions(filters, now), TICKER_SIZE)
    cache.set(key, (counts, latest), timeout=SHARED_S)
    return counts, latest


@callback(Output("wall-tiles", "children"), Output("wall-ticker", "children"),
          Output("wall-updated", "children"), Output("wall-stale", "children"), Output("wall-state", "data"),
          Input("wall-refresh", "n_intervals"), Input("map-location", "search"), State("wall-state", "data"))
@guard(*WALL_ROLES)
def refresh_wall(_n, search, state):
    session, principal, now = db_session(), current_principal(), utcnow()
    try:
        counts, latest = _tiles_and_ticker(session, principal, parse_filters(search, load_options(session)), now)
    except SQLAlchemyError:
        session.rollback()
        return no_update, no_update, no_update, stale_notice((state or {}).get("ok_at")), no_update
    return (wall_tiles(counts), ticker(latest), f"Bijgewerkt {format_time(now)}", [],
            {"ok_at": now.isoformat()})


clientside_callback(
    """function (n, current) {
        if (!n) { return window.dash_clientside.no_update; }
        return current.indexOf("wall-show-map") >= 0 ? "wall-views wall-show-overview" : "wall-views wall-show-map";
    }""",
    Output("wall-views", "className"), Input("wall-rotate", "n_intervals"), State("wall-views", "className"),
    prevent_initial_call=True)
