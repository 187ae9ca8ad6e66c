"""Real Chromium: a manager's path through the Triagemodel page (1440x900). The chat's safety
question is tested on a phone in test_resident_pages.py."""

from __future__ import annotations

import pytest

from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e


def test_manager_reads_the_model_page_and_its_fairness_tab(live_app, browser):
    url, _app, _store = live_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "manager-politie")
    page.goto(f"{url}/triagemodel")
    page.wait_for_selector("#tm-model", timeout=30000)
    card = page.inner_text("#tm-model")
    assert "Versie" in card and "vraag 'Is er nu iemand in gevaar?' vanaf 45%" in card and "emergency" not in card
    page.wait_for_selector("#kpi-tm-checked", timeout=30000)
    screenshot(page, "triage-model-page-1440")
    page.click("text=Eerlijkheid")
    page.wait_for_selector("#tm-fairness-intro", timeout=30000)
    assert "Wordt een buurt" in page.inner_text("#tm-fairness-intro")
    page.click("#tm-period input[value='26']")
    page.wait_for_selector("#tm-per-length", timeout=30000)
    screenshot(page, "triage-model-fairness-1440")
    page.close()
