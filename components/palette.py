"""Every colour of the dashboard in one place: series, urgency and the main categories.

The main categories get Paul Tol's "muted" scheme (plus a pale grey for "overig"): ten colours
that stay apart for people with deuteranopia, protanopia and tritanopia too (checked by
tests/unit/test_palette.py on simulated vision). Each category also has its own two-letter code
and a marker shape, so colour is never the only clue. The map's markers, the map legend and every
chart that is split by main category use these, so a category looks the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

# Okabe-Ito: series that are not categories (inflow/outflow, periods, states).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
URGENT_COLOUR, NORMAL_COLOUR = "#D55E00", "#0072B2"


@dataclass(frozen=True)
class CategoryStyle:
    code: str           # the letters on a marker
    shape: str          # circle | square | diamond
    colour: str         # fill
    ink: str            # text on the fill (contrast 4.5:1 or more)


CATEGORY_STYLES: dict[str, CategoryStyle] = {
    "afval": CategoryStyle("AF", "circle", "#117733", "#ffffff"),
    "wegen-verkeer-straatmeubilair": CategoryStyle("WV", "square", "#332288", "#ffffff"),
    "overlast-in-de-openbare-ruimte": CategoryStyle("OR", "circle", "#DDCC77", "#000000"),
    "openbaar-groen-en-water": CategoryStyle("GW", "square", "#44AA99", "#000000"),
    "overlast-van-dieren": CategoryStyle("DI", "circle", "#999933", "#000000"),
    "overlast-van-en-door-personen-of-groepen": CategoryStyle("PG", "diamond", "#CC6677", "#000000"),
    "overlast-bedrijven-en-horeca": CategoryStyle("BH", "square", "#AA4499", "#ffffff"),
    "overlast-op-het-water": CategoryStyle("WA", "circle", "#88CCEE", "#000000"),
    "overig": CategoryStyle("OV", "circle", "#DDDDDD", "#000000"),
    "veiligheid-politie": CategoryStyle("VP", "diamond", "#882255", "#ffffff"),
}
FALLBACK_STYLE = CATEGORY_STYLES["overig"]


def category_style(slug: str | None) -> CategoryStyle:
    return CATEGORY_STYLES.get(slug or "", FALLBACK_STYLE)


def category_colours(names: dict[str, str]) -> dict[str, str]:
    """{main category name: colour} for charts whose series are named, from {slug: name}."""
    return {name: category_style(slug).colour for slug, name in names.items()}
