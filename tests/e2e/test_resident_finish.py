"""Real Chromium on a phone (390x844), issue 21: /buurt puts its figures first, shows at most three
"Ziet u dit ook?" cards without "0 buurtbewoners", colours its grid with a legend, says so for an
unknown code, and residents get their own header without a way into the staff pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from data_access.db import transaction
from data_access.models import utcnow
from services.intake import IntakeData, submit_report
from tests.conftest import screenshot

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
BUURT = "BU05184012"


@pytest.fixture(scope="module")
def buurt_app(live_app):
    url, _app, store = live_app
    now = utcnow()
    with transaction(store.sessions) as session:
        for n in range(6):         # one busy spot (a darker cell) and a quieter one
            lat, lon = (52.0455, 4.288) if n < 5 else (52.0485, 4.2935)
            submit_report(session, IntakeData(text=f"Zwerfvuil bij de speeltuin {n}", channel="web", lat=lat,
                                              lon=lon, category_slug="veeg-zwerfvuil",
                                              received_at=now - timedelta(hours=n + 1)))
    return url


def test_buurt_on_a_phone_figures_first_three_cards_coloured_grid(buurt_app, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{buurt_app}/buurt/{BUURT}")
    page.wait_for_selector(".count-table", timeout=20000)
    page.wait_for_selector(".shared-problem", timeout=20000)
    reported = page.locator("h2", has_text="Wat werd er gemeld?").bounding_box()["y"]
    where = page.locator("h2", has_text="Waar?").bounding_box()["y"]
    cards = page.locator("h2", has_text="Ziet u dit ook?").bounding_box()["y"]
    assert reported < where < cards
    assert page.locator(".shared-problem").count() == 3
    assert "Er staan nog meer meldingen open" in page.locator("#buurt-problems").inner_text()
    assert "0 buurtbewoners" not in page.locator("body").inner_text()
    assert page.locator("#buurt-map-legend .legend-item").count() == 4
    page.wait_for_function("document.querySelectorAll('#buurt-map path.leaflet-interactive').length >= 2")
    fills = set(page.eval_on_selector_all("#buurt-map path.leaflet-interactive",
                                          "paths => paths.map(p => p.getAttribute('fill'))"))
    assert len(fills) >= 2, fills             # the busy cell is darker than the quiet one
    page.wait_for_timeout(800)                # the map fits itself to the cells
    outside = page.evaluate("""() => {
        const box = document.querySelector('#buurt-map').getBoundingClientRect();
        return [...document.querySelectorAll('#buurt-map path.leaflet-interactive')].filter(p => {
            const r = p.getBoundingClientRect();
            return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
        }).length; }""")
    assert outside == 0                       # every cell in view, not cut off at a fixed centre
    header = page.locator(".app-header")
    assert "Het Nieuwe Melden" in header.inner_text() and "Dashboard" not in header.inner_text()
    hrefs = header.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("/melden") for h in hrefs), hrefs
    screenshot(page, "resident-buurt-finish-390")
    page.close()


def test_unknown_buurt_code_shows_a_message_not_the_page(buurt_app, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{buurt_app}/buurt/BU99999999")
    page.wait_for_selector("#buurt-not-found", timeout=20000)
    assert page.locator("#buurt-title").inner_text() == "Buurt niet gevonden"
    assert page.locator("#buurt-follow").count() == 0 and page.locator("#buurt-map").count() == 0
    page.close()
