"""Real Chromium: log in through the Dutch login page and see the shell with the role's pages."""

import pytest

from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e


def test_login_and_shell_at_laptop_size(live_app, browser):
    url, _, _ = live_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{url}/kaart")
    assert "/login" in page.url                       # anonymous: to the login page first
    page.fill("#username", "meldkamer")
    page.fill("#password", "fout")
    page.click("#login-submit")
    assert page.locator(".form-error").inner_text().startswith("Onbekende gebruikersnaam")
    login_in_browser(page, url, "meldkamer")
    page.wait_for_selector("#kpi-open")
    nav = page.locator(".nav").inner_text()
    assert "Live kaart" in nav and "Wandscherm" in nav and "Beheer" not in nav
    screenshot(page, "shell-meldkamer-1440")
    page.click("#logout-link")
    page.wait_for_url(f"{url}/login")
    page.close()


def test_beheerder_sees_admin_and_not_reports(live_app, browser):
    url, _, _ = live_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "beheerder")
    page.click("#nav-admin")
    page.wait_for_selector("#admin-users")
    assert "Live kaart" not in page.locator(".nav").inner_text()
    screenshot(page, "shell-beheerder-1440")
    page.close()
