"""Real Chromium on /kaart: markers and clusters render (offline: no tiles needed), and a report
submitted while the page is open appears within one poll interval plus a second."""

import time

import pytest

from components.live_map import POLL_MS
from data_access.db import transaction
from services.intake import IntakeData, submit_report
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
TOTAL_ON_MAP = """() => {
  const markers = document.querySelectorAll('#map .hnm-marker').length;
  const clustered = [...document.querySelectorAll('#map .hnm-cluster span')]
      .reduce((sum, el) => sum + parseInt(el.textContent, 10), 0);
  return markers + clustered;
}"""


def add(store, text, lat, lon, slug="onderhoud-stoep-straat-en-fietspad", urgent=False):
    with transaction(store.sessions) as session:
        return submit_report(session, IntakeData(text=text, channel="app", lat=lat, lon=lon,
                                                 category_slug=slug, urgent=urgent)).id


@pytest.fixture(scope="module")
def map_store(live_app):
    url, app, store = live_app
    for i in range(6):                                   # close together: one cluster
        add(store, f"Kapotte lantaarn {i}", 52.0400 + i * 0.0001, 4.2800 + i * 0.0001)
    add(store, "Losse stoeptegel", 52.0345, 4.2650)
    add(store, "Inbraak gaande", 52.0480, 4.3000, slug="inbraak", urgent=True)
    return url, store


def test_map_renders_markers_clusters_and_buurten(map_store, browser):
    url, _ = map_store
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "meldkamer")
    page.goto(f"{url}/kaart")
    page.wait_for_selector("#map .hnm-cluster")
    page.wait_for_selector("#map .hnm-marker")
    assert page.evaluate(TOTAL_ON_MAP) == 8
    assert page.locator(".buurt-label").count() == 5
    assert "Erasmus Veld" in page.locator("#map").inner_text()
    assert page.locator("#map-legend").is_visible()
    screenshot(page, "live-map-meldkamer-1440")
    page.close()


def test_new_report_appears_live_and_is_announced(map_store, browser):
    url, store = map_store
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "gemeente")
    page.goto(f"{url}/kaart")
    page.wait_for_selector("#map .hnm-cluster")
    before = page.evaluate(TOTAL_ON_MAP)
    assert before == 7                                   # the police-only report is not there
    if page.locator("#map-ack").count():
        page.click("#map-ack")
        page.wait_for_selector("#map-ack", state="detached")
    add(store, "Boom op de fietsroute", 52.0330, 4.2950, urgent=True)
    started = time.monotonic()
    page.wait_for_function(f"({TOTAL_ON_MAP})() === {before + 1}", timeout=POLL_MS + 1000)
    assert time.monotonic() - started <= POLL_MS / 1000 + 1
    page.wait_for_selector("#map .marker-new")
    assert "Nieuwe spoedmelding" in page.locator("#map-urgent-banner").inner_text()
    screenshot(page, "live-map-new-urgent-1440")
    page.click("#map-ack")
    page.wait_for_selector("#map .marker-new", state="detached")
    page.close()


def test_filters_go_into_the_url(map_store, browser):
    url, _ = map_store
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "meldkamer")
    page.goto(f"{url}/kaart?urgent=ja&main=onzin")
    page.wait_for_selector("#map .hnm-marker")
    assert "Onbekende hoofdcategorie genegeerd" in page.locator("#map-notices").inner_text()
    page.wait_for_function(f"({TOTAL_ON_MAP})() === 2", timeout=3000)   # urgent burglary and tree
    page.close()
