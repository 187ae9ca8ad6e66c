"""One theme for every figure: Dutch labels and number formats, colour-blind-safe palette, and one
factory for every dcc.Graph (Dutch locale, a small toolbar, nothing that sends a figure away)."""

from __future__ import annotations

import math

from dash import dcc

from components.palette import PALETTE

BASE_LAYOUT = {
    "font": {"family": "Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif", "size": 13},
    "colorway": PALETTE,
    "separators": ",.",          # Dutch: decimal comma, thousands point
    "margin": {"l": 48, "r": 16, "t": 36, "b": 40},
    "plot_bgcolor": "#ffffff",
    "paper_bgcolor": "#ffffff",
    "legend": {"orientation": "h", "y": -0.18},
    "hoverlabel": {"namelength": -1},
}
DARK_LAYOUT = {**BASE_LAYOUT, "plot_bgcolor": "#0b0f14", "paper_bgcolor": "#0b0f14",
               "font": {**BASE_LAYOUT["font"], "color": "#f2f4f7", "size": 18}}

DUTCH_WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]

# The toolbar keeps: save as PNG, zoom in, zoom out, back to the whole figure. Everything else goes,
# above all the buttons that send a figure (police figures) to Plotly's cloud or Chart Studio.
TOOLBAR_REMOVE = ["zoom2d", "pan2d", "select2d", "lasso2d", "autoScale2d", "toggleSpikelines",
                  "hoverClosestCartesian", "hoverCompareCartesian", "sendDataToCloud",
                  "editInChartStudio", "zoom3d", "pan3d", "resetCameraDefault3d",
                  "hoverClosest3d", "zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo",
                  "hoverClosestGl2d", "hoverClosestPie", "toggleHover", "resetViews"]
# Plotly's own Dutch locale (assets/plotly-locale-nl.js) lacks these toolbar texts.
TOOLBAR_TEXTS = {"Zoom in": "Inzoomen", "Zoom out": "Uitzoomen", "Reset axes": "Hele grafiek",
                 "Download plot as a PNG": "Grafiek opslaan als PNG", "Download plot": "Grafiek opslaan",
                 "Double-click to zoom back out": "Dubbelklik om uit te zoomen"}
GRAPH_CONFIG = {
    "locale": "nl",
    "locales": {"nl": {"dictionary": TOOLBAR_TEXTS}},
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": TOOLBAR_REMOVE,
    "toImageButtonOptions": {"format": "png", "filename": "hnm-grafiek"},
}


def graph_config(toolbar: bool = True) -> dict:
    return {**GRAPH_CONFIG, "displayModeBar": "hover" if toolbar else False}


def graph(graph_id: str | None = None, figure: dict | None = None, toolbar: bool = True, **kwargs) -> dcc.Graph:
    """Every dcc.Graph of the app: the Dutch locale and the small toolbar."""
    if graph_id is not None:
        kwargs["id"] = graph_id
    if figure is not None:
        kwargs["figure"] = figure
    return dcc.Graph(config=graph_config(toolbar), **kwargs)


def themed(layout: dict | None = None, dark: bool = False) -> dict:
    """A figure layout dict on top of the house theme."""
    return {**(DARK_LAYOUT if dark else BASE_LAYOUT), **(layout or {})}


def round_axis(largest: float, intervals: int = 4) -> dict:
    """A count axis from 0 in `intervals` round steps (1, 2 or 5 x 10^n) that holds `largest`. Two axes
    made with the same `intervals` share their grid lines (Plotly would otherwise sync the second
    axis to the first one's lines and label it 41,5 / 83 / 124,4)."""
    target = max(float(largest) / intervals, 1.0)          # counts: steps of at least 1
    magnitude = 10 ** math.floor(math.log10(target))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= target)
    return {"tickmode": "linear", "tick0": 0, "dtick": step, "range": [0, step * intervals]}
