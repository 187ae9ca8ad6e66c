"""Real Chromium: the Terugkoppeling and Trends pages with the synthetic scenario at 1440x900,
sending a message from the queue, and the evaluation report printed to PDF."""

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Report, SatisfactionAnswer, utcnow
from services.demo_scenario import generate_demo
from tests.conftest import ARTIFACTS, login_in_browser, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_app(live_app):
    url, app, store = live_app
    with transaction(store.sessions) as session:
        generate_demo(session, utcnow(), 40, weeks=4)
        closed = session.scalars(select(Report).where(Report.status == "afgehandeld").limit(60)).all()
        for index, report in enumerate(closed):
            session.add(SatisfactionAnswer(report_id=report.id, satisfied=index % 4 != 0,
                                           reason=None if index % 4 else "te_lang",
                                           answered_at=report.closed_at + timedelta(hours=20)))
    return url


def test_feedback_page_and_sending(demo_app, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, demo_app, "gemeente")
    page.goto(f"{demo_app}/terugkoppeling")
    page.wait_for_selector("#kpi-fb-wanting")
    page.wait_for_selector("#fb-queue .ag-row")
    assert int(page.locator("#kpi-fb-wanting").inner_text().replace(".", "")) > 0
    screenshot(page, "feedback-gemeente-1440")
    page.locator("#fb-queue .ag-row .ag-cell").first.click()
    page.wait_for_function("document.querySelector('#fb-body').value.length > 20")
    page.click("#fb-send")
    page.wait_for_selector(".fb-ok, .fb-send-message .form-error")
    message = page.locator("#fb-send-message").inner_text()
    assert "klaargezet" in message
    # the form starts anew: no report chosen, no text, so a second click cannot send it twice
    page.wait_for_function("document.querySelector('#fb-body').value === ''")
    assert page.locator("#fb-queue .ag-row-selected").count() == 0
    assert "Kies een melding" in page.locator("#fb-selected").inner_text()
    assert "klaargezet" in page.locator("#fb-send-message").inner_text()
    page.locator(".fb-send-panel").scroll_into_view_if_needed()
    screenshot(page, "feedback-gemeente-sent-1440")
    page.click("#fb-send")
    page.wait_for_selector(".fb-send-message .form-error")
    assert "Kies eerst een melding" in page.locator("#fb-send-message").inner_text()
    page.locator("#fb-queue .ag-row .ag-cell").first.click()       # choosing clears the error
    page.wait_for_function("document.querySelector('#fb-body').value.length > 20")
    page.wait_for_function("document.querySelector('#fb-send-message').innerText.trim() === ''")
    page.close()


def test_trends_page_for_a_manager(demo_app, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, demo_app, "manager-gemeente")
    page.goto(f"{demo_app}/trends")
    page.wait_for_selector("#kpi-tr-0")
    page.wait_for_selector("#tr-multiples .main-svg")
    assert page.locator("#tr-title").inner_text().strip()
    screenshot(page, "trends-manager-gemeente-1440")
    page.locator("#tr-multiples").scroll_into_view_if_needed()
    screenshot(page, "trends-multiples-1440")
    page.close()


def test_evaluation_report_prints_to_pdf(demo_app, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, demo_app, "manager-politie")
    today = utcnow().date()
    page.goto(f"{demo_app}/export/evaluatie?van={today - timedelta(weeks=4)}&tot={today}")
    page.wait_for_selector("#ev-reports")
    screenshot(page, "evaluation-1440")
    os.makedirs(ARTIFACTS, exist_ok=True)
    target = os.path.join(ARTIFACTS, "evaluatie.pdf")
    page.pdf(path=target, format="A4", print_background=True)
    with open(target, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.close()
