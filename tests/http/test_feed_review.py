"""Binnengekomen berichten over HTTP per role: who sees which posts, accepting, rejecting, stale
decisions and posts without a location, on SQLite and PostgreSQL."""

import json

import pytest
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import FeedPost, Report
from services.feeds import receive_post

QUEUE = "..feed-grid.rowData...feed-category.options...feed-grid.selectedRows.."
QUEUE_INPUTS = [{"id": "feed-version", "property": "data", "value": 0},
                {"id": "feed-refresh", "property": "n_intervals", "value": 1}]
DECIDE = "..feed-message.children...feed-version.data.."
SHARED_TEXT = "Al weken een kapotte bank op de stoep bij de Kasstraat, graag ophalen"
POLICE_TEXT = "Vannacht ingebroken in de schuur van de familie Geheim aan de Kasstraat"
HANDLERS = ("meldkamer", "wijkagent", "handhaving", "gemeente")


class Proposal:
    def __init__(self, sub_slug, urgent=False):
        self.sub_slug, self.urgent, self.confidence = sub_slug, urgent, 0.8
        self.needs_review = self.life_threatening = False


def add_post(store, external_id, text, sub_slug, geotag=None, source="buurtapp") -> int:
    body = {"source": source, "id": external_id, "text": text, "source_name": "BuurtApp Wateringse Veld"}
    if geotag:
        body["geotag"] = geotag
    with transaction(store.sessions) as session:
        post, _ = receive_post(session, body, classify=lambda _text: Proposal(sub_slug, sub_slug == "inbraak"))
        assert post.state == "te_beoordelen"
        return post.id


def decide(client, button, post_id, category=None, street=None, reason=None):
    clicks = [{"id": b, "property": "n_clicks", "value": int(b == button)} for b in ("feed-accept", "feed-reject")]
    return client.callback(DECIDE, clicks, changed=[f"{button}.n_clicks"], state=[
        {"id": "feed-grid", "property": "selectedRows", "value": [{"id": post_id, "text": "..."}]},
        {"id": "feed-category", "property": "value", "value": category},
        {"id": "feed-street", "property": "value", "value": street},
        {"id": "feed-reason", "property": "value", "value": reason},
        {"id": "feed-version", "property": "data", "value": 0}])


def message(response) -> str:
    assert response.status_code == 200
    return response.get_json()["response"]["feed-message"]["children"]


def state_of(store, post_id):
    with store.session() as session:
        post = session.get(FeedPost, post_id)
        return post.state, post.reason, post.report_id


@pytest.fixture(scope="module")
def posts(web):
    app, store, clients = web
    ids = {"shared": add_post(store, "s1", SHARED_TEXT, "grofvuil", {"lat": 52.0415, "lon": 4.284}),
           "police": add_post(store, "p1", POLICE_TEXT, "inbraak")}
    return store, clients, ids


@pytest.mark.parametrize("user", HANDLERS)
def test_handling_roles_see_the_queue_and_gemeente_staff_no_police_posts(posts, user):
    _, clients, ids = posts
    response = clients[user].callback(QUEUE, QUEUE_INPUTS)
    assert response.status_code == 200
    answer = response.get_json()["response"]
    rows = {row["id"]: row for row in answer["feed-grid"]["rowData"]}
    assert rows[ids["shared"]]["text"] == SHARED_TEXT
    assert rows[ids["shared"]]["source"] == "Buurtapp (BuurtApp Wateringse Veld)"
    assert rows[ids["shared"]]["location"] == "52,04150, 4,28400 (uit geotag van het bericht)"
    assert rows[ids["shared"]]["proposal"] == "Grofvuil, geen spoed (80\u00a0%)"
    assert any(option["value"] == "grofvuil" for option in answer["feed-category"]["options"])
    police_sees = user in ("meldkamer", "wijkagent")
    assert (ids["police"] in rows) is police_sees
    assert ("Geheim" in response.get_data(as_text=True)) is police_sees


@pytest.mark.parametrize("user", ["manager-politie", "manager-gemeente", "beheerder", "wall"])
def test_other_roles_get_403_and_anonymous_401(posts, user):
    _, clients, ids = posts
    assert clients[user].callback(QUEUE, QUEUE_INPUTS).status_code == 403
    assert decide(clients[user], "feed-accept", ids["shared"]).status_code == 403
    anonymous = clients[None].callback(QUEUE, QUEUE_INPUTS)
    assert anonymous.status_code == 401 and anonymous.get_json()["error"] == "unauthenticated"
    assert decide(clients[None], "feed-reject", ids["shared"]).status_code == 401
    assert state_of(posts[0], ids["shared"])[0] == "te_beoordelen"
    assert clients[user].get("/feed-beoordeling").status_code == 403


def test_gemeente_cannot_decide_on_a_police_post_by_sending_its_id(posts):
    store, clients, ids = posts
    assert "staat niet (meer) in de wachtrij" in message(decide(clients["gemeente"], "feed-accept", ids["police"]))
    assert "staat niet (meer) in de wachtrij" in message(decide(clients["handhaving"], "feed-reject", ids["police"]))
    assert state_of(store, ids["police"]) == ("te_beoordelen", "Mogelijk spoed volgens de triage.", None)


