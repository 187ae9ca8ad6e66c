"""Real Chromium: an operator accepts a neighbourhood-app post on Binnengekomen berichten at 1440x900."""

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import FeedPost, Report
from services.feeds import receive_post
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
TEXT = "Al dagen een kapotte lantaarnpaal op de Kasstraat, het is er 's avonds pikdonker"


def test_accepting_a_post_takes_it_out_of_the_queue(live_app, browser):
    url, _, store = live_app
    with transaction(store.sessions) as session:
        post, _ = receive_post(session, {"source": "buurtapp", "id": "e2e-1", "text": TEXT,
                                         "source_name": "BuurtApp Wateringse Veld",
                                         "geotag": {"lat": 52.0415, "lon": 4.284}})
        assert post.state == "te_beoordelen", post.reason
        post_id = post.id
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "handhaving")
    page.click("#nav-feed_review")
    page.wait_for_url(f"{url}/feed-beoordeling")
    row = page.locator(f"#feed-grid .ag-row[row-id='{post_id}']")
    row.wait_for()
    assert "Buurtapp (BuurtApp Wateringse Veld)" in row.inner_text()
    row.locator("[col-id='text']").click()
    page.wait_for_selector(f"#feed-selected:has-text('{TEXT[:30]}')")
    screenshot(page, "feed-review-handhaving-1440")
    page.click("#feed-accept")
    page.wait_for_selector("#feed-message:has-text('Bericht overgenomen als melding HNM-')")
    row.wait_for(state="detached")
    page.wait_for_selector("#feed-selected:has-text('Kies een bericht in de lijst.')")
    page.wait_for_selector("#feed-grid:has-text('Geen berichten die op een besluit wachten.')")
    with store.session() as session:
        post = session.get(FeedPost, post_id)
        report = session.scalar(select(Report).where(Report.id == post.report_id))
        assert post.state == "geaccepteerd" and report.channel == "buurtapp"
        assert report.reference in page.locator("#feed-message").inner_text()
    screenshot(page, "feed-review-accepted-1440")
    page.close()
