"""A region's street list is configuration (issue 19): the invented Lindendal places "Lindelaan 12"
through its own street GeoJSON (RD New, tests/fixtures/region) into the right buurt, via the intake
callbacks and Open311 over HTTP and real SQL; a region without a street list places no address by
its street, says so, and everything else goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Report
from data_access.region import load_region
from services.api_keys import create_key
from tests.conftest import BACKENDS, RoleClient, make_app, make_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "region"
REGION_FILE = FIXTURES / "lindendal.yaml"
MOLENHOEK, STATIONSKWARTIER, DE_AKKERS = "BU09990101", "BU09990102", "BU09990103"
TEXT = "Er ligt veel zwerfvuil bij de speeltuin"


def _street_app(request, tmp_path_factory, region_file: Path):
    store = make_store(request, request.param, tmp_path_factory, load_region(region_file))
    app = make_app(store, tmp_path_factory, region=str(region_file))
    with transaction(store.sessions) as session:
        _, key = create_key(session, "straten-test")
    return app, store, key


@pytest.fixture(scope="module", params=BACKENDS)
def lindendal(request, tmp_path_factory):
    return _street_app(request, tmp_path_factory, REGION_FILE)


@pytest.fixture(scope="module", params=BACKENDS)
def streetless(request, tmp_path_factory):
    """Lindendal without its `streets:` key."""
    text = REGION_FILE.read_text(encoding="utf-8")
    assert "streets:\n  file: lindendal_straten.geojson\n" in text
    region_file = tmp_path_factory.mktemp("region") / "zonder_straten.yaml"
    areas = f"file: {FIXTURES / 'lindendal_buurten.geojson'}"
    region_file.write_text(text.replace("streets:\n  file: lindendal_straten.geojson\n", "")
                           .replace("file: lindendal_buurten.geojson", areas), encoding="utf-8")
    return _street_app(request, tmp_path_factory, region_file)


def _open311(app, key, **fields):
    data = {"api_key": key, "service_code": "grofvuil", "description": "Bank op de stoep", **fields}
    return app.server.test_client().post("/open311/v2/requests.json", data=data)


def _stored(store, reference: str) -> tuple[str, float, float]:
    with store.session() as session:
        return session.execute(select(Report.buurt_code, Report.lat, Report.lon)
                               .where(Report.reference == reference)).one()


def _output(app, contains: str) -> str:
    return next(key for key in app.callback_map if contains in key)


def _look_up(app, client, street: str) -> dict:
    """The intake's street field, left after typing `street`: the pin callback's answer."""
    output = _output(app, "intake-location-text.children..")
    response = client.callback(output, [{"id": "intake-map", "property": "clickData", "value": None},
                                        {"id": "intake-street-search", "property": "n_clicks", "value": 1},
                                        {"id": "intake-street", "property": "n_blur", "value": 1},
                                        {"id": "intake-street", "property": "n_submit", "value": 1}],
                               [{"id": "intake-street", "property": "value", "value": street},
                                {"id": "intake-location", "property": "data", "value": None}],
                               changed=["intake-street.n_blur"])
    assert response.status_code == 200, response.text[:300]
    return response.get_json()["response"]


def _submit(app, client, key: str, location: dict) -> str:
    """Submit the intake form with this location; the receipt's text."""
    output = _output(app, "intake-receipt.children")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in output.strip(".").split("...")]
    names = ["draft-key", "text", "category", "followup", "location", "when", "ongoing", "name", "email", "phone",
             "feedback", "oproep"]
    values = [key, TEXT, None, None, location, "nu", "ja", None, None, None, [], None]
    state = [{"id": f"intake-{n}", "property": "data" if n in ("draft-key", "location", "oproep") else "value",
              "value": v} for n, v in zip(names, values)]
    state += [{"id": "intake-photo", "property": "contents", "value": None},
              {"id": "intake-danger-answer", "property": "data", "value": None}]
    response = client.callback(output, [{"id": "intake-submit", "property": "n_clicks", "value": 1}], state,
                               outputs=outputs)
    assert response.status_code == 200, response.text[:300]
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def test_open311_places_a_house_number_in_the_buurt_along_the_regions_street(lindendal):
    app, store, key = lindendal
    lindelaan = next(s for s in load_region(REGION_FILE).streets if s.name == "Lindelaan")
    numbered = _open311(app, key, address_string="Lindelaan 12, Lindendal")
    middle = _open311(app, key, address_string="bij de lindelaan")
    akkerpad = _open311(app, key, address_string="Akkerpad 3")
    assert numbered.status_code == middle.status_code == akkerpad.status_code == 201
    # number 12 of 100 lies near the street's start, in Molenhoek; its middle lies in Stationskwartier
    assert _stored(store, numbered.json[0]["service_request_id"]) == (MOLENHOEK, *lindelaan.house(12))
    assert _stored(store, middle.json[0]["service_request_id"]) == (STATIONSKWARTIER, lindelaan.lat, lindelaan.lon)
    assert _stored(store, akkerpad.json[0]["service_request_id"])[0] == DE_AKKERS
    # Wateringse Veld's streets are not this region's
    unknown = _open311(app, key, address_string="Erasmusweg 12")
    assert unknown.status_code == 400 and "Lindendal-Oost" in unknown.json[0]["description"]


