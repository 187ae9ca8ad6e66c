"""Feed adapter: is a post a report, where is it, the review queue, accepting and rejecting."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import column, func, insert, select, table

from data_access.db import MIGRATIONS_DIR, upgrade_schema

from auth.users import ensure_demo_accounts, principal_for
from data_access.models import FeedPost, Report, User
from services.feeds import FeedError, accept_post, receive_post, reject_post, review_queue


@dataclass
class Proposal:
    sub_slug: str = "grofvuil"
    confidence: float = 0.8
    needs_review: bool = False
    urgent: bool = False
    life_threatening: bool = False


def fake(**kwargs):
    return lambda text: Proposal(**kwargs)


def _principal(session, username):
    ensure_demo_accounts(session)
    return principal_for(session.scalar(select(User).where(User.username == username)))


def post(**fields):
    return {"source": "buurtapp", "id": "p1", "text": "Er staat een kapotte bank op de stoep",
            "source_name": "BuurtApp Wateringse Veld", **fields}


@pytest.mark.parametrize("text, proposal, expected", [
    ("Er staat een kapotte bank op de stoep", fake(confidence=0.8), True),
    ("Kinderfiets te koop, 20 euro, ophalen aan de Kasstraat", fake(confidence=0.9), False),
    ("Mooi weer vandaag", fake(confidence=0.1, needs_review=True), False),
    ("Weer afval gedumpt achter de school", fake(confidence=0.3, needs_review=True), True),
    ("Iets vreemds gezien bij de vijver", fake(confidence=0.3, needs_review=True), False),
    ("Help, er ligt iemand in het water", fake(sub_slug="persoon-in-nood", confidence=0.2,
                                               urgent=True, life_threatening=True), True),
])
def test_the_classifier_and_simple_rules_decide_whether_a_post_is_a_report(store, text, proposal, expected):
    with store.session() as session:
        item, created = receive_post(session, post(text=text), classify=proposal)
        assert created and (item.state == "te_beoordelen") is expected and item.reason


def test_location_from_geotag_or_street_name(store):
    with store.session() as session:
        tagged, _ = receive_post(session, post(id="g", geotag={"lat": 52.0415, "lon": 4.284}), classify=fake())
        assert tagged.location_source == "geotag" and tagged.lat == 52.0415
        named, _ = receive_post(session, post(id="s", text="Grofvuil op de hoek van de Zonnebloemlaan"),
                                classify=fake())
        assert named.location_source == "straatnaam" and named.street == "Zonnebloemlaan"
        far, _ = receive_post(session, post(id="f", geotag={"lat": 52.2, "lon": 4.5}, text="Kapotte lamp Kasstraat"),
                              classify=fake())
        assert far.location_source == "straatnaam" and far.street == "Kasstraat"    # geotag outside: street wins
        none, _ = receive_post(session, post(id="n"), classify=fake())
        assert none.lat is None and none.location_source == ""


def test_a_post_is_stored_once_per_source_and_id(store):
    with store.session() as session:
        first, created = receive_post(session, post(), classify=fake())
        again, created_again = receive_post(session, post(text="andere tekst"), classify=fake())
        other_source, _ = receive_post(session, post(source="social"), classify=fake())
        assert created and not created_again and again.id == first.id and other_source.id != first.id


@pytest.mark.parametrize("fields, errors", [
    ({"source": "fax"}, {"source"}), ({"id": None}, {"id"}), ({"text": " "}, {"text"}),
    ({"text": "x" * 4001}, {"text"}), ({"posted_at": "gisteren"}, {"posted_at"}),
    ({"posted_at": "2026-11-28T10:00:00"}, {"posted_at"}), ({"geotag": {"lat": "hier"}}, {"geotag"}),
    ({"geotag": {"lat": 52.04, "lon": False}}, {"geotag"}), ({"geotag": {"lat": "52.04", "lon": 4.28}}, {"geotag"}),
    ({"id": 1.5}, {"id"}), ({"id": 10**19}, {"id"}),
])
def test_bad_posts_are_refused_with_dutch_field_errors(store, fields, errors):
    with store.session() as session:
        with pytest.raises(FeedError) as raised:
            receive_post(session, post(**fields), classify=fake())
        assert set(raised.value.errors) == errors
        assert not session.scalar(select(func.count()).select_from(FeedPost))


def test_accepting_creates_a_marked_report_and_rejecting_closes_the_item(store):
    with store.session() as session:
        operator = _principal(session, "gemeente")
        item, _ = receive_post(session, post(text="Kapotte bank aan de Kasstraat"), classify=fake())
        other, _ = receive_post(session, post(id="p2", text="Grofvuil aan de Kasstraat"), classify=fake())
        assert {p.id for p in review_queue(session, operator)} == {item.id, other.id}

        report = accept_post(session, operator, item.id)
        assert report.channel == "buurtapp" and report.source_ref == f"feed:{item.id}"
        assert report.buurt_code == "BU05184014" and report.category.slug == "grofvuil"
        assert any(e.kind == "bron" and "BuurtApp Wateringse Veld" in e.detail for e in report.events)
        assert item.state == "geaccepteerd" and item.report_id == report.id

        reject_post(session, operator, other.id, "Dubbel met een andere melding")
        assert other.state == "afgewezen" and review_queue(session, operator) == []
        with pytest.raises(FeedError):
            accept_post(session, operator, other.id)
        session.commit()
        assert session.scalar(select(func.count()).select_from(Report)) == 1


def test_gemeente_never_sees_posts_proposed_as_police_only_and_wall_sees_none(store):
    with store.session() as session:
        police_post, _ = receive_post(session, post(text="Er is ingebroken in de schuur aan de Kasstraat"),
                                      classify=fake(sub_slug="inbraak"))
        gemeente, meldkamer = _principal(session, "gemeente"), _principal(session, "meldkamer")
        assert review_queue(session, gemeente) == []
        with pytest.raises(FeedError):
            accept_post(session, gemeente, police_post.id)
        assert [p.id for p in review_queue(session, meldkamer)] == [police_post.id]
        assert review_queue(session, _principal(session, "wall")) == []
        report = accept_post(session, meldkamer, police_post.id)
        assert report.visibility == "politie" and report.channel == "buurtapp"


def test_a_post_without_location_needs_a_point_from_the_operator(store):
    with store.session() as session:
        operator = _principal(session, "meldkamer")
        item, _ = receive_post(session, post(source="social", text="Kapotte bank in het park"), classify=fake())
        with pytest.raises(FeedError) as raised:
            accept_post(session, operator, item.id)
        assert "locatie" in raised.value.errors["location"]
        report = accept_post(session, operator, item.id, lat=52.0380, lon=4.2980)
        assert report.channel == "social" and report.buurt_code == "BU05184015"


def test_feed_endpoint_with_the_real_classifier(web):
    import uuid

    from data_access.db import transaction
    from services.api_keys import create_key

    app, store, _ = web
    with transaction(store.sessions) as session:
        _, key = create_key(session, f"feed-{uuid.uuid4().hex[:6]}")
    client = app.server.test_client()
    headers = {"X-API-Key": key}
    body = {"source": "social", "id": f"t-{uuid.uuid4().hex[:6]}",
            "text": "Alweer een berg grofvuil en vuilniszakken gedumpt naast de container aan de Kasstraat",
            "posted_at": "2026-11-28T10:00:00+01:00"}
    first = client.post("/api/v1/feed", json=body, headers=headers)
    assert first.status_code == 201 and first.json["is_report"] and first.json["location_source"] == "straatnaam"
    assert client.post("/api/v1/feed", json=body, headers=headers).status_code == 200
    ad = client.post("/api/v1/feed", headers=headers, json={**body, "id": "ad", "text": "Bank te koop, 50 euro"})
    assert ad.json["state"] == "afgewezen"
    assert client.post("/api/v1/feed", json=body).status_code == 403
    bad = client.post("/api/v1/feed", json={"source": "fax"}, headers=headers)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"source", "id", "text"}


def test_two_operators_deciding_at_once_make_one_report(store, monkeypatch):
    """The second operator read the post while it was still waiting; the first decides and
    commits in between: the second gets FeedError and writes nothing."""
    import services.feeds as feeds

    with store.session() as session:
        item, _ = receive_post(session, post(geotag={"lat": 52.0415, "lon": 4.284}), classify=fake())
        gemeente, meldkamer = _principal(session, "gemeente"), _principal(session, "meldkamer")
        session.commit()
        post_id = item.id
    read_while_waiting = feeds._pending

    def first_operator_wins(session, principal, post_id):
        waiting = read_while_waiting(session, principal, post_id)
        if principal is gemeente:
            with store.session() as other:
                accept_post(other, meldkamer, post_id)
                other.commit()
        return waiting

    monkeypatch.setattr(feeds, "_pending", first_operator_wins)
    with store.session() as session:
        for decide in (lambda p: accept_post(session, p, post_id), lambda p: reject_post(session, p, post_id)):
            with pytest.raises(FeedError) as raised:
                decide(gemeente)
            assert "al behandeld" in raised.value.errors["post"]
            session.rollback()
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1
        assert session.get(FeedPost, post_id).state == "geaccepteerd"


def test_a_wijkagent_reviews_only_the_posts_in_the_assigned_wijken(store):
    with store.session() as session:
        geotagged, _ = receive_post(session, post(id="g", geotag={"lat": 52.0415, "lon": 4.284}), classify=fake())
        by_street, _ = receive_post(session, post(id="s", text="Kapotte bank aan de Kasstraat"), classify=fake())
        nowhere, _ = receive_post(session, post(id="n", text="Kapotte bank in het park"), classify=fake())
        assert (geotagged.wijk_code, by_street.wijk_code, nowhere.wijk_code) == ("WK051840", "WK051840", None)
        wijkagent, meldkamer = _principal(session, "wijkagent"), _principal(session, "meldkamer")
        assert wijkagent.area_codes == {"WK051840"}
        assert {p.id for p in review_queue(session, wijkagent)} == {geotagged.id, by_street.id}
        assert {p.id for p in review_queue(session, meldkamer)} == {geotagged.id, by_street.id, nowhere.id}
        # The same wijkagent assigned to another wijk sees none of them and cannot decide on them.
        elsewhere = replace(wijkagent, area_codes=frozenset({"WK999999"}))
        assert review_queue(session, elsewhere) == []
        with pytest.raises(FeedError):
            accept_post(session, elsewhere, geotagged.id)
        with pytest.raises(FeedError):
            reject_post(session, wijkagent, nowhere.id)
        assert session.get(FeedPost, nowhere.id).state == "te_beoordelen"
        assert accept_post(session, wijkagent, geotagged.id).wijk_code == "WK051840"


def test_the_migration_gives_waiting_posts_their_wijk(store):
    """0017 adds feed_posts.wijk_code and fills it for the posts stored before it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006_intake_api")
    posts = table("feed_posts", *(column(name) for name in (
        "source", "source_ref", "source_name", "raw_text", "posted_at", "received_at", "lat", "lon",
        "location_source", "proposed_urgent", "reason", "state")))
    now = datetime.now(timezone.utc)
    with store.engine.begin() as connection:
        for ref, lat, lon in (("buurtapp:in", 52.0415, 4.284), ("buurtapp:out", 52.37, 4.89),
                              ("buurtapp:none", None, None)):
            connection.execute(insert(posts).values(
                source="buurtapp", source_ref=ref, source_name="", raw_text="Kapotte bank", posted_at=now,
                received_at=now, lat=lat, lon=lon, location_source="geotag" if lat else "",
                proposed_urgent=False, reason="", state="te_beoordelen"))
    upgrade_schema(store.engine)
    with store.session() as session:
        wijken = dict(session.execute(select(FeedPost.source_ref, FeedPost.wijk_code)).all())
    assert wijken == {"buurtapp:in": "WK051840", "buurtapp:out": None, "buurtapp:none": None}
