"""Real Chromium on a phone (390x844): chat intake, the 112 stop, the safety question ("Is er nu iemand in
gevaar?"), a buurtbericht, axe-core checks."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Report
from services.intake import IntakeData, submit_report
from services.tracking import issue_token
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")
BUURT = "BU05184012"


def _phone(browser):
    return browser.new_page(viewport=PHONE)


def test_complete_chat_intake_creates_a_report(live_app, browser):
    url, _app, store = live_app
    page = _phone(browser)
    page.goto(f"{url}/melden")
    page.fill("#intake-text", "De lantaarnpaal bij de speeltuin brandt al een week niet")
    page.wait_for_selector("#intake-category input", timeout=30000)
    assert "Het gaat volgens ons over" in page.inner_text("#intake-proposal")
    page.fill("#intake-street", "Akkerwindestraat")
    page.click("#intake-street-search")
    page.wait_for_selector("text=Locatie: Akkerwindestraat")
    page.check("#intake-when input[value=vandaag]")
    page.check("#intake-ongoing input[value=ja]")
    page.fill("#intake-email", "melder@example.org")
    screenshot(page, "resident-melden-390")
    page.click("#intake-submit")
    page.wait_for_selector("#receipt-reference", timeout=15000)
    reference = page.inner_text("#receipt-reference")
    screenshot(page, "resident-receipt-390")
    with store.session() as session:
        report = session.scalar(select(Report).where(Report.reference == reference))
        assert report is not None and report.channel == "chat" and report.buurt_code == BUURT
    page.click("#receipt-link")
    page.wait_for_selector("#track-status", timeout=15000)
    assert "ontvangen" in page.inner_text("#track-status")
    screenshot(page, "resident-volg-390")
    page.close()


def test_urgent_text_stops_with_112(live_app, browser):
    url, _app, _store = live_app
    page = _phone(browser)
    page.goto(f"{url}/melden")
    page.fill("#intake-text", "Help er ligt iemand bewusteloos op straat en hij bloedt heel erg")
    _expect_112_stop(page, "resident-112-390")


def _expect_112_stop(page, shot: str) -> None:
    page.wait_for_selector("#advice-112", timeout=15000)
    assert page.locator("#intake-form").is_hidden()
    screenshot(page, shot)
    page.close()


UNSURE = "Er ligt een man op de stoep bij de bushalte, hij ligt daar al een tijd"


def _asked(browser, url):
    """The chat with a text that may describe someone in danger: the one question is shown."""
    page = _phone(browser)
    page.goto(f"{url}/melden")
    page.fill("#intake-text", UNSURE)
    page.wait_for_selector("#intake-safety-box:not([hidden])", timeout=30000)
    assert "Is er nu iemand in gevaar?" in page.inner_text("#intake-safety-box")
    return page


def test_yes_to_the_safety_question_stops_with_112(live_app, browser):
    url, _app, _store = live_app
    page = _asked(browser, url)
    box = page.locator("#intake-danger-yes").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "triage-safety-question-390")
    page.click("#intake-danger-yes")
    _expect_112_stop(page, "triage-safety-yes-112-390")


def test_no_to_the_safety_question_continues_and_the_report_says_so(live_app, browser):
    url, _app, store = live_app
    page = _asked(browser, url)
    page.click("#intake-danger-no")
    page.wait_for_selector("#intake-safety-box", state="hidden", timeout=15000)
    assert page.locator("#intake-form").is_visible() and page.locator("#advice-112").count() == 0
    page.click("#intake-why summary")
    assert "De computer koos dit onderwerp door deze woorden" in page.inner_text("#intake-why-text")
    page.fill("#intake-street", "Akkerwindestraat")
    page.click("#intake-street-search")
    page.wait_for_selector("text=Locatie: Akkerwindestraat")
    screenshot(page, "triage-safety-no-390")
    page.click("#intake-submit")
    page.wait_for_selector("#receipt-reference", timeout=15000)
    reference = page.inner_text("#receipt-reference")
    with store.session() as session:
        report = session.scalar(select(Report).where(Report.reference == reference))
        assert not report.safety_check and "Iemand nu in gevaar: nee" in report.text
    page.close()


def test_buurtbericht_by_staff_appears_on_buurt_page(live_app, browser):
    url, _app, _store = live_app
    staff = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(staff, url, "wijkagent")
    staff.goto(f"{url}/buurtberichten")
    staff.click("#nb-area")
    staff.keyboard.type("Hoge Veld")
    staff.keyboard.press("Enter")
    staff.check("#nb-kind input[value=tip]")
    staff.fill("#nb-title", "Sluit uw schuur af")
    staff.fill("#nb-body", "Er wordt ingebroken in schuurtjes. Doe er een goed slot op.")
    staff.click("#nb-submit")
    staff.wait_for_selector("#nb-link", timeout=15000)
    screenshot(staff, "staff-buurtberichten-1440")
    staff.close()
    page = _phone(browser)
    page.goto(f"{url}/buurt/{BUURT}")
    page.wait_for_selector("text=Sluit uw schuur af", timeout=15000)
    screenshot(page, "resident-buurt-390")
    page.close()


def _token(store) -> str:
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text="Losliggende stoeptegel", channel="web", lat=52.0455,
                                                   lon=4.288, category_slug="veeg-zwerfvuil"))
        return issue_token(session, report)


@pytest.mark.parametrize("path", ["/melden", "/volg/{token}", f"/buurt/{BUURT}", f"/buurt/{BUURT}/afmelden/onbekend",
                                  "/hoe-wij-werken"])
def test_no_serious_accessibility_violations(live_app, browser, path):
    if not os.path.exists(AXE):
        pytest.skip("axe-core ontbreekt: voer 'npm ci' uit in de projectmap (package.json)")
    url, _app, store = live_app
    page = _phone(browser)
    page.goto(url + path.format(token=_token(store)))
    page.wait_for_selector(".resident-page", timeout=15000)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=AXE)
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    page.close()
