"""House numbers along a street (services/gazetteer.py): exact positions on the reference lines."""

import json
import math
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from services.gazetteer import SIDE_OFFSET_M, find_place, streets

AREAS = Path(__file__).resolve().parents[2] / "data_access" / "reference" / "wateringse_veld.geojson"


def metres(a, b) -> float:
    north = (a[0] - b[0]) * 111_200
    east = (a[1] - b[1]) * 111_200 * math.cos(math.radians(a[0]))
    return math.hypot(north, east)


def test_a_street_without_number_stays_at_its_middle():
    place = find_place("Bij de Erasmusweg ligt afval")
    assert place.number is None and (place.lat, place.lon) == (52.048, 4.268) and place.label == "Erasmusweg"


def test_house_numbers_are_interpolated_along_the_line_odd_left_even_right():
    """The Erasmusweg runs west to east over 500 m, numbers 1 to 71: odd on the north side."""
    first, last = find_place("Erasmusweg 1, Den Haag"), find_place("erasmusweg 71")
    assert (first.lat, first.lon) == (52.048072, 4.264349)          # start, 8 m north
    assert (last.lat, last.lon) == (52.048072, 4.271651)            # end, 8 m north
    middle = find_place("Erasmusweg 36")
    assert (middle.lat, middle.lon) == (52.047928, 4.268)           # half-way, 8 m south
    assert metres((first.lat, first.lon), (last.lat, last.lon)) == pytest.approx(500, abs=1)
    assert metres((middle.lat, middle.lon), (52.048, 4.268)) == pytest.approx(SIDE_OFFSET_M, abs=0.1)
    assert find_place("Erasmusweg 12a").number == 12 and find_place("Erasmusweg 12a").label == "Erasmusweg 12"
    assert (find_place("Erasmusweg 500").lat, find_place("Erasmusweg 500").lon) == \
        find_place("Erasmusweg 72").street.house(72)                # beyond the last number: the end


def test_north_south_streets_put_odd_numbers_on_the_west_side():
    place = find_place("Kasstraat 1")
    (lat0, lon0), _ = place.street.line
    assert place.lon < lon0 and place.lat == lat0


def test_every_house_stays_in_its_streets_buurt():
    buurten = {f["properties"]["code"]: shape(f["geometry"])
               for f in json.loads(AREAS.read_text())["features"] if f["properties"]["kind"] == "buurt"}
    for street in streets():
        for number in (1, 2, street.last_number // 2, street.last_number):
            lat, lon = street.house(number)
            assert buurten[street.buurt].contains(Point(lon, lat)), (street.name, number)
