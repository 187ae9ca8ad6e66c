"""The header search over HTTP per role on SQLite and PostgreSQL: by reference, by street and house
number and by words of the text, always in the role's scope (a gemeente user never finds a
police-only report, a wijkagent only the assigned wijken), and the full-text index kept in step by
the database for the intake's Core writer and for changed texts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from auth.users import principal_for
from data_access.db import transaction
from data_access.models import Report, User
from data_access.report_search import search_reports
from services.intake import IntakeData, prepare_report, store_reports, submit_report

SEARCH = "hnm-search-results.children"
READERS = ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente")
POLICE_SEEING = {"meldkamer", "wijkagent", "manager-politie"}


def report(text, address, slug, lat=52.047, lon=4.27):
    return IntakeData(text=text, channel="app", lat=lat, lon=lon, address=address, category_slug=slug,
                      contact_email="melder@voorbeeld.nl")


@pytest.fixture(scope="module")
def seeded(web):
    app, store, clients = web
    with transaction(store.sessions) as session:
        police = submit_report(session, report("Fietsendief gezien bij de schuurtjes, zwarte jas",
                                               "Erasmusweg 12, Den Haag", "diefstal"))
        shared = submit_report(session, report("De lantaarnpaal bij de speeltuin is kapot",
                                               "Erasmusweg 12, Den Haag", "straatverlichting-openbare-klok"))
        other_number = submit_report(session, report("Lantaarnpaal knippert", "Erasmusweg 120, Den Haag",
                                                      "straatverlichting-openbare-klok"))
        elsewhere = submit_report(session, report("Lantaarnpaal scheef na aanrijding", "Lozerlaan 3, Den Haag",
                                                  "straatverlichting-openbare-klok"))
        # one batch through the intake's group-commit writer (Core executemany, no ORM flush)
        batch = [prepare_report(session, report(f"Kapotte bank nummer {i} in het Zonnepark", None, "straatmeubilair"))
                 for i in range(3)]
        store_reports(session, batch)
        # another wijk: not the wijkagent's
        session.execute(update(Report).where(Report.id == elsewhere.id).values(wijk_code="WK051841"))
        refs = {name: r.reference for name, r in (("police", police), ("shared", shared), ("other", other_number),
                                                 ("elsewhere", elsewhere))}
        refs["batch"] = [session.get(Report, item.id).reference for item in batch]
    return clients, store, refs, app


def found(client, query) -> set[str]:
    response = client.callback(SEARCH, [{"id": "hnm-search", "property": "value", "value": query},
                                        {"id": "hnm-search-go", "property": "n_clicks", "value": 0}],
                               state=[{"id": "hnm-search", "property": "value", "value": query}])
    assert response.status_code == 200, response.status_code
    body = response.get_data(as_text=True)
    assert "voorbeeld.nl" not in body
    return set(re.findall(r'"children":\s*"(HNM-\d{7})",\s*"className":\s*"search-ref"', body))


@pytest.mark.parametrize("user", READERS)
def test_words_of_the_text_in_the_role_scope(seeded, user):
    clients, _, refs, _ = seeded
    lamps = found(clients[user], "lantaarnpaal")
    expected = {refs["shared"], refs["other"]} | ({refs["elsewhere"]} if user != "wijkagent" else set())
    assert lamps == expected
    assert found(clients[user], "lantaarn kapot") == {refs["shared"]}          # every word, also as a start
    thief = found(clients[user], "fietsendief")
    assert thief == ({refs["police"]} if user in POLICE_SEEING else set())


@pytest.mark.parametrize("user", READERS)
def test_reference_and_street_with_house_number(seeded, user):
    clients, _, refs, _ = seeded
    assert found(clients[user], refs["shared"]) == {refs["shared"]}
    assert found(clients[user], refs["shared"].lower().replace("-", " ")) == {refs["shared"]}
    police = found(clients[user], refs["police"])
    assert police == ({refs["police"]} if user in POLICE_SEEING else set())
    at_twelve = found(clients[user], "Erasmusweg 12")                            # not number 120
    assert at_twelve == {refs["shared"]} | ({refs["police"]} if user in POLICE_SEEING else set())


@pytest.mark.parametrize("user", ["gemeente", "wijkagent", "meldkamer"])
def test_the_newest_reports_and_the_index_give_the_same_hits(seeded, user):
    """PostgreSQL answers from the newest reports (along the primary key) when they fill the list,
    else from the GIN index: a short list comes from the first, a long one (more than there are)
    from the second, and the short one is the long one's start, in the same scope."""
    _, store, _, _ = seeded
    with store.sessions() as session:
        principal = principal_for(session.scalar(select(User).where(User.username == user)))
        for query in ("lantaarnpaal", "lantaarn kapot", "zonnepark bank", "Erasmusweg 12", "bank nummer"):
            every = search_reports(session, principal, query, 10)
            assert every, query
            for limit in (1, 2):
                assert search_reports(session, principal, query, limit) == every[:limit], (query, limit)


