"""Live map callbacks (/kaart and the map on /wall): load, cheap live poll with Patch, filters in
the URL, urgent announcement and acknowledgement, clicks that open the report panel.

The cursor in the browser is only "what I have"; scope and filters are applied on the server on
every request, from the session's Principal and the validated URL.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dash import (
    ALL, ClientsideFunction, Input, Output, Patch, State, callback, clientside_callback, ctx, html, no_update,
    strip_relative_path,
)
from dash.exceptions import PreventUpdate
from flask import session as flask_session
from sqlalchemy.exc import SQLAlchemyError

from auth.current import current_principal
from auth.guard import guard
from auth.principal import LIVE_ROLES, MAP_ROLES
from components.live_map import (
    cell_feature, collection, hideout, plain, point_features, queue_list, stale_notice, urgent_banner,
)
from data_access.map_queries import (
    changes_since, grid_cells, latest_change, main_category_slugs, map_points, points_by_id, urgent_count,
    urgent_queue,
)
from components.wall import queue_rows_that_fit
from data_access.history import newest_report_at
from data_access.models import utcnow
from data_access.request_session import db_session
from services.map_filters import (
    area_conditions, from_controls, load_options, parse_filters, parse_with_history, report_conditions,
)

MAX_POINTS = 5_000          # above this the map shows 100 m cells instead of points
MAX_CELLS = 5_000
MAX_APPEND = 200            # more changes than this in one poll: reload instead of patching
ACK_KEY = "hnm_urgent_seen"
ANNOUNCE_WINDOW = timedelta(hours=1)
QUEUE_SIZE = 8               # /kaart; the wall shows as many of these as fit on its screen


def _on_wall(pathname: str | None) -> bool:
    return strip_relative_path(pathname or "") == "wall"


def _announce_since(now: datetime) -> datetime:
    seen = flask_session.get(ACK_KEY)
    since = now - ANNOUNCE_WINDOW
    return max(since, datetime.fromisoformat(seen)) if seen else since


def _urgent(session, principal, filters, now, on_wall):
    """(banner, highlight ids, queue) for the principal's open urgent reports. The announced ones
    are the queue's newest received after the last 'Gezien' (both newest first, same size). The
    wall lists only the rows that fit on its screen (more on the whole width: rotate=N); "+N meer"
    counts the rest, so no row is ever cut off unseen."""
    conditions = area_conditions(filters)
    queue = urgent_queue(session, principal, conditions, QUEUE_SIZE)
    total = urgent_count(session, principal, conditions) if len(queue) == QUEUE_SIZE else len(queue)
    since = _announce_since(now)
    fresh = [item for item in queue if item.received_at > since]
    shown = queue[:queue_rows_that_fit(queue, total, bool(filters.rotate))] if on_wall else queue
    return (plain(urgent_banner(fresh)), [item.report_id for item in fresh],
            plain(queue_list(shown, clickable=True, now=now, total=total)))


def _filters(session, principal, search, now):
    """The URL's filters; without a period and with nothing in the last 24 hours: the history's end."""
    return parse_with_history(search, load_options(session), now, newest_report_at(session, principal))


def _view(session, principal, search, now, on_wall):
    """Everything the map shows for this URL: features, clustering, notices, urgent, cursor."""
    filters = _filters(session, principal, search, now)
    conditions = report_conditions(filters, now)
    cursor = latest_change(session, principal)
    notices = list(filters.notices)
    points = map_points(session, principal, conditions, MAX_POINTS)
    if points is None:
        cells = grid_cells(session, principal, report_conditions(filters, now, timed=False),
                           *filters.time_range(now), MAX_CELLS)
        features, mode = [cell_feature(c) for c in cells], "grid"
        notices.append(f"Meer dan {MAX_POINTS:,} meldingen: de kaart toont aantallen per vak van 100 m. "
                       "Kies een kortere periode of filter voor losse meldingen; de vakken worden elke "
                       "5 minuten ververst.".replace(",", "."))
    else:
        slugs = main_category_slugs(session)
        features, mode = point_features(points, slugs), "points"
    banner, highlight, queue = _urgent(session, principal, filters, now, on_wall)
    state = {"at": cursor.isoformat() if cursor else None, "mode": mode, "count": len(features),
             "ok_at": now.isoformat()}
    return (collection(features), mode == "points", hideout(highlight), state,
            plain([notice_line(n) for n in notices]), banner, queue, [])


def notice_line(text: str) -> html.P:
    return html.P(text, className="map-notice")


VIEW_OUTPUTS = [Output("map-reports", "data"), Output("map-reports", "cluster"),
                Output("map-reports", "hideout"), Output("map-cursor", "data"),
                Output("map-notices", "children"), Output("map-urgent-banner", "children"),
                Output("map-queue", "children"), Output("map-stale", "children")]


@callback(*VIEW_OUTPUTS, Input("map-location", "search"), Input("map-refresh", "n_intervals"),
          State("map-cursor", "data"), State("map-location", "pathname"))
@guard(*LIVE_ROLES)
def load_map(search, _n, cursor, pathname):
    try:
        return _view(db_session(), current_principal(), search, utcnow(), _on_wall(pathname))
    except SQLAlchemyError:
        db_session().rollback()
        return (*[no_update] * 7, stale_notice((cursor or {}).get("ok_at")))


# In the browser: GET /live/nieuw (api/live.py) each poll; the server callback below runs only when
# something changed or the answer was unknown.
clientside_callback(ClientsideFunction("hnmLive", "pollNewer"), Output("map-poll-hit", "data"),
                    Input("map-poll", "n_intervals"), State("map-cursor", "data"), prevent_initial_call=True)


@callback(*[Output(o.component_id, o.component_property, allow_duplicate=True) for o in VIEW_OUTPUTS],
          Input("map-poll-hit", "data"), State("map-cursor", "data"), State("map-location", "search"),
          State("map-location", "pathname"), prevent_initial_call=True)
@guard(*LIVE_ROLES)
def poll_map(_n, cursor, search, pathname):
    """Something changed (or the quick check failed): a Patch that appends new reports, a reload, or
    the stale notice during a database outage; idle, one indexed query and an empty answer."""
    if not cursor:
        raise PreventUpdate
    session, principal, now = db_session(), current_principal(), utcnow()
    try:
        latest = latest_change(session, principal)
        since = datetime.fromisoformat(cursor["at"]) if cursor.get("at") else None
        if latest is None or (since is not None and latest <= since):
            if not cursor.get("stale"):
                raise PreventUpdate
            return (*[no_update] * 3, {**cursor, "stale": False, "ok_at": now.isoformat()},
                    *[no_update] * 3, [])
        return _changes(session, principal, cursor, since, latest, search, now, _on_wall(pathname))
    except SQLAlchemyError:
        session.rollback()
        return (*[no_update] * 3, {**cursor, "stale": True}, *[no_update] * 3, stale_notice(cursor.get("ok_at")))


def _changes(session, principal, cursor, since, latest, search, now, on_wall):
    changes = changes_since(session, principal, since, MAX_APPEND + 1) if since else None
    new = [c for c in changes or [] if c.received_at > since and not c.in_incident]
    reload = (changes is None or len(changes) > MAX_APPEND or len(new) < len(changes)
              or cursor.get("count", 0) + len(new) > MAX_POINTS)
    filters = _filters(session, principal, search, now)
    if cursor.get("mode") == "grid":
        reload = False          # cells are refreshed by the periodic reload, not per report
        new = []
    if reload:
        return _view(session, principal, search, now, on_wall)
    points = points_by_id(session, principal, report_conditions(filters, now), [c.report_id for c in new])
    slugs = main_category_slugs(session)
    data = Patch()
    data["features"].extend(point_features(points, slugs))
    banner, highlight, queue = _urgent(session, principal, filters, now, on_wall)
    marks = Patch()
    marks["highlight"] = highlight
    state = {**cursor, "at": latest.isoformat(), "count": cursor.get("count", 0) + len(points),
             "ok_at": now.isoformat(), "stale": False}
    return data if points else no_update, no_update, marks, state, no_update, banner, queue, []


@callback(Output("map-urgent-banner", "children", allow_duplicate=True),
          Output("map-reports", "hideout", allow_duplicate=True),
          Input("map-ack", "n_clicks"), prevent_initial_call=True)
@guard(*LIVE_ROLES)
def acknowledge_urgent(n_clicks):
    """'Gezien': the urgent reports announced so far stop being announced to this user."""
    if not n_clicks:
        raise PreventUpdate
    flask_session[ACK_KEY] = utcnow().isoformat()
    marks = Patch()
    marks["highlight"] = []
    return [], marks


@callback(Output("map-location", "search"),
          Input("map-window", "value"), Input("map-range", "start_date"), Input("map-range", "end_date"),
          Input("map-main", "value"), Input("map-sub", "value"), Input("map-org", "value"),
          Input("map-status", "value"), Input("map-urgent", "value"), Input("map-channel", "value"),
          Input("map-buurt", "value"), State("map-location", "search"), prevent_initial_call=True)
@guard(*MAP_ROLES)
def apply_filters(window, start, end, main, sub, org, status, urgent, channel, buurt, search):
    """Filter bar -> URL query string (shareable); the map reloads from the URL."""
    options = load_options(db_session())
    selections = {"main": main, "sub": sub, "org": org, "status": status, "urgent": urgent,
                  "channel": channel, "buurt": buurt}
    query = from_controls(window, start, end, selections, parse_filters(search, options), options).to_query()
    if query == (search or ""):
        raise PreventUpdate
    return query


@callback(Output("selected-report", "data", allow_duplicate=True), Input("map-reports", "clickData"),
          prevent_initial_call=True)
@guard(*MAP_ROLES)
def select_from_map(feature):
    """A click on a single marker or incident opens the report panel; clusters only zoom."""
    props = (feature or {}).get("properties") or {}
    if props.get("cluster") or props.get("g") or not isinstance(props.get("id"), int):
        raise PreventUpdate
    return {"id": props["id"]}


@callback(Output("selected-report", "data", allow_duplicate=True),
          Input({"type": "map-queue-item", "index": ALL}, "n_clicks"), prevent_initial_call=True)
@guard(*MAP_ROLES)
def select_from_queue(clicks):
    if not ctx.triggered_id or not any(clicks or []):
        raise PreventUpdate
    return {"id": int(ctx.triggered_id["index"])}


@callback(Output("selected-report", "data", allow_duplicate=True), Input("map-open-report", "data"),
          prevent_initial_call="initial_duplicate")
@guard(*MAP_ROLES)
def select_from_link(report_id):
    """/kaart?melding=<id> (a search result) opens that report's panel (get_report checks the scope)."""
    if not isinstance(report_id, int):
        raise PreventUpdate
    return {"id": report_id}
