"""Real Chromium: the privacy officer finds a resident, opens the printable page, erases on
request; the audit page shows the views; residents read /hoe-wij-werken from /melden
(screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from components.dates import format_date
from data_access.db import transaction
from data_access.models import AuditLog, Report, User, utcnow
from tests.conftest import login_in_browser, screenshot
from tests.privacy_plant import EMAIL, plant_resident, text_hits

pytestmark = pytest.mark.e2e
LAPTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def planted(live_app):
    url, app, store = live_app
    return url, store, plant_resident(store)


def test_gemeente_officer_sees_only_shared_data(planted, browser):
    url, store, p = planted
    page = browser.new_page(viewport=LAPTOP)
    login_in_browser(page, url, "privacy-gemeente")
    nav = page.inner_text("header")
    assert "Verzoeken bewoners" in nav and "Auditlog" in nav and "Live kaart" not in nav
    page.goto(f"{url}/privacy")
    page.fill("#privacy-query", EMAIL)
    page.click("#privacy-search")
    page.wait_for_selector(f"#privacy-report-{p.shared_ref}", timeout=15000)
    assert p.police_ref not in page.inner_text("#privacy-result")
    page.goto(f"{url}/kaart")
    assert "Geen toegang" in page.inner_text("body") or page.title().startswith("Geen toegang")
    page.close()


def test_police_officer_exports_and_erases(planted, browser):
    url, store, p = planted
    page = browser.new_page(viewport=LAPTOP)
    login_in_browser(page, url, "privacy-politie")
    page.goto(f"{url}/privacy")
    page.fill("#privacy-query", EMAIL)
    page.press("#privacy-query", "Enter")
    page.wait_for_selector(f"#privacy-report-{p.police_ref}", timeout=15000)
    assert "Zwaluwina Tremelo" in page.inner_text("#privacy-result")
    screenshot(page, "privacy-gevonden-1440")
    with page.context.expect_page() as printable:
        page.click("#privacy-html")
    readable = printable.value
    readable.wait_for_load_state()
    assert p.police_ref in readable.inner_text("body") and readable.locator("img.photo").count() == 1
    screenshot(readable, "privacy-inzage-afdruk")
    readable.close()
    with page.expect_download() as download:
        page.click("#privacy-json")
    assert download.value.suggested_filename.startswith("inzage-")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#privacy-erase-button")
    page.wait_for_selector("text=2 melding(en) geanonimiseerd", timeout=15000)
    page.wait_for_selector("#privacy-none", timeout=15000)
    screenshot(page, "privacy-gewist-1440")
    page.close()
    assert text_hits(store) == []
    with store.session() as session:
        assert session.scalar(select(Report.text).where(Report.id == p.shared_id)) == "[verwijderd op verzoek]"
        assert session.scalar(select(AuditLog.id).where(AuditLog.action == "privacy_erase",
                                                        AuditLog.source == "/privacy"))


def test_audit_page_lists_views(planted, browser):
    url, store, p = planted
    with transaction(store.sessions) as session:
        meldkamer = session.scalar(select(User.id).where(User.username == "meldkamer"))
        session.add(AuditLog(user_id=meldkamer, username="meldkamer", action="view_contact", object_type="report",
                             object_id=str(p.police_id), source="/kaart"))
    page = browser.new_page(viewport=LAPTOP)
    login_in_browser(page, url, "privacy-politie")
    page.goto(f"{url}/audit")
    page.wait_for_selector("#audit-entries .ag-row", timeout=15000)
    text = page.inner_text("#audit-entries")
    assert f"melding {p.police_ref}" in text and "/kaart" in text and "Contactgegevens bekeken" in text
    assert "mediaan" in page.inner_text("#audit-rule")
    values = page.locator(".audit-filters input").evaluate_all("els => els.map(e => e.value)")
    today = format_date(utcnow())                                  # the pickers write days in Dutch
    assert today in values, values
    screenshot(page, "audit-1440")
    page.close()


def test_resident_reads_how_we_work_from_melden(planted, browser):
    url, _, _ = planted
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{url}/melden")
    page.click("#intake-how-link")
    page.wait_for_selector("#how-rights", timeout=15000)
    assert "Een medewerker beslist" in page.inner_text("#how-steps")
    screenshot(page, "hoe-wij-werken-390")
    page.close()
