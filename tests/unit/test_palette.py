"""The category colours stay apart for colour-blind viewers, and every marker text is legible.

Colour vision deficiencies are simulated with coloraide (Machado 2009 for deuteranopia and
protanopia at full severity, Brettel 1997 for tritanopia); colours are compared by CIEDE2000.
A difference of 10 or more is clearly visible side by side; the palette reaches about 14 for the
red-green deficiencies that one in twelve men has. Urgency is not told by colour alone: an
urgent marker is larger, has a thick ring and a "!" badge (assets/map.css).
"""

import json
from itertools import combinations
from pathlib import Path

import pytest
from coloraide import Color

from components.palette import CATEGORY_STYLES, PALETTE

CATEGORIES = Path(__file__).resolve().parents[2] / "data_access" / "reference" / "categories.json"
VISION = {"normal": None, "deuteranopia": ("deutan", "machado"), "protanopia": ("protan", "machado"),
          "tritanopia": ("tritan", "brettel")}
MIN_DISTANCE = {"normal": 12, "deuteranopia": 12, "protanopia": 12, "tritanopia": 10}


def seen(colour: str, vision) -> Color:
    return Color(colour) if vision is None else Color(colour).filter(vision[0], method=vision[1])


def test_every_main_category_has_its_own_style():
    slugs = {c["slug"] for c in json.loads(CATEGORIES.read_text(encoding="utf-8"))["main_categories"]}
    assert slugs == set(CATEGORY_STYLES)
    assert len({s.code for s in CATEGORY_STYLES.values()}) == len(CATEGORY_STYLES)
    assert len({s.colour.lower() for s in CATEGORY_STYLES.values()}) == len(CATEGORY_STYLES)


@pytest.mark.parametrize("vision", VISION)
def test_category_colours_differ_also_for_colour_blind_viewers(vision):
    colours = [s.colour for s in CATEGORY_STYLES.values()]
    closest = min((seen(a, VISION[vision]).delta_e(seen(b, VISION[vision]), method="2000"), a, b)
                  for a, b in combinations(colours, 2))
    assert closest[0] >= MIN_DISTANCE[vision], closest


def test_marker_letters_contrast_with_their_fill():
    for slug, style in CATEGORY_STYLES.items():
        assert Color(style.ink).contrast(style.colour, method="wcag21") >= 4.5, slug


def test_series_palette_is_okabe_ito():
    assert PALETTE[:7] == ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
