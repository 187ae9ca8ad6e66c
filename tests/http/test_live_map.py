"""The live map's callbacks over real HTTP, per role, on SQLite and PostgreSQL.

What each role receives on the map and what never: police-only features for gemeente users,
free text or contact details for anyone (the map sends no text at all).
"""

import json
from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

import callbacks.live_map as live_map_callbacks
from data_access.db import transaction
from data_access.models import utcnow
from services.intake import IntakeData, submit_report

SECRET = "Inbraak bij Jansen op nummer 12, dader nog binnen"
LOAD_INPUTS = [{"id": "map-refresh", "property": "n_intervals", "value": None}]


def _output_key(app, marker: str) -> str:
    return next(key for key in app.callback_map if marker in key)


def page_of(user) -> str:
    """The page the map is on: the wall account's is /wall, everyone else's /kaart."""
    return "/wall" if user == "wall" else "/kaart"


def load(clients, app, user, search=""):
    key = _output_key(app, "map-stale.children..")
    inputs = [{"id": "map-location", "property": "search", "value": search}, *LOAD_INPUTS]
    return clients[user].callback(key, inputs, [{"id": "map-cursor", "property": "data", "value": None},
                                                {"id": "map-location", "property": "pathname", "value": page_of(user)}])


def poll(clients, app, user, cursor, search=""):
    key = _output_key(app, "map-stale.children@")
    return clients[user].callback(key, [{"id": "map-poll-hit", "property": "data", "value": 3}],
                                  [{"id": "map-cursor", "property": "data", "value": cursor},
                                   {"id": "map-location", "property": "search", "value": search},
                                   {"id": "map-location", "property": "pathname", "value": page_of(user)}])


def features(response) -> list[dict]:
    assert response.status_code == 200, response.text[:300]
    return response.get_json()["response"]["map-reports"]["data"]["features"]


def ids(response) -> set[int]:
    return {f["properties"]["id"] for f in features(response)}


@pytest.fixture(scope="module")
def seeded(web):
    app, store, clients = web
    now = utcnow()
    with transaction(store.sessions) as session:
        police = submit_report(session, IntakeData(text=SECRET, channel="app", lat=52.047, lon=4.29,
                                                   category_slug="inbraak", contact_name="P. Geheim",
                                                   contact_email="p.geheim@voorbeeld.nl"))
        shared = submit_report(session, IntakeData(text="Losse stoeptegel", channel="web", lat=52.035,
                                                   lon=4.27, category_slug="onderhoud-stoep-straat-en-fietspad",
                                                   contact_email="melder@voorbeeld.nl", urgent=False))
        urgent = submit_report(session, IntakeData(text="Boom over de weg", channel="app", lat=52.040,
                                                   lon=4.28, category_slug="onderhoud-stoep-straat-en-fietspad",
                                                   urgent=True))
        old = submit_report(session, IntakeData(text="Zwerfvuil", channel="web", lat=52.045, lon=4.275,
                                                category_slug="veeg-zwerfvuil",
                                                received_at=now - timedelta(days=3)))
    return app, store, clients, {"police": police.id, "shared": shared.id, "urgent": urgent.id, "old": old.id}


def test_police_sees_all_recent_reports_and_no_text(seeded):
    app, _, clients, r = seeded
    response = load(clients, app, "meldkamer")
    assert {r["police"], r["shared"], r["urgent"]} <= ids(response)
    assert r["old"] not in ids(response)                     # outside the default 24 hours
    body = response.text
    assert SECRET not in body and "Geheim" not in body and "stoeptegel" not in body
    props = features(response)[0]["properties"]
    assert set(props) <= {"id", "u", "c", "n"}
    assert response.get_json()["response"]["map-reports"]["cluster"] is True


@pytest.mark.parametrize("user", ["gemeente", "handhaving", "manager-gemeente"])
def test_gemeente_roles_never_receive_police_only_features(seeded, user):
    app, _, clients, r = seeded
    response = load(clients, app, user)
    assert r["police"] not in ids(response) and r["shared"] in ids(response)
    assert SECRET not in response.text and "52.047" not in response.text


def test_wall_gets_points_without_text_or_contact(seeded):
    app, _, clients, r = seeded
    response = load(clients, app, "wall")
    assert r["police"] in ids(response)
    for needle in (SECRET, "stoeptegel", "Geheim", "voorbeeld.nl", "Boom"):
        assert needle not in response.text


def test_beheerder_403_and_anonymous_401(seeded):
    app, _, clients, _ = seeded
    assert load(clients, app, "beheerder").status_code == 403
    assert load(clients, app, None).status_code == 401
    assert clients["beheerder"].get("/kaart").status_code == 403
    assert clients["wall"].get("/wall").status_code == 200


def test_filters_from_the_url(seeded):
    app, _, clients, r = seeded
    assert ids(load(clients, app, "meldkamer", "?urgent=ja")) == {r["urgent"], r["police"]}
    assert ids(load(clients, app, "gemeente", "?urgent=ja")) == {r["urgent"]}
    assert ids(load(clients, app, "meldkamer", "?urgent=nee")) == {r["shared"]}
    assert r["old"] in ids(load(clients, app, "meldkamer", "?window=7d"))
    assert ids(load(clients, app, "meldkamer", "?main=afval&window=30d")) == {r["old"]}
    assert ids(load(clients, app, "meldkamer", "?org=politie")) == {r["police"]}


