"""Real Chromium on /kaart: open a report from the urgent queue in the panel and change its status."""

import pytest

from data_access.db import transaction
from data_access.models import Report
from services.intake import IntakeData, submit_report
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def urgent_report(live_app):
    _, _, store = live_app
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(
            text="Inbraak aan de Laan van Wateringse Veld, er loopt iemand door de tuin",
            channel="app", lat=52.040, lon=4.283, category_slug="inbraak", contact_email="m@voorbeeld.nl"))
    return report.id


def test_open_report_from_queue_and_change_status(live_app, browser, urgent_report):
    url, _, store = live_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "meldkamer")
    page.goto(f"{url}/kaart")
    page.locator(".queue-button").first.click()
    panel = page.locator("#report-panel")
    panel.locator("#report-panel-text").wait_for()
    assert "er loopt iemand door de tuin" in panel.inner_text()
    assert "Alleen politie" in panel.inner_text() and "Tijdlijn" in panel.inner_text()
    screenshot(page, "report-panel-meldkamer-1440")

    panel.locator("summary", has_text="Status wijzigen").click()
    panel.locator(".rp-details[open] .dash-dropdown").first.click()
    page.get_by_role("option", name="In behandeling").click()
    panel.get_by_role("button", name="Status wijzigen").click()
    page.wait_for_selector(".rp-note-ok")
    assert "De status is gewijzigd." in page.locator("#report-panel-message").inner_text()
    page.wait_for_function("document.querySelector('#report-panel').innerText.includes('Status gewijzigd')")
    screenshot(page, "report-panel-after-status-1440")
    with store.sessions() as session:
        assert session.get(Report, urgent_report).status == "in_behandeling"

    page.click("#report-panel-close")
    page.wait_for_selector("#report-panel.report-panel-hidden", state="attached")
    page.close()


def test_header_search_finds_a_report_and_opens_its_panel(live_app, browser, urgent_report):
    """From any staff page: words of the text in the header's search box, Enter, the result opens
    the report panel on /kaart."""
    url, _, _ = live_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "meldkamer")
    page.goto(f"{url}/tijdlijn")
    page.locator("#hnm-search").fill("iemand tuin")
    page.locator("#hnm-search").press("Enter")
    hit = page.locator(".search-hit", has_text=f"HNM-{urgent_report:07d}")
    hit.wait_for()
    screenshot(page, "search-results-meldkamer-1440")
    hit.click()
    page.wait_for_url(f"{url}/kaart?melding={urgent_report}")
    panel = page.locator("#report-panel")
    panel.locator("#report-panel-text").wait_for()
    assert f"HNM-{urgent_report:07d}" in panel.inner_text() and "door de tuin" in panel.inner_text()
    assert page.locator("#hnm-search-results").inner_text() == ""          # the list closed
    screenshot(page, "search-opened-panel-meldkamer-1440")
    page.close()
