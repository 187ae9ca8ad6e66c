"""Open311 GeoReport v2: schemas, shapes of real servers' answers, every error, JSON and XML,
and what the public may see (no personal data, no police-only report, coarse locations)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from sqlalchemy import func, select, update

from data_access.db import transaction
from data_access.models import ApiKey, IntakeRequest, Report, ReporterContact
from services.api_keys import create_key, revoke_key
from services.gazetteer import find_place

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "open311"
INSIDE = {"lat": "52.04153", "long": "4.28417"}          # Lage Veld
OUTSIDE = {"lat": "52.0800", "long": "4.3100"}           # The Hague centre, outside the served area


def _validator(name: str) -> Draft7Validator:
    schemas = {p.name: json.loads(p.read_text()) for p in (FIXTURES / "schema").glob("*.json")}
    registry = Registry().with_resources(
        (n, Resource.from_contents(s, default_specification=DRAFT7)) for n, s in schemas.items())
    return Draft7Validator(schemas[name], registry=registry)


def _tags(element) -> set[str]:
    return {child.tag for child in element}


@pytest.fixture(scope="module")
def api(web):
    app, store, _ = web
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"open311-test-{uuid.uuid4().hex[:6]}")
        revoked_name = f"revoked-{uuid.uuid4().hex[:6]}"
        _, revoked = create_key(session, revoked_name)
        revoke_key(session, revoked_name)
    return app.server.test_client(), key, revoked, store


def _post(client, key, **fields):
    data = {"api_key": key, "service_code": "grofvuil", "description": "Bank op de stoep", **INSIDE}
    data.update(fields)
    return client.post("/open311/v2/requests.json", data={k: v for k, v in data.items() if v is not None})


def _count(store) -> tuple[int, int, int]:
    with store.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(m))
                     for m in (Report, ReporterContact, IntakeRequest))


# --- discovery and services --------------------------------------------------------------------

def test_discovery_json_and_xml_have_the_shape_of_real_servers(api):
    client, *_ = api
    ours = client.get("/open311/discovery.json").json
    boston = json.loads((FIXTURES / "servers" / "discovery-boston.json").read_text())
    assert set(boston) <= set(ours)
    assert set(boston["endpoints"][0]) <= set(ours["endpoints"][0])
    assert ours["endpoints"][0]["url"].endswith("/open311/v2")
    xml = ElementTree.fromstring(client.get("/open311/discovery.xml").data)
    dc = ElementTree.parse(FIXTURES / "servers" / "discovery-dc.xml").getroot()
    assert xml.tag == dc.tag == "discovery"
    assert {"changeset", "contact", "endpoints"} <= _tags(xml)
    assert xml.find("endpoints/endpoint/formats/format") is not None


def test_services_validate_and_match_real_servers(api):
    client, *_ = api
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    services = response.json
    _validator("services.json").validate(services)
    bloomington = json.loads((FIXTURES / "servers" / "civicbot_fixtures.json").read_text())["bloomington_services"]
    assert set(bloomington[0]) == set(services[0])
    grofvuil = next(s for s in services if s["service_code"] == "grofvuil")
    assert grofvuil["group"] == "Afval" and grofvuil["type"] == "realtime" and grofvuil["metadata"] is True

    xml = ElementTree.fromstring(client.get("/open311/v2/services.xml").data)
    dc = ElementTree.parse(FIXTURES / "servers" / "dc-services.xml").getroot()
    assert xml.tag == dc.tag == "services"
    assert _tags(dc.find("service")) == _tags(xml.find("service"))
    assert len(xml.findall("service")) == len(services)


def test_service_definition_with_urgency_attribute_in_json_and_xml(api):
    client, *_ = api
    definition = client.get("/open311/v2/services/grofvuil.json").json
    _validator("service-definition.json").validate(definition)
    spoed = next(a for a in definition["attributes"] if a["code"] == "spoed")
    assert [v["key"] for v in spoed["values"]] == ["ja", "nee"]
    xml = ElementTree.fromstring(client.get("/open311/v2/services/grofvuil.xml").data)
    dc = ElementTree.parse(FIXTURES / "servers" / "dc-services-S0301.xml").getroot()
    assert xml.tag == dc.tag == "service_definition"
    assert _tags(dc.find("attributes/attribute")) == _tags(xml.find("attributes/attribute"))
    assert _tags(dc.find("attributes/attribute/values/value")) == _tags(xml.find("attributes/attribute/values/value"))
    assert client.get("/open311/v2/services/bestaat-niet.json").status_code == 404


# --- submitting and reading ----------------------------------------------------------------------

def test_post_then_read_back_by_token_id_and_list(api):
    client, key, _, store = api
    response = _post(client, key, email="melder@example.org", first_name="Jan", phone="0612345678",
                     **{"attribute[spoed]": "ja", "address_string": "Laan van Wateringse Veld 12"})
    assert response.status_code == 201
    answer = response.json[0]
    assert answer["service_request_id"].startswith("HNM-") and answer["token"]
    with store.session() as session:
        report = session.scalar(select(Report).where(Report.reference == answer["service_request_id"]))
        assert report.channel == "open311" and report.urgent and report.buurt_code == "BU05184014"

    token = client.get(f"/open311/v2/tokens/{answer['token']}.json").json
    assert token == [{"service_request_id": answer["service_request_id"], "token": answer["token"]}]
    token_xml = ElementTree.fromstring(client.get(f"/open311/v2/tokens/{answer['token']}.xml").data)
    reference = ElementTree.parse(FIXTURES / "servers" / "token.xml").getroot()
    assert token_xml.tag == reference.tag and _tags(token_xml.find("request")) == _tags(reference.find("request"))

    single = client.get(f"/open311/v2/requests/{answer['service_request_id']}.json")
    _validator("requests.json").validate(single.json)
    item = single.json[0]
    assert item["status"] == "open" and item["status_notes"] == "Gemeld"
    assert item["lat"] == 52.042 and item["long"] == 4.284            # rounded to ~100 m
    assert item["address"] == "Laan van Wateringse Veld"              # no house number
    for moment in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert datetime.fromisoformat(item[moment]).utcoffset() is not None
    body = single.data.decode() + client.get("/open311/v2/requests.json").data.decode()
    assert "melder@example.org" not in body and "0612345678" not in body and "Jan" not in body

    listing = client.get("/open311/v2/requests.json").json
    _validator("requests.json").validate(listing)
    assert answer["service_request_id"] in {r["service_request_id"] for r in listing}
    xml = ElementTree.fromstring(client.get("/open311/v2/requests.xml").data)
    sf = ElementTree.parse(FIXTURES / "servers" / "service-requests.xml").getroot()
    assert xml.tag == sf.tag == "service_requests"
    assert _tags(sf.find("request")) == _tags(xml.find("request"))


def test_address_string_alone_needs_a_known_street(api):
    client, key, _, store = api
    ok = _post(client, key, lat=None, long=None, address_string="Kasstraat bij de speeltuin")
    assert ok.status_code == 201
    numbered = _post(client, key, lat=None, long=None, address_string="Kasstraat 71, Den Haag")
    with store.session() as session:
        places = {ref: (lat, lon) for ref, lat, lon in session.execute(select(Report.reference, Report.lat, Report.lon))}
    street = find_place("Kasstraat").street
    assert places[ok.json[0]["service_request_id"]] == (street.lat, street.lon)      # the middle
    assert places[numbered.json[0]["service_request_id"]] == street.house(71)        # the far end
    before = _count(store)
    bad = _post(client, key, lat=None, long=None, address_string="Ergens in Rotterdam")
    assert bad.status_code == 400 and "address_string" in bad.json[0]["description"]
    assert _count(store) == before


def test_filters_status_codes_dates_and_ids(api):
    client, key, _, store = api
    first = _post(client, key, service_code="boom", description="Tak hangt over het fietspad").json[0]
    second = _post(client, key, service_code="onkruid", description="Veel onkruid").json[0]
    with transaction(store.sessions) as session:
        session.execute(update(Report).where(Report.reference == second["service_request_id"])
                        .values(status="afgehandeld"))
    ids = lambda **q: {r["service_request_id"] for r in client.get("/open311/v2/requests.json", query_string=q).json}
    assert first["service_request_id"] in ids(service_code="boom")
    assert second["service_request_id"] not in ids(service_code="boom")
    assert second["service_request_id"] in ids(status="closed")
    assert second["service_request_id"] not in ids(status="open")
    assert ids(service_request_id=f"{first['service_request_id']},{second['service_request_id']}") == {
        first["service_request_id"], second["service_request_id"]}
    assert not ids(start_date="2020-01-01T00:00:00+01:00", end_date="2020-02-01T00:00:00+01:00")
    assert first["service_request_id"] in ids(start_date="2020-01-01T00:00:00Z")


def test_police_only_reports_are_never_public_and_text_only_when_allowed(api):
    client, key, _, store = api
    police = _post(client, key, service_code="inbraak", description="Inbraak bij nummer 4, dader Piet").json[0]
    assert client.get(f"/open311/v2/requests/{police['service_request_id']}.json").status_code == 404
    assert client.get(f"/open311/v2/tokens/{police['token']}.json").status_code == 404
    listing = client.get("/open311/v2/requests.json").data.decode()
    assert police["service_request_id"] not in listing and "Piet" not in listing
    private = _post(client, key, service_code="jongerenoverlast", description="Groep jongeren, o.a. Kees").json[0]
    item = client.get(f"/open311/v2/requests/{private['service_request_id']}.json").json[0]
    assert item["description"] is None and item["service_code"] == "jongerenoverlast"


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, status, words", [
    ({"service_code": None}, 400, "service_code ontbreekt"),
    ({"service_code": "bestaat-niet"}, 400, "Onbekende service_code"),
    (OUTSIDE, 400, "buiten het werkgebied"),
    ({"lat": "noord", "long": "4.28"}, 400, "getallen"),
    ({"lat": None, "long": None}, 400, "lat en long"),
    ({"description": "x" * 4001}, 400, "te lang"),
    ({"attribute[spoed]": "misschien"}, 400, "spoed"),
    ({"api_key": "onzin"}, 403, "api_key"),
    ({"api_key": None}, 403, "api_key"),
])
def test_bad_submissions_get_the_right_error_and_leave_nothing(api, fields, status, words):
    client, key, _, store = api
    before = _count(store)
    response = _post(client, key, **fields)
    assert response.status_code == status
    assert len(response.json) == 1 and response.json[0]["code"] == status
    assert words in response.json[0]["description"]
    assert _count(store) == before


def test_revoked_key_wrong_type_oversized_and_xml_errors(api):
    client, key, revoked, store = api
    before = _count(store)
    assert _post(client, revoked).status_code == 403
    as_json = client.post("/open311/v2/requests.json", json={"api_key": key, "service_code": "grofvuil"})
    assert as_json.status_code == 415 and as_json.json[0]["code"] == 415
    huge = client.post("/open311/v2/requests.json", data={"api_key": key, "description": "x" * (3 * 1024 * 1024)})
    assert huge.status_code == 413 and huge.json[0]["code"] == 413
    xml = client.post("/open311/v2/requests.xml", data={"api_key": "onzin", "service_code": "grofvuil"})
    root = ElementTree.fromstring(xml.data)
    boston = ElementTree.parse(FIXTURES / "servers" / "boston-err-submitrequest-base_is_duplicate.xml").getroot()
    assert xml.status_code == 403 and root.tag == boston.tag == "errors"
    assert _tags(root.find("error")) == _tags(boston.find("error"))
    assert _count(store) == before


@pytest.mark.parametrize("path, status", [
    ("/open311/v2/requests/HNM-9999999.json", 404),
    ("/open311/v2/tokens/onbekend.json", 404),
    ("/open311/v2/services.yaml", 404),
    ("/open311/v2/requests.json?start_date=gisteren", 400),
    ("/open311/v2/requests.json?status=half", 400),
    ("/open311/v2/requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", 400),
])
def test_bad_reads_answer_the_spec_error_list(api, path, status):
    client, *_ = api
    response = client.get(path)
    assert response.status_code == status
    assert response.json[0]["code"] == status and response.json[0]["description"]


def test_api_key_commands_print_the_key_once_and_revoke_it(web):
    app, store, _ = web
    runner = app.server.test_cli_runner()
    name = f"cli-{uuid.uuid4().hex[:6]}"
    created = runner.invoke(args=["api-keys", "create", name])
    assert created.exit_code == 0, created.output
    plain = created.output.strip().splitlines()[-1]
    assert plain.startswith("hnm_")
    listed = runner.invoke(args=["api-keys", "list"]).output
    assert name in listed and plain not in listed and "actief" in listed
    client = app.server.test_client()
    assert _post(client, plain).status_code == 201
    assert runner.invoke(args=["api-keys", "revoke", name]).exit_code == 0
    assert _post(client, plain).status_code == 403
    assert runner.invoke(args=["api-keys", "create", name]).exit_code != 0     # names are unique
    with store.session() as session:       # only the hash is stored
        stored = session.scalar(select(ApiKey).where(ApiKey.name == name))
        assert stored.key_hash != plain and plain not in stored.key_hash and stored.revoked_at is not None


def test_a_revoked_key_is_refused_by_every_worker_within_the_cache_time(api, monkeypatch):
    """Valid keys are remembered per process for KEY_CACHE_SECONDS: a revocation from another
    process (the CLI) reaches this one within that time; a revocation in this process at once."""
    import cachelib.simple

    from services import api_keys

    client, _, _, store = api
    clock = [1000.0]
    monkeypatch.setattr(cachelib.simple, "time", lambda: clock[0])     # the cache's clock
    name = f"cached-{uuid.uuid4().hex[:6]}"
    with transaction(store.sessions) as session:
        _, plain = create_key(session, name)
    assert _post(client, plain).status_code == 201
    with transaction(store.sessions) as session:        # as another process would: only the row changes
        session.execute(update(ApiKey).where(ApiKey.name == name).values(active=False))
    clock[0] += 1
    assert _post(client, plain).status_code == 201        # still remembered by this worker
    clock[0] += api_keys.KEY_CACHE_SECONDS
    assert _post(client, plain).status_code == 403
    with transaction(store.sessions) as session:
        session.execute(update(ApiKey).where(ApiKey.name == name).values(active=True))
    assert _post(client, plain).status_code == 201
    with transaction(store.sessions) as session:
        revoke_key(session, name)
    assert _post(client, plain).status_code == 403        # revoked in this process: at once