def test_unknown_filter_values_are_ignored_with_a_dutch_notice(seeded):
    app, _, clients, r = seeded
    response = load(clients, app, "meldkamer", "?main=bestaat-niet&window=eeuwig&buurt=<script>&channel=duif")
    assert {r["police"], r["shared"]} <= ids(response)
    notices = json.dumps(response.get_json()["response"]["map-notices"]["children"])
    assert "Onbekende hoofdcategorie genegeerd" in notices and "Onbekende periode genegeerd" in notices
    assert "Onbekende buurt genegeerd" in notices
    assert "Onbekend kanaal genegeerd: duif" in notices          # het kanaal: no -e


def test_filter_bar_writes_the_url(seeded):
    app, _, clients, _ = seeded
    names = ["map-window", "map-range", "map-range", "map-main", "map-sub", "map-org", "map-status",
             "map-urgent", "map-channel", "map-buurt"]
    props = ["value", "start_date", "end_date"] + ["value"] * 7
    values = ["7d", None, None, ["afval", "nep"], None, "politie", None, "ja", None, None]
    inputs = [{"id": n, "property": p, "value": v} for n, p, v in zip(names, props, values)]
    response = clients["gemeente"].callback("map-location.search", inputs,
                                            [{"id": "map-location", "property": "search", "value": "?area=WK051840"}])
    assert response.status_code == 200
    assert response.get_json()["response"]["map-location"]["search"] == \
        "?window=7d&main=afval&org=politie&urgent=ja&area=WK051840"


def test_long_window_with_many_points_switches_to_grid_cells(seeded, monkeypatch):
    app, _, clients, _ = seeded
    monkeypatch.setattr(live_map_callbacks, "MAX_POINTS", 2)
    response = load(clients, app, "meldkamer", "?window=30d")
    body = response.get_json()["response"]
    cells = body["map-reports"]["data"]["features"]
    assert body["map-reports"]["cluster"] is False
    assert cells and all(f["properties"]["g"] == 1 for f in cells)
    assert sum(f["properties"]["n"] for f in cells) == 4
    assert "vak van 100 m" in json.dumps(body["map-notices"]["children"])
    assert len(response.data) < 1_000_000


def test_idle_poll_is_tiny_and_a_new_report_arrives_as_patch(seeded):
    app, store, clients, r = seeded
    cursor = load(clients, app, "gemeente").get_json()["response"]["map-cursor"]["data"]
    idle = poll(clients, app, "gemeente", cursor)
    assert idle.status_code == 204 and len(idle.data) <= 1024

    with transaction(store.sessions) as session:
        new = submit_report(session, IntakeData(text="Fietswrak tegen de boom", channel="app", lat=52.036,
                                                lon=4.281, category_slug="onderhoud-stoep-straat-en-fietspad",
                                                urgent=True))
        hidden = submit_report(session, IntakeData(text="Inbraak in schuur", channel="app", lat=52.037,
                                                   lon=4.282, category_slug="inbraak"))
    response = poll(clients, app, "gemeente", cursor)
    assert response.status_code == 200
    body = response.get_json()["response"]
    patch = body["map-reports"]["data"]
    assert patch["__dash_patch_update"]
    added = [f for op in patch["operations"] for f in op["params"]["value"]]
    assert [f["properties"]["id"] for f in added] == [new.id]          # not the police-only one
    assert "Inbraak" not in response.text and "52.037" not in response.text
    assert f'"index": {hidden.id}' not in json.dumps(body)
    assert "Nieuwe spoedmelding" in json.dumps(body["map-urgent-banner"]["children"])
    assert body["map-cursor"]["data"]["at"] > cursor["at"]

    again = poll(clients, app, "gemeente", body["map-cursor"]["data"])
    assert again.status_code == 204


def newer(clients, user, cursor):
    return clients[user].get("/live/nieuw", query_string={"na": cursor["at"]} if cursor else {})


def test_quick_poll_answers_204_when_idle_and_never_for_reports_out_of_scope(seeded):
    app, store, clients, _ = seeded
    cursors = {user: load(clients, app, user).get_json()["response"]["map-cursor"]["data"]
               for user in ("gemeente", "meldkamer")}
    for user, cursor in cursors.items():
        idle = newer(clients, user, cursor)
        assert idle.status_code == 204 and len(idle.data) == 0, user
    with transaction(store.sessions) as session:
        submit_report(session, IntakeData(text="Inbraak in de garage", channel="app", lat=52.041,
                                          lon=4.283, category_slug="inbraak"))
    assert newer(clients, "gemeente", cursors["gemeente"]).status_code == 204   # police-only: not for them
    assert newer(clients, "meldkamer", cursors["meldkamer"]).status_code == 200
    assert newer(clients, "meldkamer", None).status_code == 200


