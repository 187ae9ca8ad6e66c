"""Real Chromium on /kaart (issue 21): the report panel opens the next report at its top, lists
only reports within 250 m and 3 days (nearest first) and writes its history in Dutch words."""

from datetime import timedelta

import pytest

from data_access.db import transaction
from data_access.models import utcnow
from services.intake import IntakeData, submit_report
from services.workflow import record
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
LAT, LON = 52.0400, 4.2830


@pytest.fixture(scope="module")
def reports(live_app):
    _, _, store = live_app
    now = utcnow()

    def add(session, text, lat, lon, ago, urgent=False):
        return submit_report(session, IntakeData(text=text, channel="web", lat=lat, lon=lon, urgent=urgent,
                                                 category_slug="onderhoud-stoep-straat-en-fietspad",
                                                 received_at=now - ago)).reference

    with transaction(store.sessions) as session:
        first = submit_report(session, IntakeData(text="Boom over het fietspad. " * 40, channel="web", lat=LAT,
                                                  lon=LON, urgent=True, received_at=now - timedelta(minutes=5),
                                                  category_slug="onderhoud-stoep-straat-en-fietspad"))
        record(session, first, None, "terugkoppeling", to_value="ontvangstbevestiging")
        refs = {"first": first.reference,
                "100 m": add(session, "Tak op de stoep", LAT + 0.0009, LON, timedelta(days=1), urgent=True),
                "178 m": add(session, "Losse tegel", LAT, LON + 0.0026, timedelta(days=2)),
                "600 m": add(session, "Kuil in de weg", LAT + 0.0054, LON, timedelta(hours=3)),
                "5 days": add(session, "Scheve paal", LAT - 0.00045, LON, timedelta(days=5))}
    return refs


def test_panel_nearby_reports_dutch_history_and_scroll_to_top(live_app, browser, reports):
    url, _, _ = live_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "meldkamer")
    page.goto(f"{url}/kaart")
    page.locator(".queue-button").first.click()          # the newest urgent report: "first"
    panel = page.locator("#report-panel")
    page.wait_for_function(f"document.querySelector('#report-panel-title').innerText.includes('{reports['first']}')")
    related = panel.locator(".rp-section", has_text="Incident en meldingen in de buurt").locator("li")
    texts = related.all_inner_texts()
    assert [t.split(" ")[0] for t in texts] == [reports["100 m"], reports["178 m"]], texts
    assert texts[0].startswith(f"{reports['100 m']} 100 m") and (" 178 m" in texts[1] or " 179 m" in texts[1])
    timeline = panel.locator(".rp-timeline").inner_text()
    assert "Website" in timeline and "Ontvangstbevestiging" in timeline
    assert "web\n" not in timeline + "\n" and "ontvangstbevestiging" not in timeline

    body = page.locator("#report-panel-body")
    body.evaluate("element => element.scrollTop = element.scrollHeight")
    assert body.evaluate("element => element.scrollTop") > 100
    screenshot(page, "report-panel-nearby-1440")
    page.locator(".queue-button").nth(1).dispatch_event("click")   # (under the panel) the next report opens at its top
    page.wait_for_function(f"document.querySelector('#report-panel-title').innerText.includes('{reports['100 m']}')")
    page.wait_for_timeout(300)
    assert body.evaluate("element => element.scrollTop") == 0
    page.close()
