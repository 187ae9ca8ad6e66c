"""The region file (issue 19 A): the demo's default, a second region in RD New, and a bad file
stopping the start with a Dutch message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data_access.region import RegionError, load_region
from settings import SettingsError, load_settings

LINDENDAL = Path(__file__).resolve().parent.parent / "fixtures" / "region" / "lindendal.yaml"


def test_the_default_region_is_the_wateringse_veld_demo():
    region = load_region()
    assert region.name == "Wateringse Veld"
    assert region.organisations == {"politie": "Politie Den Haag", "gemeente": "Gemeente Den Haag"}
    assert region.teams["politie"]["wijkteam"] == "Wijkteam Wateringse Veld"
    assert [(p.name, p.start, p.end) for p in region.periods] == [("Pilot", date(2026, 4, 6), date(2026, 5, 31))]
    assert region.center == pytest.approx([52.041, 4.2835]) and region.zoom == 14
    assert {f.code for f in region.areas if f.kind == "buurt"} == {f"BU0518401{i}" for i in range(1, 6)}
    assert region.cbs_gemeente == "GM0518" and region.areas_approximate


def test_a_second_region_in_rd_new():
    region = load_region(LINDENDAL)
    assert region.organisations["gemeente"] == "Gemeente Lindendal"
    # named teams replace the plain names, the taxonomy's other teams keep theirs
    assert region.teams["gemeente"]["stadsbeheer"] == "Buitendienst Lindendal"
    assert region.teams["gemeente"]["regie"] == "Regie openbare ruimte"
    molenhoek = next(f for f in region.areas if f.name == "Molenhoek")
    lon, lat = molenhoek.geometry.exterior.coords[0]                 # RD (203000, 503000)
    assert (lat, lon) == (pytest.approx(52.5126, abs=1e-4), pytest.approx(6.0943, abs=1e-4))
    assert region.tile_url == "https://kaart.lindendal.invalid/{z}/{x}/{y}.png"


@pytest.mark.parametrize("text, message", [
    ("name: X\n", "'organisations' moet precies politie en gemeente"),
    ("name: X\norganisations: {politie: {name: P}, gemeente: {name: G}}\n", "'areas' ontbreekt"),
    ("name: X\norganisations: {politie: {name: P}, gemeente: {name: G}}\nareas: {file: nergens.geojson}\n",
     "Kan het gebiedenbestand"),
    ("name: X\norganisations: {politie: {name: P}, gemeente: {}}\nareas: {file: a.geojson}\n",
     "organisations.gemeente.name ontbreekt"),
])
def test_a_bad_region_file_says_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "regio.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegionError, match=message):
        load_region(path)


def test_a_missing_region_file_stops_the_start(tmp_path):
    with pytest.raises(SettingsError, match="HNM_REGION"):
        load_settings({"HNM_MODE": "test", "HNM_REGION": str(tmp_path / "weg.yaml")})


def test_periods_are_checked(tmp_path):
    path = tmp_path / "regio.yaml"
    path.write_text(LINDENDAL.read_text(encoding="utf-8").replace("to: 2019-12-31", "to: 2018-12-31")
                    .replace("file: lindendal_buurten.geojson", f"file: {LINDENDAL.parent / 'lindendal_buurten.geojson'}"),
                    encoding="utf-8")
    with pytest.raises(RegionError, match="periode 1 eindigt voor hij begint"):
        load_region(path)


def test_beheer_shows_the_tiles_attribution_as_text_not_html():
    from components.region_info import attribution_as_text

    assert attribution_as_text('Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> (PDOK)') \
        == "Kaartgegevens © Kadaster (PDOK)"
    assert attribution_as_text("Kaart: gemeente Lindendal") == "Kaart: gemeente Lindendal"
