"""One theme for every figure: Dutch labels and number formats, colour-blind-safe palette."""

from __future__ import annotations

# Okabe-Ito: distinguishable with every common form of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
URGENT_COLOUR, NORMAL_COLOUR = "#D55E00", "#0072B2"

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

DUTCH_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
DUTCH_WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]


def themed(layout: dict | None = None, dark: bool = False) -> dict:
    """A figure layout dict on top of the house theme."""
    return {**(DARK_LAYOUT if dark else BASE_LAYOUT), **(layout or {})}
