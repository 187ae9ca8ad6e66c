"""Residents' pages over HTTP, anonymously: chat intake, tracking link, neighbourhood page."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import FeedbackMessage, NeighbourhoodMessage, Report, ReportEvent, utcnow
from services.intake import IntakeData, submit_report
from services.tracking import issue_token, revoke_token

BUURT, WIJK = "BU05184012", "WK051840"
POINT = (52.0455, 4.288)


def _answer(response) -> dict:
    assert response.status_code == 200, response.text[:300]
    return json.loads(response.text)["response"]


def _submit_inputs(key: str, text: str, lat=POINT[0], lon=POINT[1], oproep=None, photo=None, danger_answer=None):
    names = ["draft-key", "text", "category", "followup", "location", "when", "ongoing", "name",
             "email", "phone", "feedback", "oproep"]
    values = [key, text, None, None, {"lat": lat, "lon": lon, "label": None}, "nu", "ja", "Test Melder",
              "melder@example.org", None, ["ja"], oproep]
    return [{"id": f"intake-{n}", "property": "value" if n not in ("draft-key", "location", "oproep") else "data",
             "value": v} for n, v in zip(names, values)] + [{"id": "intake-photo", "property": "contents",
                                                            "value": photo},
                                                           {"id": "intake-danger-answer", "property": "data",
                                                            "value": danger_answer}]


def _output(app, contains: str) -> str:
    """The registered output key (allow_duplicate outputs carry a hash suffix)."""
    return next(key for key in app.callback_map if contains in key)


def _submit(app, client, key, text, **kw):
    output = _output(app, "intake-receipt.children")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
               for p in output.strip(".").split("...")]
    return client.callback(output, [{"id": "intake-submit", "property": "n_clicks", "value": 1}],
                           _submit_inputs(key, text, **kw), outputs=outputs)


def _report(store, source_ref=None, text="Er ligt veel zwerfvuil bij de speeltuin", visibility=None):
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text=text, channel="web", lat=POINT[0], lon=POINT[1],
                                                   source_ref=source_ref, category_slug="veeg-zwerfvuil"))
        if visibility:
            report.visibility = visibility
        token = issue_token(session, report)
        return report.id, token


def _propose(app, client, text, answer=None):
    output = _output(app, "intake-proposal.children")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
               for p in output.strip(".").split("...")]
    return client.callback(output, [{"id": "intake-text", "property": "value", "value": text}],
                           [{"id": "intake-category", "property": "value", "value": None},
                            {"id": "intake-proposed", "property": "data", "value": None},
                            {"id": "intake-danger-answer", "property": "data", "value": answer}], outputs=outputs)


def test_chat_submit_twice_with_one_draft_key_creates_one_report(web):
    app, store, clients = web
    anonymous, key = clients[None], "draftkey-" + "a" * 20
    text = "Er staat al dagen een kapotte fiets tegen het hek bij de school"
    first, second = _answer(_submit(app, anonymous, key, text)), _answer(_submit(app, anonymous, key, text))
    reference = first["intake-receipt"]["children"]
    assert "HNM-" in json.dumps(reference) and json.dumps(second["intake-receipt"]).count("HNM-") == 1
    with store.session() as session:
        rows = session.scalars(select(Report).where(Report.source_ref == f"chat:{key}")).all()
        assert len(rows) == 1 and rows[0].channel == "chat" and "Wanneer: nu" in rows[0].text


def test_chat_submit_bad_location_writes_nothing(web):
    app, store, clients = web
    with store.session() as session:
        before = session.scalar(select(func.count(Report.id)))
    answer = _answer(_submit(app, clients[None], "draftkey-" + "b" * 20, "Losse stoeptegel", lat=51.0, lon=5.0))
    assert "buiten het werkgebied" in json.dumps(answer["intake-errors"])
    with store.session() as session:
        assert session.scalar(select(func.count(Report.id))) == before


def test_life_threatening_text_stops_with_112_advice(web):
    app, _store, clients = web
    answer = _answer(_propose(app, clients[None], "Help er ligt iemand bewusteloos op straat en hij bloedt heel erg"))
    assert "112" in json.dumps(answer["intake-stop"]) and answer["intake-form"]["hidden"] is True


def test_proposal_shows_category_in_plain_words(web):
    app, _store, clients = web
    answer = _answer(_propose(app, clients[None], "De lantaarnpaal in onze straat brandt al een week niet"))
    assert "Het gaat volgens ons over" in json.dumps(answer["intake-proposal"], ensure_ascii=False)
    assert answer["intake-form"]["hidden"] is False


UNSURE_TEXT = "Er ligt een man op de stoep bij de bushalte, hij ligt daar al een tijd"


def test_proposal_says_why_with_the_words_it_was_based_on(web):
    app, _store, clients = web
    answer = _answer(_propose(app, clients[None], "De lantaarnpaal in onze straat brandt al een week niet"))
    text = json.dumps(answer["intake-proposal"], ensure_ascii=False)
    assert "Waarom?" in text and "lantaarnpaal" in text and "Een medewerker kijkt altijd mee" in text
    assert answer["intake-safety-box"]["hidden"] is True
    # the resident can still pick any other subject
    assert len(answer["intake-category"]["options"]) > 5


def test_possible_danger_asks_one_question_until_answered(web):
    app, _store, clients = web
    asked = _answer(_propose(app, clients[None], UNSURE_TEXT))
    assert asked["intake-safety-box"]["hidden"] is False and asked["intake-form"]["hidden"] is False
    assert asked["intake-stop"]["children"] is None
    answered = _answer(_propose(app, clients[None], UNSURE_TEXT, answer="nee"))
    assert answered["intake-safety-box"]["hidden"] is True and answered["intake-form"]["hidden"] is False


def _answer_question(app, client, button: str):
    output = _output(app, "intake-danger-answer.data")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]}
               for p in output.strip(".").split("...")]
    inputs = [{"id": "intake-danger-yes", "property": "n_clicks", "value": 1 if button == "yes" else 0},
              {"id": "intake-danger-no", "property": "n_clicks", "value": 1 if button == "no" else 0}]
    return client.callback(output, inputs, outputs=outputs, changed=[f"intake-danger-{button}.n_clicks"])


def test_yes_to_the_safety_question_is_the_112_stop_and_no_continues(web):
    app, _store, clients = web
    yes = _answer(_answer_question(app, clients[None], "yes"))
    assert "Bel nu 112" in json.dumps(yes, ensure_ascii=False)
    assert yes["intake-form"]["hidden"] is True and yes["intake-danger-answer"]["data"] == "ja"
    no = _answer(_answer_question(app, clients[None], "no"))
    assert no["intake-form"]["hidden"] is False and no["intake-danger-answer"]["data"] == "nee"
    assert no["intake-safety-box"]["hidden"] is True


def test_unanswered_safety_question_stores_the_report_for_a_check_and_no_does_not(web):
    app, store, clients = web
    keys = ("draftkey-" + "s" * 20, "draftkey-" + "t" * 20)
    _answer(_submit(app, clients[None], keys[0], UNSURE_TEXT))
    _answer(_submit(app, clients[None], keys[1], UNSURE_TEXT, danger_answer="nee"))
    with store.session() as session:
        unanswered, safe = (session.scalar(select(Report).where(Report.source_ref == f"chat:{key}")) for key in keys)
        assert unanswered.safety_check is True and unanswered.urgent is True
        assert safe.safety_check is False and "Iemand nu in gevaar: nee" in safe.text


def _track(client, token):
    return client.callback("..track-view.children...track-add-box.hidden...track-survey-box.hidden..",
                           [{"id": "track-token", "property": "data", "value": token},
                            {"id": "track-refresh", "property": "data", "value": 0}])


def test_tracking_link_shows_status_and_sent_messages_only(web):
    app, store, clients = web
    report_id, token = _report(store)
    with transaction(store.sessions) as session:
        session.add_all([FeedbackMessage(report_id=report_id, kind="tussenbericht", body="We gaan het opruimen.",
                                         state="verzonden", sent_at=utcnow()),
                         FeedbackMessage(report_id=report_id, kind="tussenbericht", body="Concept in wachtrij",
                                         state="wachtrij")])
    text = json.dumps(_answer(_track(clients[None], token)), ensure_ascii=False)
    assert "We hebben uw melding ontvangen" in text and "We gaan het opruimen." in text
    assert "Concept in wachtrij" not in text and "melder@" not in text


@pytest.mark.parametrize("token", ["", "geen-echte-token", "x" * 300])
def test_bad_or_revoked_token_shows_nothing(web, token):
    app, store, clients = web
    text = json.dumps(_answer(_track(clients[None], token)), ensure_ascii=False)
    assert "Niet gevonden" in text and "HNM-" not in text


def test_revoked_token_stops_working(web):
    _app, store, clients = web
    report_id, token = _report(store)
    with transaction(store.sessions) as session:
        revoke_token(session, report_id)
    assert "Niet gevonden" in json.dumps(_answer(_track(clients[None], token)), ensure_ascii=False)


def test_addition_and_negative_answer_reopen(web):
    _app, store, clients = web
    report_id, token = _report(store)
    anonymous = clients[None]
    added = _answer(anonymous.callback("..track-add-message.children...track-addition.value..",
                                       [{"id": "track-add", "property": "n_clicks", "value": 1}],
                                       [{"id": "track-token", "property": "data", "value": token},
                                        {"id": "track-addition", "property": "value", "value": "Het ligt er nog."}]))
    assert "Bedankt" in added["track-add-message"]["children"]
    with transaction(store.sessions) as session:
        report = session.get(Report, report_id)
        report.status, report.closed_at = "afgehandeld", utcnow()
    answer = _answer(anonymous.callback(
        "..track-answer-message.children...track-refresh.data..",
        [{"id": "track-answer", "property": "n_clicks", "value": 1}],
        [{"id": "track-token", "property": "data", "value": token},
         {"id": "track-satisfied", "property": "value", "value": "nee"},
         {"id": "track-reason", "property": "value", "value": "niet_opgelost"},
         {"id": "track-answer-text", "property": "value", "value": "Ligt er nog steeds"},
         {"id": "track-refresh", "property": "data", "value": 0}]))
    assert "opnieuw" in answer["track-answer-message"]["children"]
    with store.session() as session:
        assert session.get(Report, report_id).status == "heropend"
        kinds = session.scalars(select(ReportEvent.kind).where(ReportEvent.report_id == report_id)).all()
        assert "aanvulling melder" in kinds


def _neighbourhood(client, code):
    return client.callback(
        "..buurt-title.children...buurt-messages.children...buurt-reported.children...buurt-done.children"
        "...buurt-map-cells.data...buurt-problems.children...buurt-map.viewport..",
        [{"id": "buurt-weeks", "property": "value", "value": 4}],
        [{"id": "buurt-code", "property": "data", "value": code}])


@pytest.mark.parametrize("code", [BUURT, WIJK])
def test_neighbourhood_never_shows_police_only_reports(web, code):
    _app, store, clients = web
    secret = "Geheime politiemelding over inbraak met naam Jansen"
    before = _answer(_neighbourhood(clients[None], code))
    _report(store, text=secret, visibility="politie")
    after = _answer(_neighbourhood(clients[None], code))
    assert after == before            # not the text, not a count, not a map cell
    assert "Jansen" not in json.dumps(after)
    _report(store, text="Er ligt veel zwerfvuil naast de container")
    shared = _answer(_neighbourhood(clients[None], code))
    assert shared["buurt-reported"] != before["buurt-reported"]
    cells = shared["buurt-map-cells"]["data"]["features"]
    assert cells and all(f["geometry"]["type"] == "Polygon" for f in cells)


def test_buurtbericht_from_staff_appears_for_residents(web):
    app, store, clients = web
    output = "..nb-message.children...nb-title.value...nb-body.value.."
    state = [{"id": "nb-area", "property": "value", "value": BUURT},
             {"id": "nb-kind", "property": "value", "value": "oproep"},
             {"id": "nb-title", "property": "value", "value": "Let op uw fiets"},
             {"id": "nb-body", "property": "value", "value": "Er worden fietsen gestolen bij het station."},
             {"id": "nb-ends", "property": "date", "value": (utcnow() + timedelta(days=7)).date().isoformat()},
             {"id": "nb-incident", "property": "value", "value": None}]
    click = [{"id": "nb-submit", "property": "n_clicks", "value": 1}]
    assert clients[None].callback(output, click, state).status_code == 401
    assert clients["manager-politie"].callback(output, click, state).status_code == 403
    assert "Geplaatst" in json.dumps(_answer(clients["wijkagent"].callback(output, click, state)))
    text = json.dumps(_answer(_neighbourhood(clients[None], BUURT)), ensure_ascii=False)
    assert "Let op uw fiets" in text
    with store.session() as session:
        assert session.scalar(select(func.count(NeighbourhoodMessage.id))) >= 1


def test_resident_pages_open_without_login(web):
    _app, _store, clients = web
    for path in ("/melden", f"/volg/onbekend", f"/buurt/{BUURT}"):
        assert clients[None].get(path).status_code == 200
    assert clients[None].get("/buurtberichten").status_code == 302


@pytest.mark.parametrize("position, expected", [
    ({"lat": 52.035, "lon": 4.27, "accuracy": 12}, "Locatie: uw huidige locatie."),
    ({"lat": 52.3731, "lon": 4.8922, "accuracy": 12}, "buiten Wateringse Veld"),
    ({"lat": "52", "lon": None}, "buiten Wateringse Veld"),
])
def test_browser_position_is_checked_like_a_map_pin(web, position, expected):
    app, _store, clients = web
    output = _output(app, "intake-location-text.children@")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]}
               for p in output.strip(".").split("...")]
    response = clients[None].callback(output, [
        {"id": "intake-geolocation", "property": "position", "value": position},
        {"id": "intake-geolocation", "property": "position_error", "value": None}], outputs=outputs)
    assert expected in str(_answer(response))


@pytest.mark.parametrize("trigger, street, expected", [
    ("intake-street.n_submit", "Akkerwindestraat", "Locatie: Akkerwindestraat."),
    ("intake-street.n_blur", "akkerwindestraat", "Locatie: Akkerwindestraat."),
    ("intake-street-search.n_clicks", "Damrak", "kennen we niet"),
])
def test_street_is_looked_up_on_leaving_the_field_enter_or_search(web, trigger, street, expected):
    app, _store, clients = web
    output = _output(app, "intake-location-text.children..")
    inputs = [{"id": "intake-map", "property": "clickData", "value": None},
              {"id": "intake-street-search", "property": "n_clicks", "value": 1},
              {"id": "intake-street", "property": "n_blur", "value": 1},
              {"id": "intake-street", "property": "n_submit", "value": 1}]
    state = [{"id": "intake-street", "property": "value", "value": street},
             {"id": "intake-location", "property": "data", "value": None}]
    response = clients[None].callback(output, inputs, state, changed=[trigger])
    assert expected in str(_answer(response))


def test_description_limits_fit_what_the_server_stores(web):
    """The box's limit leaves room for the answers the page adds: a full box plus a full follow-up
    answer is stored; one character more is refused next to the box, nothing written."""
    from services.chat_intake import DESCRIPTION_MAX, FOLLOW_UP_MAX
    from services.intake import MAX_TEXT

    app, store, clients = web
    full = ("Losse stoeptegel voor de deur van de bakker. " * 100)[:DESCRIPTION_MAX]
    output = _output(app, "intake-receipt.children")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in output.strip(".").split("...")]
    click = [{"id": "intake-submit", "property": "n_clicks", "value": 1}]

    state = _submit_inputs("draftkey-" + "l" * 20, full + "x")
    answer = _answer(clients[None].callback(output, click, state, outputs=outputs))
    assert "te lang" in answer["intake-text-error"]["children"]
    assert "Bekijk de fout bij uw beschrijving" in json.dumps(answer["intake-errors"])
    with store.session() as session:
        assert session.scalar(select(func.count(Report.id)).where(Report.source_ref == "chat:draftkey-" + "l" * 20)) == 0

    state = _submit_inputs("draftkey-" + "m" * 20, full)
    next(s for s in state if s["id"] == "intake-followup")["value"] = "y" * FOLLOW_UP_MAX
    answer = _answer(clients[None].callback(output, click, state, outputs=outputs))
    assert "HNM-" in json.dumps(answer["intake-receipt"]) and answer["intake-text-error"]["children"] == ""
    with store.session() as session:
        stored = session.scalar(select(Report.text).where(Report.source_ref == "chat:draftkey-" + "m" * 20))
        assert stored.startswith(full) and len(stored) <= MAX_TEXT


def test_tracking_link_shows_what_was_reported(web):
    """Category, date and the resident's own words, only with the private link."""
    app, store, clients = web
    _, token = _report(store, text="Zwerfvuil bij de speeltuin aan de Hoge Veld, al een week")
    text = json.dumps(_answer(_track(clients[None], token)), ensure_ascii=False)
    assert "Wat u meldde" in text and "Zwerfvuil bij de speeltuin aan de Hoge Veld, al een week" in text
    assert "Veeg- / zwerfvuil" in text

