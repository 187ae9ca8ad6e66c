"""Live map building blocks: GeoJSON features, the map with its layers, legend, filter bar, banner.

Features carry only what a marker needs (id, urgent, main category code, number of reporters);
the JS functions that draw them live in assets/map.js on the dashExtensions.hnmMap namespace.
"""

from __future__ import annotations

import json
from datetime import datetime

import dash_leaflet as dl
from dash import dcc, html
from dash_extensions.javascript import Namespace

from components.dates import date_range_picker, format_age, format_datetime, format_time
from components.palette import CATEGORY_STYLES, FALLBACK_STYLE, category_style
from services.map_filters import URGENCY, WINDOWS, FilterOptions, MapFilters

JS = Namespace("dashExtensions", "hnmMap")
POLL_MS = 5_000
REFRESH_MS = 5 * 60_000        # full reload: slides the time window, keeps long-running screens small
# marker code -> how assets/map.js draws it: shape, fill and text colour (components/palette.py)
MARKS = {style.code: {"shape": style.shape, "fill": style.colour, "ink": style.ink}
         for style in CATEGORY_STYLES.values()}


def stale_notice(ok_at: str | None) -> str:
    """Shown while the database cannot be reached; `ok_at` is the last good refresh (ISO, UTC)."""
    since = f"gegevens van {format_time(datetime.fromisoformat(ok_at))}" if ok_at else "geen actuele gegevens"
    return f"Let op: {since}. De database is even niet bereikbaar; het scherm probeert het steeds opnieuw."


def point_features(points, category_slugs: dict[int, str]) -> list[dict]:
    """GeoJSON points (coordinates to ~1 m) in one tight loop: the 24-hour view has thousands."""
    codes = {cid: category_style(slug).code for cid, slug in category_slugs.items()}
    fallback = FALLBACK_STYLE.code
    features = []
    for report_id, lat, lon, urgent, category_id, reporters in points:
        properties = {"id": report_id, "u": int(urgent), "c": codes.get(category_id, fallback)}
        if reporters > 1:
            properties["n"] = reporters
        # round(x * 1e5) / 1e5: the same ~1 m as round(x, 5), at a third of its cost per point
        geometry = {"type": "Point", "coordinates": [round(lon * 1e5) / 1e5, round(lat * 1e5) / 1e5]}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return features


def plain(node):
    """Components as the JSON dicts Dash sends for them. One component object in an answer makes
    Dash's encoder walk every map point in Python (25 ms for 3,000 points instead of 2 ms)."""
    if hasattr(node, "to_plotly_json"):
        data = node.to_plotly_json()
        return {**data, "props": {key: plain(value) for key, value in data["props"].items()}}
    if isinstance(node, (list, tuple)):
        return [plain(item) for item in node]
    return node


def cell_feature(cell) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [cell.lon, cell.lat]},
            "properties": {"g": 1, "n": cell.count, "u": cell.urgent}}


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def hideout(highlight: list[int]) -> dict:
    return {"marks": MARKS, "highlight": highlight}


def buurt_collection(shapes: list[tuple[str, str, str]]) -> dict:
    return collection([{"type": "Feature", "geometry": json.loads(geometry),
                        "properties": {"code": code, "name": name}} for code, name, geometry in shapes])


def _bounds(buurten: dict) -> list[list[float]] | None:
    """[[south, west], [north, east]] around all buurten, so the map opens on the whole area."""
    points = [point for feature in buurten["features"]
              for ring in feature["geometry"].get("coordinates", [])[:1] for point in ring
              if feature["geometry"]["type"] == "Polygon"]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def live_map(buurten: dict, tile_url: str, tile_attribution: str, zoom: int | None = 14,
             cluster_radius: int = 60, **map_options) -> dl.MapContainer:
    """Tiles (optional: without them the buurten and reports still show), buurten, reports; the
    view opens on the middle of the buurten at `zoom` (the region's, data_access/region.py), or with
    `zoom=None` fitted to the buurten.
    `cluster_radius` is supercluster's (in 512ths of a tile: about half as many screen pixels)."""
    bounds = _bounds(buurten)
    # dash-leaflet opens on center and zoom when it has both, else it fits the bounds (it needs a
    # center all the same: it compares the view with it)
    extent = {"bounds": bounds, "boundsOptions": {"padding": [20, 20]}} if bounds and zoom is None \
        else {"zoom": zoom or 14}
    center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2] if bounds else [52.1, 5.3]
    return dl.MapContainer([
        dl.TileLayer(url=tile_url, attribution=tile_attribution, maxZoom=19),
        dl.GeoJSON(data=buurten, id="map-buurten", style=JS("buurtStyle"),
                   onEachFeature=JS("buurtLabel"), interactive=False),
        dl.GeoJSON(id="map-reports", data=collection([]), cluster=True, zoomToBoundsOnClick=True,
                   superClusterOptions={"radius": cluster_radius, "maxZoom": 17},
                   pointToLayer=JS("pointToLayer"), clusterToLayer=JS("clusterToLayer"),
                   hideout=hideout([])),
    ], center=center, minZoom=8, maxZoom=19, id="map", className="live-map", **extent, **map_options)


