"""Real Chromium: "Gebruik mijn locatie" on /melden (browser geolocation, checked on the server like a
map pin), a photo with the intake, and the first path of issue 6: a chat intake on a phone whose
report then shows on the meldkamer's live map."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from data_access.models import Report, ReportPhoto
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
ZONNE_VELD = "BU05184013"
MAP_IDS = """() => {
  const layout = window.dash_component_api.getLayout('map-reports');
  return layout ? layout.props.data.features.map(f => f.properties.id) : [];
}"""


def _phone_with_position(browser, latitude: float, longitude: float):
    context = browser.new_context(viewport=PHONE, permissions=["geolocation"],
                                  geolocation={"latitude": latitude, "longitude": longitude})
    return context, context.new_page()


def _describe(page, text: str) -> None:
    page.fill("#intake-text", text)
    page.wait_for_selector("#intake-category input", timeout=30000)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 158, 115)).save(buffer, "JPEG")
    return buffer.getvalue()


def _send(page) -> str:
    page.check("#intake-when input[value=nu]")
    page.check("#intake-ongoing input[value=ja]")
    page.click("#intake-submit")
    page.wait_for_selector("#receipt-reference", timeout=15000)
    return page.inner_text("#receipt-reference")


def test_current_location_and_a_photo_complete_the_intake(live_app, browser):
    url, _app, store = live_app
    context, page = _phone_with_position(browser, 52.035, 4.27)
    page.goto(f"{url}/melden")
    _describe(page, "Er ligt een grote losse stoeptegel op de stoep bij de bushalte")
    page.click("#intake-geolocate")
    page.wait_for_selector("text=Locatie: uw huidige locatie", timeout=15000)
    page.set_input_files("#intake-photo input", files=[{"name": "stoeptegel.jpg", "mimeType": "image/jpeg",
                                                        "buffer": _jpeg()}])
    page.wait_for_selector("text=Foto gekozen: stoeptegel.jpg", timeout=15000)
    screenshot(page, "resident-melden-locatie-foto-390")
    reference = _send(page)
    with store.session() as session:
        report = session.scalar(select(Report).where(Report.reference == reference))
        assert report.buurt_code == ZONNE_VELD and report.channel == "chat"
        assert session.scalar(select(ReportPhoto.width).where(ReportPhoto.report_id == report.id)) == 64
    context.close()


def test_a_position_outside_the_area_is_refused(live_app, browser):
    url, _app, _store = live_app
    context, page = _phone_with_position(browser, 52.3731, 4.8922)      # Amsterdam
    page.goto(f"{url}/melden")
    page.click("#intake-geolocate")
    page.wait_for_selector("text=Deze plek ligt buiten Wateringse Veld", timeout=15000)
    assert "uw huidige locatie" not in page.inner_text("#intake-location-text")
    context.close()


def test_chat_intake_report_shows_on_the_live_map(live_app, browser):
    url, _app, store = live_app
    phone = browser.new_page(viewport=PHONE)
    phone.goto(f"{url}/melden")
    _describe(phone, "De lantaarnpaal in de Akkerwindestraat is kapot en het is erg donker")
    phone.fill("#intake-street", "Akkerwindestraat")
    phone.click("#intake-street-search")
    phone.wait_for_selector("text=Locatie: Akkerwindestraat")
    reference = _send(phone)
    phone.close()
    with store.session() as session:
        report_id = session.scalar(select(Report.id).where(Report.reference == reference))
    staff = browser.new_page(viewport={"width": 1440, "height": 900})
    login_in_browser(staff, url, "meldkamer")
    staff.goto(f"{url}/kaart")
    staff.wait_for_selector("#map .hnm-marker, #map .hnm-cluster", timeout=15000)
    staff.wait_for_function(f"({MAP_IDS})().includes({report_id})", timeout=15000)
    screenshot(staff, "live-map-after-chat-intake-1440")
    staff.close()
