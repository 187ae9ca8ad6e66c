"""Residents' photos over HTTP: accepted without EXIF/GPS, other files refused, and only the
handling organisation's staff can fetch one (never anonymous, never gemeente for a police-only report)."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Report, ReportEvent, ReportPhoto
from services.intake import IntakeData, submit_report
from services.photos import attach_photo, prepare_photo
from services.tracking import issue_token
from tests.http.test_resident_pages import POINT, _answer, _output, _submit_inputs

GPS_IFD = 0x8825


def jpeg_with_gps(size=(2400, 1200)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"                      # Make
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (52.0, 2.0, 6.0), 3: "E", 4: (4.0, 16.0, 12.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 114, 178)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def data_url(raw: bytes, kind="image/jpeg") -> str:
    return f"data:{kind};base64,{base64.b64encode(raw).decode()}"


def _report(store, category: str) -> tuple[int, str]:
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text="Foto test melding met genoeg tekst", channel="web",
                                                   lat=POINT[0], lon=POINT[1], category_slug=category))
        return report.id, issue_token(session, report)


def _photo_of(store, report_id: int) -> int:
    with transaction(store.sessions) as session:
        report = session.get(Report, report_id)
        return attach_photo(session, report, prepare_photo(data_url(jpeg_with_gps((40, 30))))).id


@pytest.fixture(scope="module")
def photos(web):
    app, store, clients = web
    police_id, _ = _report(store, "inbraak")
    shared_id, _ = _report(store, "veeg-zwerfvuil")
    with store.sessions() as session:
        assert session.get(Report, police_id).visibility == "politie"
    return app, store, clients, {"police": _photo_of(store, police_id), "shared": _photo_of(store, shared_id)}


def test_the_test_photo_carries_gps():
    assert Image.open(io.BytesIO(jpeg_with_gps())).getexif().get_ifd(GPS_IFD)


def test_intake_stores_the_photo_without_exif_and_capped(web):
    app, store, clients = web
    output = _output(app, "intake-receipt.children")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in output.strip(".").split("...")]
    key = "fotodraftsleutel-0001"
    response = clients[None].callback(output, [{"id": "intake-submit", "property": "n_clicks", "value": 1}],
                                      _submit_inputs(key, "Er ligt een kapotte stoeptegel bij de school",
                                                     photo=data_url(jpeg_with_gps())), outputs=outputs)
    assert "receipt-reference" in str(_answer(response))
    with store.sessions() as session:
        report = session.scalar(select(Report).where(Report.source_ref == f"chat:{key}"))
        photo = session.scalar(select(ReportPhoto).where(ReportPhoto.report_id == report.id))
        kinds = session.scalars(select(ReportEvent.kind).where(ReportEvent.report_id == report.id)).all()
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG" and photo.content_type == "image/jpeg"
    assert (photo.width, photo.height) == stored.size == (1600, 800)
    assert not stored.getexif() and "exif" not in stored.info
    assert b"Telefoonmerk" not in photo.data
    assert "foto toegevoegd" in kinds


@pytest.mark.parametrize("contents", [
    data_url(b"gewone tekst, geen foto", "text/plain"),
    data_url(b"GIF89a" + b"\0" * 40, "image/gif"),
    data_url(b"\xff\xd8\xff kapot", "image/jpeg"),
    "geen data-url",
])
def test_other_files_are_refused_with_a_dutch_message_and_nothing_stored(web, contents):
    app, store, clients = web
    report_id, token = _report(store, "veeg-zwerfvuil")
    key = _output(app, "track-photo-message.children")
    response = clients[None].callback(key, [{"id": "track-photo", "property": "contents", "value": contents}],
                                      [{"id": "track-token", "property": "data", "value": token}])
    assert "JPG of PNG" in str(_answer(response))
    with store.sessions() as session:
        assert session.scalar(select(ReportPhoto.id).where(ReportPhoto.report_id == report_id)) is None


def test_tracking_link_adds_a_png(web):
    app, store, clients = web
    report_id, token = _report(store, "veeg-zwerfvuil")
    buffer = io.BytesIO()
    Image.new("P", (20, 10)).save(buffer, "PNG")
    key = _output(app, "track-photo-message.children")
    response = clients[None].callback(key, [{"id": "track-photo", "property": "contents",
                                             "value": data_url(buffer.getvalue(), "image/png")}],
                                      [{"id": "track-token", "property": "data", "value": token}])
    assert "foto toegevoegd" in str(_answer(response))
    with store.sessions() as session:
        photo = session.scalar(select(ReportPhoto).where(ReportPhoto.report_id == report_id))
    assert photo.content_type == "image/png" and (photo.width, photo.height) == (20, 10)


def test_unknown_token_adds_nothing(web):
    app, _store, clients = web
    key = _output(app, "track-photo-message.children")
    response = clients[None].callback(key, [{"id": "track-photo", "property": "contents",
                                             "value": data_url(jpeg_with_gps((10, 10)))}],
                                      [{"id": "track-token", "property": "data", "value": "onbekend"}])
    assert "werkt niet" in str(_answer(response))


@pytest.mark.parametrize("user, kind, allowed", [
    ("meldkamer", "police", True), ("wijkagent", "police", True),
    ("gemeente", "police", False), ("handhaving", "police", False), ("manager-politie", "police", False),
    ("beheerder", "shared", False), ("manager-gemeente", "shared", False),
    ("wall", "police", False), ("gemeente", "shared", True), ("meldkamer", "shared", False),
])
def test_only_the_handling_organisation_fetches_a_photo(photos, user, kind, allowed):
    _app, _store, clients, ids = photos
    response = clients[user].get(f"/foto/{ids[kind]}")
    if allowed:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert "no-store" in response.headers["Cache-Control"]
        assert not Image.open(io.BytesIO(response.data)).getexif()
    else:
        assert response.status_code in (403, 404) and response.data[:3] != b"\xff\xd8\xff"


@pytest.mark.parametrize("kind", ["police", "shared"])
def test_anonymous_cannot_fetch_any_photo(photos, kind):
    _app, _store, clients, ids = photos
    response = clients[None].get(f"/foto/{ids[kind]}")
    assert response.status_code in (302, 401) and response.data[:3] != b"\xff\xd8\xff"


@pytest.mark.parametrize("user, kind, linked", [
    ("meldkamer", "police", True), ("gemeente", "shared", True),
    ("manager-gemeente", "shared", False), ("meldkamer", "shared", False),
])
def test_report_panel_links_photos_for_the_handling_organisation_only(photos, user, kind, linked):
    from tests.http.test_report_panel import show

    _app, store, clients, ids = photos
    with store.sessions() as session:
        report_id = session.get(ReportPhoto, ids[kind]).report_id
    body = str(show(clients[user], report_id).get_json())
    assert (f"/foto/{ids[kind]}" in body) is linked
