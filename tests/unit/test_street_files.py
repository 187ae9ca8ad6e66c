"""The region's street list (docs/region.md `streets:`): the JSON list and GeoJSON street lines in
WGS84 or RD New, house numbers along a bent line, and a bad file stopping the start in Dutch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Transformer

from data_access.region import RegionError, load_region
from data_access.street_files import SIDE_OFFSET_M, read_streets

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "region"
REGION = FIXTURES / "lindendal.yaml"


def _metres(a, b) -> float:
    from math import cos, hypot, radians
    return hypot((a[0] - b[0]) * 111_200, (a[1] - b[1]) * 111_200 * cos(radians(a[0])))


def _region_with(tmp_path, streets_yaml: str) -> Path:
    text = REGION.read_text(encoding="utf-8").replace("streets:\n  file: lindendal_straten.geojson\n", streets_yaml)
    path = tmp_path / "regio.yaml"
    path.write_text(text.replace("file: lindendal_buurten.geojson", f"file: {FIXTURES / 'lindendal_buurten.geojson'}"),
                    encoding="utf-8")
    return path


def _geojson(tmp_path, features, name="straten.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _line(coordinates, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "LineString", "coordinates": coordinates}}


def test_the_demo_region_names_its_json_street_list():
    region = load_region()
    assert region.streets_file.name == "wateringse_veld_streets.json"
    assert "synthetic/approximate gazetteer" in region.streets_source
    assert len(region.streets) == 23 and region.streets[0].name == "Laan van Wateringse Veld"   # longest first


def test_rd_new_street_lines_become_wgs84_and_a_region_without_a_list_has_none(tmp_path):
    region = load_region(REGION)
    assert region.streets_file.name == "lindendal_straten.geojson" and region.streets_source.startswith("SYNTHETISCH")
    lindelaan = next(s for s in region.streets if s.name == "Lindelaan")
    lon, lat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(203300, 503500)
    assert lindelaan.line[0] == (pytest.approx(lat, abs=1e-9), pytest.approx(lon, abs=1e-9))
    assert lindelaan.last_number == 100 and len(lindelaan.line) == 3
    akkerpad = next(s for s in region.streets if s.name == "Akkerpad")          # two parts, no last number
    assert len(akkerpad.line) == 3 and akkerpad.last_number == round(_metres(akkerpad.line[0], akkerpad.line[-1]) / 7)
    assert load_region(_region_with(tmp_path, "")).streets == ()


def test_house_numbers_follow_a_bent_line_in_wgs84(tmp_path):
    """An L-shaped street: 100 m east, then 100 m north; numbers 1-21 over its 200 m."""
    east, north = 100 / (111_200 * 0.6157), 100 / 111_200          # cos(52.0 deg) = 0.6157
    path = _geojson(tmp_path, [_line([[4.3, 52.0], [4.3 + east, 52.0], [4.3 + east, 52.0 + north]],
                                     name="Hoekstraat", last_number=21)])
    (street,), source = read_streets(path)
    assert source == "straten.geojson"
    # the middle is the corner
    assert (street.lat, street.lon) == (pytest.approx(52.0, abs=1e-6), pytest.approx(4.3 + east, abs=1e-6))
    five, fifteen = street.house(5), street.house(16)     # 40 m along the first leg, 50 m up the second
    assert _metres(five, (52.0, 4.3 + 0.4 * east)) == pytest.approx(SIDE_OFFSET_M, abs=0.2)
    assert five[0] > 52.0                                  # odd: left of an eastward leg is north
    assert _metres(fifteen, (52.0 + 0.5 * north, 4.3 + east)) == pytest.approx(SIDE_OFFSET_M, abs=0.2)
    assert fifteen[1] > 4.3 + east                         # even: right of a northward leg is east


@pytest.mark.parametrize("features, message", [
    ([_line([[4.3, 52.0], [4.31, 52.0]])], "heeft geen naam"),
    ([{"type": "Feature", "properties": {"name": "Plein"}, "geometry": {"type": "Point", "coordinates": [4.3, 52.0]}}],
     "Plein is geen lijn"),
    ([_line([[4.3, 52.0], [4.31, 52.0]], name="Dorpsstraat"), _line([[4.3, 52.1], [4.31, 52.1]], name="dorpsstraat")],
     "noemt een straat twee keer: dorpsstraat"),
    ([_line([[4.3, 52.0], [4.31, 52.0]], name="Kerkweg", last_number="veel")], "last_number is geen geheel getal"),
])
def test_a_bad_street_file_stops_the_start_with_a_dutch_message(tmp_path, features, message):
    _geojson(tmp_path, features)
    with pytest.raises(RegionError, match=message):
        load_region(_region_with(tmp_path, "streets: {file: straten.geojson}\n"))


@pytest.mark.parametrize("streets_yaml, message", [
    ("streets: straten.json\n", "'streets' moet 'file' noemen"),
    ("streets: {file: weg.json}\n", "Kan het stratenbestand"),
    ("streets: {file: lijst.json}\n", "straat 1 mist name, lat, lon, line of last_number"),
])
def test_a_bad_streets_key_says_what_is_wrong(tmp_path, streets_yaml, message):
    (tmp_path / "lijst.json").write_text(json.dumps({"streets": [{"name": "Kerkweg"}]}), encoding="utf-8")
    with pytest.raises(RegionError, match=message):
        load_region(_region_with(tmp_path, streets_yaml))
