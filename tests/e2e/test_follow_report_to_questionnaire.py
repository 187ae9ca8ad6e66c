"""Real Chromium on a phone: a reporter follows the report through feedback to the questionnaire,
and an unsatisfied answer reopens the report."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from auth.users import principal_for
from data_access.db import transaction
from data_access.models import FeedbackMessage, Report, User, utcnow
from services.intake import IntakeData, submit_report
from services.tracking import issue_token
from services.workflow import change_status
from tests.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_follow_feedback_then_unsatisfied_answer_reopens(live_app, browser):
    url, _app, store = live_app
    with transaction(store.sessions) as s:
        report = submit_report(s, IntakeData(text="Zwerfvuil bij de speeltuin", channel="chat", lat=52.047,
                                             lon=4.29, category_slug="veeg-zwerfvuil",
                                             contact_email="melder@voorbeeld.nl", wants_feedback=True))
        token = issue_token(s, report)
        s.add(FeedbackMessage(report_id=report.id, kind="ontvangstbevestiging", state="verzonden",
                              sent_at=utcnow(), body="Dank voor uw melding; we komen er deze week langs."))
        s.add(FeedbackMessage(report_id=report.id, kind="tussenbericht", state="wachtrij",
                              body="NOG NIET VERZONDEN"))
        staff = principal_for(s.scalar(select(User).where(User.username == "gemeente")))
        s.flush()
        change_status(s, staff, report.id, report.version, "afgehandeld", "Opgeruimd")
        report_id = report.id

    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/volg/{token}")
    page.wait_for_selector("#track-status", timeout=15000)
    text = page.inner_text("#track-view")
    assert "we komen er deze week langs" in text and "NOG NIET VERZONDEN" not in text
    page.wait_for_selector("#track-survey-box:not([hidden])", timeout=15000)
    page.check("#track-satisfied input[value=nee]")
    page.locator("#track-reason input").first.check()
    page.fill("#track-answer-text", "Er ligt alweer troep.")
    page.click("#track-answer")
    page.wait_for_function("document.querySelector('#track-answer-message').innerText.length > 0",
                           timeout=15000)
    screenshot(page, "resident-questionnaire-390")
    with store.session() as s:
        assert s.get(Report, report_id).status == "heropend"
    page.close()