def test_accept_with_a_corrected_category_and_a_stale_second_decision(web):
    _, store, clients = web
    post_id = add_post(store, "a1", "Overvolle container bij de Kasstraat, zakken ernaast",
                       "grofvuil", {"lat": 52.0415, "lon": 4.284})
    with store.session() as session:
        before = session.scalar(select(func.count()).select_from(Report))
    text = message(decide(clients["handhaving"], "feed-accept", post_id, category="container-is-vol"))
    assert text.startswith("Bericht overgenomen als melding HNM-")
    state, _, report_id = state_of(store, post_id)
    with store.session() as session:
        report = session.get(Report, report_id)
        assert state == "geaccepteerd" and report.category.slug == "container-is-vol"
        assert report.channel == "buurtapp" and report.reference in text
        assert any(e.kind == "bron" and "BuurtApp Wateringse Veld" in e.detail for e in report.events)
    # Someone else, a moment later, with the old list on screen: a clear message, nothing written.
    for user, button in (("gemeente", "feed-accept"), ("meldkamer", "feed-reject")):
        assert "iemand anders heeft het al behandeld" in message(decide(clients[user], button, post_id))
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == before + 1
    assert state_of(store, post_id) == ("geaccepteerd", "Triage is zeker genoeg (80%).", report_id)
    listed = clients["gemeente"].callback(QUEUE, QUEUE_INPUTS).get_json()["response"]["feed-grid"]["rowData"]
    assert post_id not in {row["id"] for row in listed}


def test_reject_keeps_the_reason(web):
    _, store, clients = web
    post_id = add_post(store, "r1", "Losliggende stoeptegels bij de Kasstraat", "grofvuil")
    assert message(decide(clients["meldkamer"], "feed-reject", post_id, reason="Dubbel met HNM-0000001")) \
        == "Bericht afgewezen."
    assert state_of(store, post_id) == ("afgewezen", "Dubbel met HNM-0000001", None)


def test_a_post_without_location_needs_a_street_and_a_bad_one_writes_nothing(web):
    _, store, clients = web
    post_id = add_post(store, "n1", "Kapotte lantaarnpaal, al dagen donker in het park", "grofvuil",
                       source="social")
    assert "kies een straat" in message(decide(clients["meldkamer"], "feed-accept", post_id))
    assert "Onbekende categorie" in message(decide(clients["meldkamer"], "feed-accept", post_id,
                                                   category="bestaat-niet", street="Kasstraat"))
    assert state_of(store, post_id)[0] == "te_beoordelen"
    text = message(decide(clients["meldkamer"], "feed-accept", post_id, street="Kasstraat"))
    assert text.startswith("Bericht overgenomen als melding")
    _, _, report_id = state_of(store, post_id)
    with store.session() as session:
        report = session.get(Report, report_id)
        assert report.channel == "social" and report.address == "Kasstraat" and report.buurt_code == "BU05184014"


def test_the_page_and_its_navigation_entry_per_role(posts):
    _, clients, _ = posts
    page = clients["handhaving"].get("/feed-beoordeling")
    assert page.status_code == 200
    layout = json.dumps(clients["handhaving"].get("/_dash-layout").get_json())
    assert "/feed-beoordeling" in layout
    assert "/feed-beoordeling" not in json.dumps(clients["manager-gemeente"].get("/_dash-layout").get_json())


def test_a_wijkagent_sees_only_posts_placed_in_the_assigned_wijk(web):
    """A post without a place goes to the control room: not in a wijkagent's queue, and sending its
    id changes nothing; a post placed in the wijkagent's wijk is there."""
    _, store, clients = web
    unplaced = add_post(store, "w1", "Weer een kapotte bank in het park", "grofvuil", source="social")
    placed = add_post(store, "w2", "Kapotte bank op de stoep", "grofvuil", {"lat": 52.0415, "lon": 4.284})
    seen = {user: {row["id"] for row in clients[user].callback(QUEUE, QUEUE_INPUTS).get_json()
                   ["response"]["feed-grid"]["rowData"]} for user in ("wijkagent", "meldkamer")}
    assert placed in seen["wijkagent"] and unplaced not in seen["wijkagent"]
    assert {placed, unplaced} <= seen["meldkamer"]
    assert "staat niet (meer) in de wachtrij" in message(
        decide(clients["wijkagent"], "feed-accept", unplaced, street="Kasstraat"))
    assert "staat niet (meer) in de wachtrij" in message(decide(clients["wijkagent"], "feed-reject", unplaced))
    assert state_of(store, unplaced) == ("te_beoordelen", "Triage is zeker genoeg (80%).", None)
    intro = {user: json.dumps(clients[user].callback(
        ".._pages_content.children..._pages_store.data..",
        [{"id": "_pages_location", "property": "pathname", "value": "/feed-beoordeling"},
         {"id": "_pages_location", "property": "search", "value": ""}],
        outputs=[{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    ).get_json()) for user in ("wijkagent", "meldkamer")}
    assert "Binnengekomen berichten" in intro["meldkamer"]
    assert "berichten zonder locatie behandelt de meldkamer" in intro["wijkagent"]
    assert "berichten zonder locatie" not in intro["meldkamer"]
