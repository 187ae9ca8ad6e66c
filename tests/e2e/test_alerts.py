"""Real Chromium: the Vroegsignalering page shows an explained alert with its chart at 1440x900."""

from datetime import timedelta

import pytest

from data_access.db import transaction
from data_access.models import Alert, utcnow
from services.intake import IntakeData, submit_report
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e


def test_alerts_page_renders_an_alert_with_chart(live_app, browser):
    url, _, store = live_app
    now = utcnow()
    with transaction(store.sessions) as session:
        for minutes in (170, 150, 120, 95, 70, 40, 20, 5):
            submit_report(session, IntakeData(
                text="Groep jongeren met vuurwerk op het Zonneplein", channel="app", lat=52.0372,
                lon=4.2745 + minutes / 1e6, category_slug="jeugdoverlast",
                received_at=now - timedelta(minutes=minutes)))
        session.add(Alert(kind="herhaling", area_code="BU05184012", visibility="gedeeld",
                          window_start=now - timedelta(days=10), window_end=now, observed=6,
                          expected=0.2, explanation="6 meldingen 'afval' op dezelfde plek "
                          "(Hoge Veld-plein) in de afgelopen 28 dagen, verwacht 0,2.",
                          lat=52.046, lon=4.2853, created_at=now))
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "handhaving")
    page.goto(f"{url}/signalen")
    page.wait_for_selector(".alert-card .main-svg")
    assert "in Zonne Veld in de afgelopen" in page.locator(".alerts-list").inner_text()
    assert page.locator(".alert-action-bevestigd").count() >= 1
    page.wait_for_selector(".proposal-card")
    screenshot(page, "alerts-handhaving-1440")
    page.locator(".alert-action-bevestigd").first.click()
    page.wait_for_selector(".alerts-message:has-text('bevestigd')")
    page.close()