def legend(options: FilterOptions) -> html.Div:
    entries = [html.Li([html.Span("!", className="legend-dot legend-urgent"), "Spoed (dikke oranje rand)"]),
               html.Li([html.Span(className="legend-dot legend-normal"), "Geen spoed"]),
               html.Li([html.Span("3", className="legend-dot legend-cluster"), "Groep meldingen (klik om in te zoomen)"]),
               html.Li([html.Span(className="legend-dot legend-cell"), "Vak van 100 m (bij veel meldingen)"])]
    categories = [html.Li([html.Span(html.Span(style.code), className=f"legend-mark shape-{style.shape}",
                                     style={"background": style.colour, "color": style.ink}),
                           options.main.get(slug, slug)])
                  for slug, style in CATEGORY_STYLES.items() if slug in options.main]
    return html.Div([html.H2("Legenda"), html.Ul(entries, className="legend-list"),
                     html.H3("Hoofdcategorie"), html.Ul(categories, className="legend-list legend-categories"),
                     html.P("Een getal naast een marker is het aantal melders van één incident.",
                            className="legend-note")],
                    className="map-legend", id="map-legend")


def _dropdown(control_id: str, label: str, options: dict[str, str], value, multi: bool = True) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id),
                     dcc.Dropdown(id=control_id, options=[{"label": v, "value": k} for k, v in options.items()],
                                  value=value, multi=multi, placeholder="Alle", clearable=True)],
                    className="filter-field")


def filter_bar(filters: MapFilters, options: FilterOptions) -> html.Div:
    return html.Div([
        html.Div([html.Label("Periode", htmlFor="map-window"),
                  dcc.Dropdown(id="map-window", options=[{"label": label, "value": key}
                                                         for key, (label, _) in WINDOWS.items()],
                               value=filters.window, clearable=False)], className="filter-field"),
        html.Div([html.Label("Van - tot", htmlFor="map-range"),
                  date_range_picker("map-range", filters.start, filters.end)],
                 className="filter-field filter-range"),
        _dropdown("map-main", "Hoofdcategorie", options.main, list(filters.main)),
        _dropdown("map-sub", "Subcategorie", options.sub, list(filters.sub)),
        _dropdown("map-org", "Organisatie", options.organisations, filters.org, multi=False),
        _dropdown("map-status", "Status", options.statuses, list(filters.status)),
        _dropdown("map-urgent", "Urgentie", URGENCY, filters.urgent, multi=False),
        _dropdown("map-channel", "Kanaal", options.channels, list(filters.channel)),
        _dropdown("map-buurt", "Buurt", options.buurten, list(filters.buurt)),
    ], className="map-filters", role="search", **{"aria-label": "Filters van de kaart"})


def urgent_banner(items) -> list:
    """The announcement of urgent reports nobody acknowledged yet (empty list: no banner). Its key
    names the reports, so a new announcement is a new element (the wall's leave-by-itself timer,
    a CSS animation in assets/wall.css, starts again for it)."""
    if not items:
        return []
    first = items[0]
    more = f" en nog {len(items) - 1} andere" if len(items) > 1 else ""
    return [html.Div([html.Strong("Nieuwe spoedmelding: "),
                      html.Span(f"{first.main_category} in {first.buurt}, {format_time(first.received_at)}{more}."),
                      html.Button("Gezien", id="map-ack", className="ack-button", n_clicks=0)],
                     className="urgent-banner-body", key="-".join(str(item.report_id) for item in items))]


def queue_list(items, clickable: bool, now: datetime, total: int | None = None) -> html.Ul:
    """Urgent queue rows: age ("12 min", "7 weken"), category, buurt, status; never free text or
    personal data. `total`: how many there are; when the list is cut, a last row says "+N meer"."""
    if not items:
        return html.Ul(html.Li("Geen open spoedmeldingen.", className="queue-empty"), className="queue-list")
    rows = []
    for item in items:
        content = [html.Span(format_age(item.received_at, now), className="queue-time",
                             title=f"Ontvangen {format_datetime(item.received_at)}"),
                   html.Span(item.category, className="queue-category"),
                   html.Span(item.buurt, className="queue-buurt")]
        if item.to_check:
            content.append(html.Span("Controleer eerst: mogelijk iemand in gevaar", className="queue-check"))
        rows.append(html.Li(html.Button(content, id={"type": "map-queue-item", "index": item.report_id},
                                        className="queue-button", n_clicks=0) if clickable else content,
                            className="queue-item"))
    if total is not None and total > len(items):
        rows.append(html.Li(f"+{total - len(items)} meer", className="queue-more"))
    return html.Ul(rows, className="queue-list")


def live_block(buurten: dict, tile_url: str, tile_attribution: str, zoom: int | None = 14,
               cluster_radius: int = 60, banner_seconds: int | None = None, **map_options) -> list:
    """The map with everything its live callbacks need; shared by /kaart and /wall (which has no
    report panel, so no `selected-report` here: without it no click callback runs on the wall).
    `banner_seconds`: the urgent banner leaves by itself after so long (the wall: nobody clicks)."""
    timer = {"style": {"--banner-seconds": f"{banner_seconds}s"}} if banner_seconds else {}
    return [
        dcc.Store(id="map-cursor"),
        dcc.Interval(id="map-poll", interval=POLL_MS),
        dcc.Store(id="map-poll-hit"),
        dcc.Interval(id="map-refresh", interval=REFRESH_MS),
        html.Div(id="map-urgent-banner", className="urgent-banner", role="alert", **{"aria-live": "assertive"}, **timer),
        html.Div(id="map-stale", className="stale-notice", role="status", **{"aria-live": "polite"}),
        html.Div(id="map-notices", className="map-notices", role="status", **{"aria-live": "polite"}),
        html.Div(live_map(buurten, tile_url, tile_attribution, zoom, cluster_radius, **map_options),
                 className="map-frame"),
    ]
