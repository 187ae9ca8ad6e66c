"""Residents' follow-ups over HTTP: "ik zie dit ook", following a buurt, answers to an oproep, reach."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import (
    AreaFollower, AreaPageView, Incident, NeighbourhoodMessage, NeighbourhoodNotification, OproepResponse, Organisation, Report,
    ResidentConfirmation, User, utcnow,
)
from auth.users import principal_for
from data_access.incident_queries import incidents_with_counts
from services.area_followers import FollowerLinks, deliver_notifications
from services.intake import IntakeData, submit_report
from tests.conftest import RoleClient
from tests.http.test_resident_pages import BUURT, POINT, _answer, _neighbourhood, _output, _submit_inputs

SEEN_OUTPUT = "..buurt-seen-status.children...buurt-problems.children@"
FOLLOW_OUTPUT = "..buurt-follow-status.children...buurt-follow-email.value.."
POST_OUTPUT = "..nb-message.children...nb-title.value...nb-body.value.."


def _report(store, text, visibility=None, incident_id=None, address="Akkerwindestraat 12, Den Haag"):
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text=text, channel="web", lat=POINT[0], lon=POINT[1],
                                                   address=address, category_slug="veeg-zwerfvuil"))
        report.visibility = visibility or report.visibility
        report.incident_id = incident_id
        return report.id


def _incident(store, visibility="gedeeld"):
    with transaction(store.sessions) as session:
        org = session.scalar(select(User.organisation_id).where(User.username == "wijkagent"))
        incident = Incident(title="Zwerfvuil bij de speeltuin", organisation_id=org, visibility=visibility,
                            lat=POINT[0], lon=POINT[1], buurt_code=BUURT)
        session.add(incident)
        session.flush()
        return incident.id


def _seen(app, client, target):
    output = _output(app, "buurt-seen-status.children")
    outputs = [{"id": "buurt-seen-status", "property": "children"}, {"id": "buurt-problems", "property": "children"}]
    button = {"type": "seen-too", "target": target}
    return client.callback(output, [[{"id": button, "property": "n_clicks", "value": 1}]],
                           [{"id": "buurt-code", "property": "data", "value": BUURT},
                            {"id": "buurt-weeks", "property": "value", "value": 4}], outputs=outputs,
                           changed=[json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"])


def _page(client, path, search=""):
    return client.callback(
        ".._pages_content.children..._pages_store.data..",
        [{"id": "_pages_location", "property": "pathname", "value": path},
         {"id": "_pages_location", "property": "search", "value": search}],
        outputs=[{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}])


def _post(client, kind="update", incident_id=None, title="Veegactie zaterdag"):
    state = [{"id": "nb-area", "property": "value", "value": BUURT},
             {"id": "nb-kind", "property": "value", "value": kind},
             {"id": "nb-title", "property": "value", "value": title},
             {"id": "nb-body", "property": "value", "value": "Zaterdag vegen we de straten in de buurt."},
             {"id": "nb-ends", "property": "date", "value": (utcnow() + timedelta(days=7)).date().isoformat()},
             {"id": "nb-incident", "property": "value", "value": incident_id}]
    return client.callback(POST_OUTPUT, [{"id": "nb-submit", "property": "n_clicks", "value": 1}], state)


def test_seen_too_counts_once_per_browser_on_the_incident(web):
    app, store, clients = web
    incident = _incident(store)
    _report(store, "Zwerfvuil bij de speeltuin, zakken open", incident_id=incident)
    _report(store, "Nog meer zwerfvuil bij de speeltuin", incident_id=incident)
    public = json.dumps(_answer(_neighbourhood(clients[None], BUURT))["buurt-problems"], ensure_ascii=False)
    target = f"incident:{incident}"
    # the street is shown, its house number never (a bare "12" would also match a time such as 12:45)
    assert public.count(target) == 1 and "Akkerwindestraat" in public
    assert not re.search(r"Akkerwindestraat\W{0,3}12\b", public)
    assert "speeltuin" not in public          # no free report text on the list
    first = json.dumps(_answer(_seen(app, clients[None], target)), ensure_ascii=False)
    assert "Dank u wel" in first and "1 buurtbewoner ziet dit ook" in first
    again = json.dumps(_answer(_seen(app, clients[None], target)), ensure_ascii=False)
    assert "al doorgegeven" in again
    other = RoleClient(app, None)               # another browser counts as well
    assert "2 buurtbewoners zien dit ook" in json.dumps(_answer(_seen(app, other, target)), ensure_ascii=False)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ResidentConfirmation)
                              .where(ResidentConfirmation.incident_id == incident)) == 2
        staff = principal_for(session.scalar(select(User).where(User.username == "wijkagent")))
        row = next(i for i in incidents_with_counts(session, staff) if i["id"] == incident)
        assert row["seen_too"] == 2 and row["reporters"] == 2


def test_police_only_problems_are_not_listed_nor_confirmable(web):
    app, store, clients = web
    secret = _report(store, "Geheime melding over drugshandel bij Jansen", visibility="politie",
                     address="Geheimstraat 1, Den Haag")
    hidden_incident = _incident(store, visibility="politie")
    _report(store, "Zwerfvuil in een politie-incident", incident_id=hidden_incident, address="Verborgenlaan 3")
    public = json.dumps(_answer(_neighbourhood(clients[None], BUURT)), ensure_ascii=False)
    assert "Geheimstraat" not in public and "Verborgenlaan" not in public and f"report:{secret}" not in public
    for target in (f"report:{secret}", f"incident:{hidden_incident}", "report:abc"):
        answer = json.dumps(_answer(_seen(app, clients[None], target)), ensure_ascii=False)
        assert "niet (meer) open" in answer
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ResidentConfirmation)
                              .where(ResidentConfirmation.target.in_((f"report:{secret}",
                                                                      f"incident:{hidden_incident}")))) == 0


class Recorder:
    def __init__(self):
        self.envelopes = []

    def deliver(self, envelope):
        self.envelopes.append(envelope)


def _deliver(app, store) -> list:
    recorder = Recorder()
    with transaction(store.sessions) as session:
        counts = deliver_notifications(session, utcnow(), {"email": recorder},
                                       FollowerLinks.from_settings(app.server.config["HNM_SETTINGS"]))
    assert counts["mislukt"] == 0
    return recorder.envelopes


def _click(client, output, button, store_id, token):
    return json.dumps(_answer(client.callback(output, [{"id": button, "property": "n_clicks", "value": 1}],
                                              [{"id": store_id, "property": "data", "value": token}])))


def test_follow_confirm_notify_and_unfollow_without_showing_addresses_to_staff(web):
    app, store, clients = web
    email = "volger-buurt@example.org"
    follow_state = [{"id": "buurt-follow-email", "property": "value", "value": "geen-adres"},
                    {"id": "buurt-code", "property": "data", "value": BUURT}]
    click = [{"id": "buurt-follow", "property": "n_clicks", "value": 1}]
    bad = json.dumps(_answer(clients[None].callback(FOLLOW_OUTPUT, click, follow_state)))
    assert "geldig e-mailadres" in bad
    follow_state[0]["value"] = email
    answer = json.dumps(_answer(clients[None].callback(FOLLOW_OUTPUT, click, follow_state)))
    assert "Bijna klaar" in answer and "bevestigen" in answer
    with store.session() as session:
        follower = session.scalar(select(AreaFollower).where(AreaFollower.email == email))
        assert follower is not None and follower.confirmed_at is None
    # Not confirmed yet: a buurtbericht does not reach the address, only the confirmation mail goes out.
    assert "voor 0 volgers" in json.dumps(_answer(_post(clients["wijkagent"])), ensure_ascii=False)
    [confirmation] = [e for e in _deliver(app, store) if e.address == email]
    assert confirmation.kind == "bevestiging" and "bevestigen" in confirmation.body
    confirm_url = next(w for w in confirmation.body.split() if "/bevestigen/" in w)
    token = confirm_url.rsplit("/", 1)[1]
    assert _page(clients[None], confirm_url.split("127.0.0.1:8050", 1)[1].split("?")[0]).status_code == 200
    assert "werkt niet" in _click(clients[None], "confirm-follow-status.children", "confirm-follow-submit",
                                  "confirm-follow-token", token[:-3] + "abc")
    assert "Gelukt" in _click(clients[None], "confirm-follow-status.children", "confirm-follow-submit",
                              "confirm-follow-token", token)
    posted = json.dumps(_answer(_post(clients["wijkagent"])), ensure_ascii=False)
    assert "Geplaatst" in posted and "voor 1 volgers" in posted and email not in posted
    reach = json.dumps(_answer(clients["wijkagent"].callback(
        "nb-reach.children", [{"id": "nb-message", "property": "children", "value": None}])), ensure_ascii=False)
    assert "Veegactie zaterdag" in reach and email not in reach
    assert clients[None].callback("nb-reach.children", [{"id": "nb-message", "property": "children",
                                                          "value": None}]).status_code == 401
    [news] = [e for e in _deliver(app, store) if e.address == email]
    assert news.kind == "buurtbericht" and "Veegactie zaterdag" in news.subject
    unsubscribe = next(w for w in news.body.split() if "/afmelden/" in w).rsplit("/", 1)[1]
    assert "afgemeld" in _click(clients[None], "unfollow-status.children", "unfollow-submit", "unfollow-token",
                                unsubscribe)
    assert "werkt niet" in _click(clients[None], "unfollow-status.children", "unfollow-submit", "unfollow-token",
                                  unsubscribe)
    with store.session() as session:
        assert session.scalar(select(AreaFollower).where(AreaFollower.email == email)) is None
        assert session.scalar(select(func.count()).select_from(NeighbourhoodNotification)) >= 2


def test_unconfirmed_followers_expire_and_confirmed_ones_stay(store):
    from services.area_followers import CONFIRM_DAYS, expire_unconfirmed, follow

    now = utcnow()
    with transaction(store.sessions) as session:
        follow(session, BUURT, "te-laat@example.org", now - timedelta(days=CONFIRM_DAYS, minutes=1))
        follow(session, BUURT, "op-tijd@example.org", now - timedelta(days=CONFIRM_DAYS - 1))
        kept = follow(session, BUURT, "bevestigd@example.org", now - timedelta(days=30))
        kept.confirmed_at = now - timedelta(days=29)
        assert expire_unconfirmed(session, now) == {"onbevestigd gewist": 1}
    with store.session() as session:
        assert sorted(session.scalars(select(AreaFollower.email))) == ["bevestigd@example.org", "op-tijd@example.org"]


def test_oproep_answer_is_linked_to_its_incident_and_counted(web):
    app, store, clients = web
    incident = _incident(store)
    _report(store, "Zwerfvuil bij het incident", incident_id=incident)
    assert "Alleen een oproep" in json.dumps(_answer(_post(clients["wijkagent"], "update", incident)))
    assert "Geplaatst" in json.dumps(_answer(_post(clients["wijkagent"], "oproep", incident, "Wie zag de dumping?")))
    with store.session() as session:
        message_id = session.scalar(select(NeighbourhoodMessage.id).where(NeighbourhoodMessage.incident_id == incident))
    assert f"/melden?oproep={message_id}" in json.dumps(_answer(_neighbourhood(clients[None], BUURT)))
    assert "Wie zag de dumping?" in _page(clients[None], "/melden", f"?oproep={message_id}").text
    assert _page(clients[None], f"/buurt/{BUURT}").status_code == 200
    output = _output(app, "intake-receipt.children")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in output.strip(".").split("...")]
    answer = clients[None].callback(output, [{"id": "intake-submit", "property": "n_clicks", "value": 1}],
                                    _submit_inputs("oproepdraft-" + "b" * 16, "Ik zag een bestelbus afval dumpen",
                                                   oproep=message_id), outputs=outputs)
    assert "HNM-" in json.dumps(_answer(answer))
    with store.session() as session:
        response = session.scalar(select(OproepResponse).where(OproepResponse.message_id == message_id))
        assert session.get(Report, response.report_id).incident_id == incident
        assert session.scalar(select(func.sum(AreaPageView.views)).where(AreaPageView.area_code == BUURT)) >= 1
    reach = _answer(clients["wijkagent"].callback(
        "nb-reach.children", [{"id": "nb-message", "property": "children", "value": None}]))
    row = next(r for r in reach["nb-reach"]["children"]["props"]["children"][2]["props"]["children"]
               if "Wie zag de dumping?" in json.dumps(r))
    cells = [c["props"]["children"] for c in row["props"]["children"]]
    assert cells[-1] == "1" and int(cells[-2]) >= 1


def test_gemeente_cannot_link_an_oproep_to_a_police_only_incident(web):
    _app, store, clients = web
    incident = _incident(store, visibility="politie")
    _report(store, "Politie-incident", incident_id=incident)
    assert "Alleen een oproep" in json.dumps(_answer(_post(clients["gemeente"], "oproep", incident)))


def test_links_are_signed_with_the_secret_key(store):
    from services.area_followers import confirm, follow, unfollow

    links = FollowerLinks("https://hnm.example", "oude-sleutel-" + "s" * 30)
    with transaction(store.sessions) as session:
        follower = follow(session, BUURT, "sleutel@example.org")
        token = links.confirm_url(follower).rsplit("/", 1)[1]
        unsubscribe = links.unsubscribe_url(follower).rsplit("/", 1)[1]
        assert confirm(session, "nieuwe-sleutel-" + "n" * 30, token) is None       # another key: dead link
        assert unfollow(session, "nieuwe-sleutel-" + "n" * 30, unsubscribe) is False
        assert confirm(session, links.secret_key, token).confirmed_at is not None
        assert unfollow(session, links.secret_key, unsubscribe) is True


def test_failed_notification_is_kept_and_retried_after_backoff(store):
    from services.area_followers import follow, notify_followers
    from services.channels import DeliveryError, LogAdapter

    class Broken:
        def deliver(self, envelope):
            raise DeliveryError("server weg")

    now = utcnow()
    links = FollowerLinks("http://127.0.0.1:8050", "t" * 40)
    with transaction(store.sessions) as session:
        follow(session, BUURT, "retry@example.org").confirmed_at = now
        session.query(NeighbourhoodNotification).delete()          # the confirmation mail is not this test's
        org = session.scalar(select(Organisation.id).limit(1))
        message = NeighbourhoodMessage(area_code=BUURT, organisation_id=org, kind="tip", title="Tip", body="Slot erop")
        session.add(message)
        session.flush()
        assert notify_followers(session, message) == 1
        assert deliver_notifications(session, now, {"email": Broken()}, links) == {"verzonden": 0, "mislukt": 1}
        assert deliver_notifications(session, now + timedelta(minutes=1), {"email": LogAdapter("email")}, links) == \
            {"verzonden": 0, "mislukt": 0}      # still waiting for its backoff
        assert deliver_notifications(session, now + timedelta(minutes=6), {"email": LogAdapter("email")}, links) == \
            {"verzonden": 1, "mislukt": 0}
