"""Wall screen blocks: KPI tiles, the ticker of latest reports and the frame that rotates views.

Readable from 5 metres; no free report text and no personal data, only category, buurt and time.

How large is "readable from 5 metres"? A capital letter must subtend at least 16 minutes of arc
(ISO 9241-303's smallest character height for reading) for a viewer VIEWING_DISTANCE_M from a
screen SCREEN_HEIGHT_M high (a 65-inch 16:9 screen, the smallest wall screen we plan for). With
capitals 0.7 of the font size that is a font of min_font_share() = 4.1 % of the screen's height:
44 px at 1080 pixels, 89 px at 2160. assets/wall.css sets every text on /wall at 4.2vh or more
(inside the map in px for a 1080 screen, scaled with the screen's height);
tests/e2e/test_wall.py measures each one at 1920x1080 and 3840x2160.
"""

from __future__ import annotations

import math
from itertools import accumulate

from dash import dcc, html

from components.dates import format_time
from components.kpi import kpi_tile
from components.live_map import live_block

VIEWING_DISTANCE_M = 5.0
SCREEN_HEIGHT_M = 0.81
MIN_CAP_ARCMIN = 16
CAP_HEIGHT_EM = 0.7
WALL_REFRESH_MS = 15_000
BANNER_SECONDS = 120           # an unattended wall: a new urgent report's banner leaves by itself
WALL_CLUSTER_RADIUS = 220      # the wall's markers are larger, so they cluster sooner (~110 px)
# The urgent queue ("Spoed - open") shows whole rows only, then "+N meer": the server sends only the
# rows that fit. Heights in % of the screen's height as assets/wall.css draws them on a 16:9 screen
# (measured in Chromium at 1920x1080 and 3840x2160, rounded up; tests/e2e/test_wall_queue.py checks
# that every row sent is inside the queue's box). Beside the map a row is two lines (time, then
# category over buurt) and the "Controleer eerst" badge two more; on the whole width (rotate=N) a
# row is one line and the badge one more.
QUEUE_BOX_VH = 59.5
ROW_VH = {"beside_map": (11.1, 21.4), "whole_width": (6.3, 11.8)}     # (a row, a row with the badge)
MORE_VH = 6.1                  # the "+N meer" line
# (count, label, tone, what exactly is counted). "Melders zonder bericht" is not the feedback page's
# "Nu te laat": that one counts the reports of a period whose message is over its term.
TILES = (("open_urgent", "Open spoed", "alert", "Open meldingen met spoed."),
         ("last_hour", "Nieuw afgelopen uur", "neutral", "Meldingen ontvangen in het afgelopen uur."),
         ("overdue", "Over de afhandeltermijn", "warn", "Open meldingen waarvan de afhandeltermijn voorbij is."),
         ("feedback_owed", "Melders zonder bericht", "warn",
          "Open meldingen waarvan de melder terugkoppeling wil en nog geen enkel bericht kreeg."),
         ("open_alerts", "Open signalen", "neutral", "Signalen die nieuw of bevestigd zijn (niet afgewezen of afgehandeld)."))


def min_font_share() -> float:
    """The smallest font size on the wall as a share of the screen's height (0.041)."""
    cap = 2 * VIEWING_DISTANCE_M * math.tan(math.radians(MIN_CAP_ARCMIN / 60) / 2)
    return cap / CAP_HEIGHT_EM / SCREEN_HEIGHT_M


def queue_rows_that_fit(items, total: int, whole_width: bool) -> int:
    """How many of `items` (the queue's first rows, `total` in all) the wall shows: the most whose
    rows, plus the "+N meer" line when some are left out, fit in the queue's box."""
    heights = ROW_VH["whole_width" if whole_width else "beside_map"]
    used = accumulate(heights[item.to_check] for item in items)
    return max([0] + [shown for shown, height in enumerate(used, 1)
                      if height + (MORE_VH if shown < total else 0) <= QUEUE_BOX_VH])


def wall_tiles(counts: dict[str, int]) -> list[html.Div]:
    return [kpi_tile(label, counts[key], f"wall-{key.replace('_', '-')}", tone, hint)
            for key, label, tone, hint in TILES]


def ticker(items) -> html.Div:
    """The latest reports as a running line: time, category, buurt."""
    if not items:
        return html.Div("Nog geen meldingen in deze periode.", className="ticker-empty")
    entries = [html.Span([html.B(format_time(item.received_at)), f" {item.category} · {item.buurt}"],
                         className="ticker-item" + (" ticker-urgent" if item.urgent else ""))
               for item in items]
    return html.Div(html.Div(entries + entries, className="ticker-track"), className="ticker-window")


def wall_layout(title: str, buurten: dict, tile_url: str, tile_attribution: str, rotate: int | None,
                demo: bool) -> html.Div:
    header = [html.H1(title, className="wall-title")]
    if demo:
        header.append(html.Span("Demo: synthetische gegevens", className="wall-demo"))
    header.append(html.Div(id="wall-updated", className="wall-updated"))
    return html.Div([
        dcc.Location(id="map-location", refresh=False),
        dcc.Interval(id="wall-refresh", interval=WALL_REFRESH_MS),
        dcc.Interval(id="wall-rotate", interval=(rotate or 60) * 1000, disabled=not rotate),
        dcc.Store(id="wall-state"),
        html.Div(header, className="wall-header"),
        html.Div(id="wall-stale", className="stale-notice", role="status"),
        html.Div(id="wall-tiles", className="kpi-row wall-tiles"),
        html.Div([
            html.Div(live_block(buurten, tile_url, tile_attribution, zoom=None, cluster_radius=WALL_CLUSTER_RADIUS,
                                banner_seconds=BANNER_SECONDS, zoomSnap=0.25, zoomControl=False),
                     className="wall-map"),
            html.Div([html.H2("Spoed - open"), html.Div(id="map-queue", className="wall-queue")],
                     className="wall-overview"),
        ], id="wall-views", className="wall-views " + ("wall-show-map" if rotate else "wall-split")),
        html.Div([html.Span("Laatste meldingen", className="ticker-label"), html.Div(id="wall-ticker")],
                 className="wall-ticker"),
    ], className="page wall-page")
