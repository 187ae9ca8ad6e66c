"""Real Chromium: the intake completed with the keyboard only, "Ik zie dit ook" and following a buurt."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import AreaFollower, Report, ResidentConfirmation
from services.intake import IntakeData, submit_report
from tests.conftest import screenshot

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
BUURT = "BU05184012"


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (no clicks)."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} niet bereikt met Tab")


def test_intake_with_the_keyboard_only(live_app, browser):
    url, _app, store = live_app
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{url}/melden")
    page.wait_for_selector("#intake-text")
    _tab_to(page, "#intake-text")
    page.keyboard.type("Er ligt een grote berg afval naast de glasbak bij het winkelcentrum")
    page.wait_for_selector("#intake-category input", timeout=30000)
    _tab_to(page, "#intake-street")
    page.keyboard.type("Akkerwindestraat")          # at machine speed: the field must keep the order
    _tab_to(page, "#intake-street-search")          # leaving the field commits it; then "Zoek"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Locatie: Akkerwindestraat", timeout=30000)
    _tab_to(page, "#intake-when input")
    page.keyboard.press("Space")
    _tab_to(page, "#intake-ongoing input")
    page.keyboard.press("Space")
    _tab_to(page, "#intake-email")
    page.keyboard.type("toetsenbord@example.org")
    _tab_to(page, "#intake-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#receipt-reference", timeout=15000)
    reference = page.inner_text("#receipt-reference")
    screenshot(page, "resident-keyboard-receipt-390")
    with store.session() as session:
        report = session.scalar(select(Report).where(Report.reference == reference))
        assert report is not None and report.channel == "chat" and report.buurt_code == BUURT
        assert "Wanneer: nu" in report.text
    page.close()


def test_seen_too_and_follow_on_the_buurt_page(live_app, browser):
    url, _app, store = live_app
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text="Kapotte bank in het park", channel="web", lat=52.0455,
                                                   lon=4.288, address="Akkerwindestraat 3, Den Haag",
                                                   category_slug="veeg-zwerfvuil"))
        target = f"report:{report.id}"
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{url}/buurt/{BUURT}")
    button = page.locator(f"button[id*='{target}']")
    button.wait_for(timeout=15000)
    button.click()
    page.wait_for_selector("text=We tellen mee dat u dit ook ziet", timeout=15000)
    page.locator("#buurt-problems").scroll_into_view_if_needed()
    screenshot(page, "resident-buurt-seen-too-390")
    page.fill("#buurt-follow-email", "volger@example.org")
    page.click("#buurt-follow")
    page.wait_for_selector("text=Bijna klaar", timeout=15000)
    screenshot(page, "resident-buurt-followups-390")
    with store.session() as session:
        assert session.scalar(select(ResidentConfirmation).where(ResidentConfirmation.target == target))
        follower = session.scalar(select(AreaFollower).where(AreaFollower.email == "volger@example.org"))
        assert follower is not None and follower.confirmed_at is None     # waits for the confirmation
    page.close()


def test_street_typed_fast_while_the_proposal_arrives_keeps_its_order(live_app, browser):
    """Typing the street right after the description, while proposal answers are still being
    drawn, used to move the cursor back (Dash 4's debounced input); about every other try failed."""
    url, _app, _store = live_app
    for attempt in range(3):
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{url}/melden")
        page.wait_for_selector("#intake-text")
        page.click("#intake-text")
        page.keyboard.type("Er ligt een grote berg afval naast de glasbak bij het winkelcentrum")
        page.click("#intake-street")
        page.keyboard.type("Akkerwindestraat")
        page.wait_for_timeout(1000)
        assert page.input_value("#intake-street") == "Akkerwindestraat", attempt
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Locatie: Akkerwindestraat", timeout=15000)
        page.close()