def test_the_core_writer_and_changed_texts_are_in_the_index(seeded):
    clients, store, refs, _ = seeded
    assert found(clients["gemeente"], "zonnepark bank") == set(refs["batch"])
    with transaction(store.sessions) as session:
        session.execute(update(Report).where(Report.reference == refs["batch"][0])
                        .values(text="Bank weggehaald, melding ingetrokken"))
    assert found(clients["gemeente"], "zonnepark bank") == set(refs["batch"][1:])
    assert found(clients["gemeente"], "ingetrokken") == {refs["batch"][0]}


def test_what_the_search_answers_and_who_may_ask(seeded):
    clients, _, refs, _ = seeded
    short = clients["gemeente"].callback(SEARCH, [{"id": "hnm-search", "property": "value", "value": "x"},
                                                  {"id": "hnm-search-go", "property": "n_clicks", "value": 1}],
                                         state=[{"id": "hnm-search", "property": "value", "value": "x"}])
    assert short.status_code == 204                                              # too short: no answer
    none = clients["gemeente"].callback(SEARCH, [{"id": "hnm-search", "property": "value", "value": "zzqx"},
                                                 {"id": "hnm-search-go", "property": "n_clicks", "value": 1}],
                                        state=[{"id": "hnm-search", "property": "value", "value": "zzqx"}])
    assert "Geen melding gevonden" in none.get_data(as_text=True)
    answer = clients["meldkamer"].callback(SEARCH, [{"id": "hnm-search", "property": "value", "value": refs["shared"]},
                                                    {"id": "hnm-search-go", "property": "n_clicks", "value": 1}],
                                           state=[{"id": "hnm-search", "property": "value", "value": refs["shared"]}])
    assert "kaart?melding=" in answer.get_data(as_text=True) and "speeltuin" not in answer.get_data(as_text=True)
    for user, status in (("beheerder", 403), ("wall", 403), (None, 401)):
        response = clients[user].callback(SEARCH, [{"id": "hnm-search", "property": "value", "value": "lantaarnpaal"},
                                                   {"id": "hnm-search-go", "property": "n_clicks", "value": 1}],
                                          state=[{"id": "hnm-search", "property": "value", "value": "lantaarnpaal"}])
        assert response.status_code == status


def test_a_search_link_opens_the_panel_only_within_scope(seeded):
    clients, store, refs, app = seeded
    with store.session() as session:
        police_id = session.query(Report.id).filter(Report.reference == refs["police"]).scalar()
    key = next(k for k, entry in app.callback_map.items() if k.startswith("selected-report.data")
               and [i["id"] for i in entry["inputs"]] == ["map-open-report"])
    opened = clients["meldkamer"].callback(key, [{"id": "map-open-report", "property": "data", "value": police_id}])
    assert opened.get_json()["response"]["selected-report"]["data"] == {"id": police_id}
    panel = clients["gemeente"].callback(
        "..report-panel.className...report-panel-title.children...report-panel-body.children...report-panel-loaded.data...report-panel-message.children..",
        [{"id": "selected-report", "property": "data", "value": {"id": police_id}},
         {"id": "report-panel-outcome", "property": "data", "value": None},
         {"id": "report-panel-close", "property": "n_clicks", "value": 0}])
    assert "Fietsendief" not in panel.get_data(as_text=True)
