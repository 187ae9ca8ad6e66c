"""Wall screen blocks: KPI tiles, the ticker of latest reports and the frame that rotates views.

Readable from 5 metres; no free report text and no personal data, only category, buurt and time.
"""

from __future__ import annotations

from dash import dcc, html

from components.kpi import kpi_tile
from components.live_map import live_block, local_time

WALL_REFRESH_MS = 15_000
TILES = (("open_urgent", "Open spoed", "alert"), ("last_hour", "Nieuw afgelopen uur", "neutral"),
         ("overdue", "Over de afhandeltermijn", "warn"), ("feedback_owed", "Terugkoppeling verschuldigd", "warn"),
         ("open_alerts", "Open signalen", "neutral"))


def wall_tiles(counts: dict[str, int]) -> list[html.Div]:
    return [kpi_tile(label, counts[key], f"wall-{key.replace('_', '-')}", tone) for key, label, tone in TILES]


def ticker(items) -> html.Div:
    """The latest reports as a running line: time, category, buurt."""
    if not items:
        return html.Div("Nog geen meldingen in deze periode.", className="ticker-empty")
    entries = [html.Span([html.B(local_time(item.received_at)), f" {item.category} · {item.buurt}"],
                         className="ticker-item" + (" ticker-urgent" if item.urgent else ""))
               for item in items]
    return html.Div(html.Div(entries + entries, className="ticker-track"), className="ticker-window")


def wall_layout(title: str, buurten: dict, tile_url: str, tile_attribution: str, rotate: int | None) -> html.Div:
    return html.Div([
        dcc.Location(id="map-location", refresh=False),
        dcc.Interval(id="wall-refresh", interval=WALL_REFRESH_MS),
        dcc.Interval(id="wall-rotate", interval=(rotate or 60) * 1000, disabled=not rotate),
        dcc.Store(id="wall-state"),
        html.Div([html.H1(title, className="wall-title"),
                  html.Div(id="wall-updated", className="wall-updated")], className="wall-header"),
        html.Div(id="wall-stale", className="stale-notice", role="status"),
        html.Div([
            html.Div(live_block(buurten, tile_url, tile_attribution, zoom=15), className="wall-map"),
            html.Div([html.Div(id="wall-tiles", className="kpi-row wall-tiles"),
                      html.H2("Spoed - open"),
                      html.Div(id="map-queue", className="wall-queue")], className="wall-overview"),
        ], id="wall-views", className="wall-views " + ("wall-show-map" if rotate else "wall-split")),
        html.Div([html.Span("Laatste meldingen", className="ticker-label"), html.Div(id="wall-ticker")],
                 className="wall-ticker"),
    ], className="page wall-page")
