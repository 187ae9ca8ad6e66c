"""Real Chromium at 1440x900: Tijdlijn and Werklast render with the synthetic demo data; a KPI opens
the list of reports behind it and a row opens the report panel."""

import pytest

from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Report, utcnow
from services.demo_scenario import generate_demo
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_app(live_app):
    url, app, store = live_app
    with transaction(store.sessions) as session:
        generate_demo(session, utcnow(), seed=40, weeks=3)
    with store.session() as session:       # a shared, closed report with a few events
        reference = session.scalar(select(Report.reference).where(
            Report.status == "afgehandeld", Report.visibility == "gedeeld").order_by(Report.id.desc()))
    return url, reference


def test_timeline_renders_with_data(demo_app, browser):
    demo_app, reference = demo_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, demo_app, "meldkamer")
    page.goto(f"{demo_app}/tijdlijn?window=7d")
    page.wait_for_selector("#tl-total")
    assert "meldingen in deze periode" in page.locator("#tl-total").inner_text()
    page.wait_for_selector("#tl-counts .bars path, #tl-counts .trace.bars")
    page.wait_for_selector("#tl-heatmap .hm, #tl-heatmap image")
    screenshot(page, "timeline-meldkamer-1440")
    page.fill("#tl-ref", reference)
    page.press("#tl-ref", "Enter")
    page.wait_for_selector("#tl-events-table")
    text = page.locator("#tl-events-table").inner_text()
    assert "Ontvangen" in text and "Status: Afgehandeld" in text
    page.locator("#tl-events-table").scroll_into_view_if_needed()
    screenshot(page, "timeline-events-meldkamer-1440")
    page.close()


def test_workload_renders_and_drills_down(demo_app, browser):
    demo_app, _ = demo_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, demo_app, "manager-gemeente")
    page.goto(f"{demo_app}/werklast")
    page.wait_for_selector("#kpi-wl-open")
    page.wait_for_selector("#wl-groups .ag-row")
    screenshot(page, "workload-manager-gemeente-1440")
    # the grids speak Dutch: the empty drill-down says what to do, the filter menu its operators
    assert "Klik op een getal hierboven" in page.locator("#wl-drill").inner_text()
    assert "No Rows" not in page.locator("#wl-drill").inner_text()
    page.click("#kpi-wl-open")
    page.wait_for_selector("#wl-drill .ag-row")
    assert "Open" in page.locator("#wl-drill-title").inner_text()
    page.locator("#wl-drill").scroll_into_view_if_needed()
    screenshot(page, "workload-drill-manager-gemeente-1440")
    page.locator("#wl-drill .ag-row .ag-cell").first.click()
    page.wait_for_selector("#report-panel:not(.report-panel-hidden)", timeout=10_000)
    screenshot(page, "workload-panel-manager-gemeente-1440")
    page.close()


DUTCH_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
ENGLISH_ONLY = ("Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec ")


def test_charts_toolbar_and_date_picker_speak_dutch(demo_app, browser):
    url, _ = demo_app
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(page, url, "manager-politie")
    page.goto(f"{url}/tijdlijn?window=30d")
    page.wait_for_selector("#tl-counts .xtick text")
    ticks = page.locator("#tl-counts .xaxislayer-above .xtick text").all_text_contents()
    assert any(month in tick for tick in ticks for month in DUTCH_MONTHS), ticks
    assert not any(tick.startswith(ENGLISH_ONLY) for tick in ticks), ticks
    page.hover("#tl-counts .nsewdrag")
    titles = [b.get_attribute("data-title") for b in page.locator("#tl-counts .modebar-btn").all()]
    assert set(titles) == {"Grafiek opslaan als PNG", "Inzoomen", "Uitzoomen", "Hele grafiek"}, titles
    page.locator("#tl-f-range").click()
    calendar = page.locator(".dash-datepicker-content")
    calendar.wait_for()
    text = calendar.inner_text()
    assert all(day in text.split() for day in ("ma", "di", "wo", "do", "vr", "za", "zo")), text
    assert any(month in text for month in ("januari", "februari", "maart", "april", "mei", "juni", "juli",
                                           "augustus", "september", "oktober", "november", "december"))
    year = page.locator(".dash-datepicker-controls input[type=number]").first
    assert year.evaluate("el => el.scrollWidth <= el.clientWidth")          # four digits, not "202"
    plus, field = (page.locator(f".dash-datepicker-controls {s}").first.bounding_box()
                   for s in (".dash-stepper-increment", ".dash-input-container"))
    assert plus["x"] + plus["width"] <= field["x"] + field["width"] + 1      # and its "+" button
    screenshot(page, "timeline-dutch-picker-1440")
    page.close()
