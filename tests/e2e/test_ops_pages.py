"""Real Chromium: staff set their on-duty mail on /instellingen, beheerder sees the jobs on /beheer,
a resident confirms following a buurt on the phone (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import AreaFollower, StaffNotificationSetting, User
from services.area_followers import FollowerLinks, follow
from services.jobs.runner import JobRunner
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
LAPTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}


def test_staff_settings_and_jobs_on_beheer(live_app, browser):
    url, app, store = live_app
    page = browser.new_page(viewport=LAPTOP)
    login_in_browser(page, url, "wijkagent")
    page.goto(f"{url}/instellingen")
    page.fill("#staff-notify-email", "wijkagent@politie.example")
    page.get_by_label("Ik heb nu dienst: stuur mij e-mail").check()
    page.click("#staff-notify-save")
    page.wait_for_selector("text=Opgeslagen. U krijgt e-mail over spoedmeldingen en signalen", timeout=15000)
    screenshot(page, "ops-instellingen-1440")
    page.close()
    with store.session() as session:
        user_id = session.scalar(select(User.id).where(User.username == "wijkagent"))
        assert session.get(StaffNotificationSetting, user_id).on_duty
    JobRunner(app.server).run_now("staff")
    page = browser.new_page(viewport=LAPTOP)
    login_in_browser(page, url, "beheerder")
    page.goto(f"{url}/beheer")
    page.wait_for_selector("#job-staff", timeout=15000)
    page.locator("#admin-jobs").scroll_into_view_if_needed()
    assert "gelukt" in page.inner_text("#job-staff")
    screenshot(page, "ops-beheer-jobs-1440")
    page.close()


def test_confirm_following_on_the_phone(live_app, browser):
    url, app, store = live_app
    with transaction(store.sessions) as session:
        follower = follow(session, "BU05184011", "telefoon@example.org")
        link = FollowerLinks(url, app.server.config["SECRET_KEY"]).confirm_url(follower)
    page = browser.new_page(viewport=PHONE)
    page.goto(link)
    page.click("#confirm-follow-submit")
    page.wait_for_selector("text=Gelukt", timeout=15000)
    screenshot(page, "ops-bevestigen-390")
    page.close()
    with store.session() as session:
        assert session.scalar(select(AreaFollower.confirmed_at).where(AreaFollower.email == "telefoon@example.org"))
