"""Real Chromium on /wall: the wall account's screen at 1920x1080 (and 4K), no text, no mouse."""

import pytest

from data_access.db import transaction
from services.intake import IntakeData, submit_report
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
TEXT = "Verdachte man met breekijzer bij de achterdeur van Jansen"


@pytest.fixture(scope="module")
def wall_store(live_app):
    url, _, store = live_app
    with transaction(store.sessions) as session:
        for i, (lat, lon, slug, urgent) in enumerate([
                (52.0470, 4.2700, "inbraak", True), (52.0350, 4.2900, "veeg-zwerfvuil", False),
                (52.0455, 4.2950, "onderhoud-stoep-straat-en-fietspad", True),
                (52.0380, 4.2750, "onderhoud-stoep-straat-en-fietspad", False)]):
            submit_report(session, IntakeData(text=f"{TEXT} {i}", channel="app", lat=lat, lon=lon,
                                              category_slug=slug, urgent=urgent,
                                              contact_email="melder@voorbeeld.nl"))
    return url


@pytest.mark.parametrize("width,height", [(1920, 1080), (3840, 2160)])
def test_wall_screen_renders_map_tiles_queue_and_ticker(wall_store, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    login_in_browser(page, wall_store, "wall")
    page.goto(f"{wall_store}/wall?area=WK051840")
    page.wait_for_selector("#kpi-wall-open-urgent")
    page.wait_for_selector("#map .hnm-marker, #map .hnm-cluster")
    page.wait_for_selector(".ticker-item")
    assert page.locator("#kpi-wall-open-urgent").inner_text() == "2"
    assert page.locator(".app-header").is_hidden()
    body = page.locator("body").inner_text()
    assert "Wateringse Veld - nu" in body and "Terugkoppeling verschuldigd" in body
    assert "breekijzer" not in page.content() and "voorbeeld.nl" not in page.content()
    assert page.evaluate("document.documentElement.scrollHeight") <= height + 1
    screenshot(page, f"wall-{width}x{height}")
    page.close()


def test_wall_rotates_between_map_and_overview_by_itself(wall_store, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    login_in_browser(page, wall_store, "wall")
    page.goto(f"{wall_store}/wall?rotate=10")
    page.wait_for_selector("#wall-views.wall-show-map")
    page.wait_for_selector("#wall-views.wall-show-overview", timeout=15_000)
    assert page.locator("#kpi-wall-open-urgent").is_visible()
    screenshot(page, "wall-overview-1920x1080")
    page.close()
