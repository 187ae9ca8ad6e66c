"""Real Chromium on PostgreSQL: while the database is away the dashboard shows the Dutch notice
at the top of the screen, and it goes away by itself when the database is back (issue 16)."""

import pytest

from api.unavailable import NOTICE
from tests.conftest import LiveServer, login_in_browser, make_app, make_store, screenshot
from tests.ops.test_database_outage import postgres_restart

pytestmark = pytest.mark.e2e


def test_a_callback_during_a_restart_shows_the_notice_until_the_database_is_back(request, tmp_path_factory, browser):
    store = make_store(request, "postgresql", tmp_path_factory)
    server = LiveServer(make_app(store, tmp_path_factory))
    request.addfinalizer(server.stop)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, server.url, "meldkamer")
    page.wait_for_selector("#kpi-open")
    notice = page.locator(".unavailable-notice")

    with postgres_restart(store):
        page.click("#nav-alerts")                  # the page's callbacks now get 503
        notice.wait_for(state="visible", timeout=15_000)
        assert notice.inner_text() == NOTICE and notice.get_attribute("role") == "alert"
        screenshot(page, "database-away-notice")
        # the notice pushes the header down; it never covers the navigation
        nav = page.locator("#nav-home").bounding_box()
        box = notice.bounding_box()
        assert box["y"] + box["height"] <= nav["y"]

    page.click("#nav-home")
    page.wait_for_selector("#kpi-open")
    notice.wait_for(state="hidden", timeout=15_000)
    page.close()