def test_quick_poll_checks_login_role_and_input(seeded):
    app, _, clients, _ = seeded
    cursor = {"at": "2026-01-01T00:00:00"}
    assert newer(clients, None, cursor).status_code == 401
    assert newer(clients, "beheerder", cursor).status_code == 403
    assert newer(clients, "wall", cursor).status_code == 200
    bad = clients["meldkamer"].get("/live/nieuw", query_string={"na": "gisteren"})
    assert bad.status_code == 400 and "Ongeldige tijd" in bad.get_json()["message"]


def test_acknowledge_stops_the_announcement(seeded):
    app, _, clients, _ = seeded
    banner = json.dumps(load(clients, app, "meldkamer").get_json()["response"]["map-urgent-banner"])
    assert "Nieuwe spoedmelding" in banner
    key = next(k for k in app.callback_map if k.startswith("..map-urgent-banner.children@"))
    ack = clients["meldkamer"].callback(key, [{"id": "map-ack", "property": "n_clicks", "value": 1}])
    assert ack.status_code == 200
    banner = load(clients, app, "meldkamer").get_json()["response"]["map-urgent-banner"]["children"]
    assert banner == []


def _click_key(app) -> str:
    """The map click's output (selected-report has several writers, so its key carries a hash)."""
    return next(key for key, entry in app.callback_map.items() if key.startswith("selected-report.data@")
                and entry["inputs"][0]["id"] == "map-reports")


def test_click_on_a_marker_selects_the_report(seeded):
    app, _, clients, r = seeded
    feature = {"type": "Feature", "properties": {"id": r["shared"], "u": 0, "c": "WV", "n": 1}}
    response = clients["gemeente"].callback(_click_key(app),
                                            [{"id": "map-reports", "property": "clickData", "value": feature}])
    assert response.get_json()["response"]["selected-report"]["data"] == {"id": r["shared"]}
    cluster = {"type": "Feature", "properties": {"cluster": True, "point_count": 3}}
    assert clients["gemeente"].callback(_click_key(app), [
        {"id": "map-reports", "property": "clickData", "value": cluster}]).status_code == 204


def test_database_outage_gives_a_stale_notice_not_a_traceback(seeded, monkeypatch):
    app, _, clients, _ = seeded
    cursor = load(clients, app, "wall").get_json()["response"]["map-cursor"]["data"]

    def down(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is weg"))

    monkeypatch.setattr(live_map_callbacks, "latest_change", down)
    response = poll(clients, app, "wall", cursor)
    assert response.status_code == 200 and "Traceback" not in response.text
    body = response.get_json()["response"]
    assert "Let op: gegevens van" in body["map-stale"]["children"]
    assert body["map-cursor"]["data"]["stale"] is True
    monkeypatch.undo()
    recovered = poll(clients, app, "wall", body["map-cursor"]["data"]).get_json()["response"]
    assert recovered["map-stale"]["children"] == [] and recovered["map-cursor"]["data"]["stale"] is False


def test_wall_tiles_and_ticker_carry_no_text(seeded):
    app, _, clients, r = seeded
    key = next(k for k in app.callback_map if k.startswith("..wall-tiles.children"))
    response = clients["wall"].callback(key, [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
                                              {"id": "map-location", "property": "search", "value": "?area=WK051840"}],
                                        [{"id": "wall-state", "property": "data", "value": None}])
    assert response.status_code == 200
    for needle in (SECRET, "stoeptegel", "Geheim", "voorbeeld.nl"):
        assert needle not in response.text
    assert "Inbraak" in response.text                     # category names are fine
    assert clients["gemeente"].callback(key, [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
                                              {"id": "map-location", "property": "search", "value": ""}],
                                        [{"id": "wall-state", "property": "data", "value": None}]).status_code == 403


def test_wall_tiles_are_shared_through_redis_when_configured(seeded, tmp_path_factory):
    """With HNM_REDIS_URL the wall's shared tiles go through Redis (what several workers share)."""
    import os

    from app import create_app
    from settings import Settings
    from tests.conftest import RoleClient

    redis_url = os.environ.get("HNM_TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("Redis-test overgeslagen: HNM_TEST_REDIS_URL is niet gezet")
    _, store, _, _ = seeded
    app = create_app(Settings(mode="test", database_url=store.url, secret_key="r" * 40, redis_url=redis_url,
                              instance_dir=tmp_path_factory.mktemp("redis")))
    wall = RoleClient(app, "wall")
    key = next(k for k in app.callback_map if k.startswith("..wall-tiles.children"))
    inputs = [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
              {"id": "map-location", "property": "search", "value": "?area=WK051840"}]
    state = [{"id": "wall-state", "property": "data", "value": None}]
    first = wall.callback(key, inputs, state)
    second = wall.callback(key, inputs, state)
    assert first.status_code == second.status_code == 200
    assert first.get_json()["response"]["wall-tiles"] == second.get_json()["response"]["wall-tiles"]
    import redis
    assert any(b"wall:" in k for k in redis.Redis.from_url(redis_url).keys("*"))
