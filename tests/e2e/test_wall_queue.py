"""Real Chromium on /wall at 1920x1080 with more open urgent reports than fit beside the map: every
row of "Spoed - open" that the wall draws is whole inside the queue's box, and "+N meer" says how
many are not drawn (the wall once showed three rows and hid five more and the count unseen)."""

from datetime import timedelta

import pytest

from data_access.db import transaction
from data_access.models import utcnow
from services.intake import IntakeData, submit_report
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
URGENT = 11
# Each row and line of the queue, with its box and whether it lies wholly inside the queue's box.
ROWS = """() => {
  const box = document.querySelector('.wall-queue').getBoundingClientRect();
  return [...document.querySelectorAll('.wall-queue li')].map(li => {
    const r = li.getBoundingClientRect();
    return {text: li.innerText.replace(/\\s+/g, ' '), more: li.classList.contains('queue-more'),
            inside: r.width > 0 && r.left >= box.left && r.right <= box.right + 0.5
                    && r.top >= box.top && r.bottom <= box.bottom + 0.5};
  });
}"""


def test_every_queue_row_on_the_wall_is_whole_and_the_rest_is_counted(live_app, browser):
    url, _, store = live_app
    now = utcnow()
    with transaction(store.sessions) as session:
        for hours in range(URGENT):         # one of them may describe someone in danger: a badge line
            submit_report(session, IntakeData(text=f"Boom over de weg {hours}", channel="app",
                                              lat=52.040 + hours * 0.0005, lon=4.28, urgent=True,
                                              category_slug="onderhoud-stoep-straat-en-fietspad",
                                              danger="unsure" if hours == 4 else None,
                                              received_at=now - timedelta(hours=hours, minutes=5)))
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    login_in_browser(page, url, "wall")
    page.goto(f"{url}/wall")
    page.wait_for_selector(".wall-queue .queue-more")
    page.wait_for_selector("#kpi-wall-open-urgent")
    rows = page.evaluate(ROWS)
    screenshot(page, "wall-queue-1920x1080")
    items = [row for row in rows if not row["more"]]
    assert all(row["inside"] for row in rows), rows
    assert rows[-1]["more"] and rows[-1]["text"] == f"+{URGENT - len(items)} meer", rows
    assert len(items) >= 3 and "Controleer eerst" in items[0]["text"], rows
    assert page.locator("#kpi-wall-open-urgent").inner_text() == str(URGENT)
    page.close()