def test_intake_finds_the_street_and_stores_the_report_in_its_buurt(lindendal):
    app, store, _ = lindendal
    client = RoleClient(app, None)
    answer = _look_up(app, client, "Lindelaan 12")
    assert answer["intake-location-text"]["children"] == "Locatie: Lindelaan 12."
    location = answer["intake-location"]["data"]
    receipt = _submit(app, client, "draftkey-" + "l" * 20, location)
    assert "HNM-" in receipt, receipt[:300]
    with store.session() as session:
        buurt = session.scalar(select(Report.buurt_code).where(Report.source_ref == "chat:draftkey-" + "l" * 20))
    assert buurt == MOLENHOEK
    assert "kennen we niet in Lindendal-Oost" in json.dumps(_look_up(app, client, "Erasmusweg 12"))


def test_without_a_street_list_addresses_ask_for_a_map_point(streetless):
    app, store, key = streetless
    client = RoleClient(app, None)
    page = client.callback(".._pages_content.children..._pages_store.data..",
                           [{"id": "_pages_location", "property": "pathname", "value": "/melden"},
                            {"id": "_pages_location", "property": "search", "value": ""}],
                           outputs=[{"id": "_pages_content", "property": "children"},
                                    {"id": "_pages_store", "property": "data"}])
    assert page.status_code == 200
    text = page.text
    assert "Waar is het? Tik op de kaart of gebruik uw locatie." in text and "Typ de straat" not in text
    assert "Voor Lindendal-Oost hebben we geen stratenlijst. Tik op de kaart." in json.dumps(
        _look_up(app, client, "Lindelaan 12"))
    refused = _open311(app, key, address_string="Lindelaan 12")
    assert refused.status_code == 400 and "geen stratenlijst" in refused.json[0]["description"]
    pinned = _open311(app, key, address_string="Lindelaan 12", lat="52.5170", long="6.1054")   # a map point
    assert pinned.status_code == 201
    assert _stored(store, pinned.json[0]["service_request_id"])[0] == MOLENHOEK
    assert app.server.test_client().get("/open311/v2/requests.json").status_code == 200
    beheer = RoleClient(app, "beheerder").callback(
        ".._pages_content.children..._pages_store.data..",
        [{"id": "_pages_location", "property": "pathname", "value": "/beheer"},
         {"id": "_pages_location", "property": "search", "value": ""}],
        outputs=[{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}])
    assert "geen: adressen worden niet op hun straat geplaatst" in beheer.text
