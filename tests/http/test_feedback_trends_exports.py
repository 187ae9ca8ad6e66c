"""Terugkoppeling, Trends and exports over real HTTP per role, on SQLite and PostgreSQL.

A gemeente user never gets a police-only row (page callbacks, CSV, XLSX, evaluation report);
managers get no personal data; beheerder and wall get 403; anonymous 401 (callbacks) or the login
page (routes); CSV streams and a 100,000-row export does not build a list.
"""

import io
import re
import tracemalloc
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from data_access.db import transaction
from data_access.models import AuditLog, Category, FeedbackMessage, Organisation, Report
from tests.integration.test_feedback_figures import build_known_dataset

FIGURES = "..fb-tiles.children...fb-states.figure...fb-groups.rowData...fb-groups-export.children...fb-message.children.."
QUEUE = "..fb-queue.rowData...fb-failed.children.."
SEND = "..fb-send-message.children...fb-sent.data...fb-queue.selectedRows.."
TRENDS = "..tr-title.children...tr-tiles.children...tr-groups.rowData...tr-channels.figure...tr-export.children...tr-message.children.."
MULTIPLES = "tr-multiples.figure"
PERIOD = [{"id": "fb-period", "property": "start_date", "value": "2026-04-06"},
          {"id": "fb-period", "property": "end_date", "value": "2026-05-31"},
          {"id": "fb-group", "property": "value", "value": "categorie"}]
TREND_INPUTS = [{"id": "tr-kind", "property": "value", "value": "month"},
                {"id": "tr-day", "property": "date", "value": "2026-04-20"},
                {"id": "tr-group", "property": "value", "value": "buurt"}]
QUEUE_INPUTS = [{"id": "fb-refresh", "property": "n_intervals", "value": 1},
                {"id": "fb-sent", "property": "data", "value": None}]
STAFF = ("meldkamer", "wijkagent", "handhaving", "gemeente")
MANAGERS = ("manager-politie", "manager-gemeente")
GEMEENTE_SIDE = ("handhaving", "gemeente", "manager-gemeente")
EXPORTS = ["/export/meldingen.csv?van=2025-01-01&tot=2026-06-30",
           "/export/terugkoppeling.csv?van=2025-01-01&tot=2026-06-30&per=categorie",
           "/export/terugkoppeling-wachtrij.csv"]


@pytest.fixture(scope="module")
def seeded(web):
    app, store, clients = web
    with transaction(store.sessions) as session:
        known = build_known_dataset(session, seed=5, count=50)
        references = {r.id: r.reference for r in session.execute(select(Report.id, Report.reference))}
    police_only = {references[k.id] for k in known if k.visibility == "politie"}
    shared = {references[k.id] for k in known if k.visibility == "gedeeld"}
    assert police_only and shared
    return app, store, clients, known, police_only, shared


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_pages_per_role(seeded):
    _, _, clients, *_ = seeded
    for user in STAFF + MANAGERS + ("beheerder", "wall"):
        assert clients[user].get("/terugkoppeling").status_code == (200 if user in STAFF + MANAGERS else 403)
        assert clients[user].get("/trends").status_code == (200 if user in MANAGERS else 403)
    assert clients[None].get("/trends").status_code == 302


def test_feedback_callbacks_per_role(seeded):
    _, _, clients, _, police_only, shared = seeded
    for user in STAFF + MANAGERS:
        figures = clients[user].callback(FIGURES, PERIOD)
        queue = clients[user].callback(QUEUE, QUEUE_INPUTS)
        assert figures.status_code == 200 and queue.status_code == 200, user
        body = _text(figures) + _text(queue)
        assert "@voorbeeld.nl" not in body and "Bekende testmelding" not in body
        if user in GEMEENTE_SIDE:
            assert not any(ref in body for ref in police_only), user
    assert any(ref in _text(clients["meldkamer"].callback(QUEUE, QUEUE_INPUTS)) for ref in police_only)
    for user in ("beheerder", "wall"):
        assert clients[user].callback(FIGURES, PERIOD).status_code == 403
        assert clients[user].callback(QUEUE, QUEUE_INPUTS).status_code == 403
    assert clients[None].callback(FIGURES, PERIOD).status_code == 401


def test_gemeente_queue_rows_are_shared_only(seeded):
    _, _, clients, _, police_only, shared = seeded
    rows = clients["gemeente"].callback(QUEUE, QUEUE_INPUTS).get_json()["response"]["fb-queue"]["rowData"]
    assert rows and {r["referentie"] for r in rows} <= shared


def test_trends_callbacks_per_role(seeded):
    _, _, clients, _, police_only, _ = seeded
    for user in MANAGERS:
        response = clients[user].callback(TRENDS, TREND_INPUTS)
        assert response.status_code == 200
        assert "@voorbeeld.nl" not in _text(response) and not any(ref in _text(response) for ref in police_only)
        assert clients[user].callback(MULTIPLES, TREND_INPUTS[:2]).status_code == 200
    police = clients["manager-politie"].callback(TRENDS, TREND_INPUTS).get_json()["response"]
    gemeente = clients["manager-gemeente"].callback(TRENDS, TREND_INPUTS).get_json()["response"]
    total = lambda rows: sum(r["meldingen"] for r in rows)   # noqa: E731
    assert total(police["tr-groups"]["rowData"]) > total(gemeente["tr-groups"]["rowData"])
    for user in STAFF + ("beheerder", "wall"):
        assert clients[user].callback(TRENDS, TREND_INPUTS).status_code == 403
    assert clients[None].callback(MULTIPLES, TREND_INPUTS[:2]).status_code == 401


def test_trends_bad_input_gets_a_dutch_message(seeded):
    _, _, clients, *_ = seeded
    bad = [dict(TREND_INPUTS[0], value="eeuw"), *TREND_INPUTS[1:]]
    response = clients["manager-politie"].callback(TRENDS, bad).get_json()["response"]
    assert "Kies een periode" in str(response["tr-message"]["children"])


def test_send_feedback_from_the_queue(seeded):
    _, store, clients, *_ = seeded
    rows = clients["gemeente"].callback(QUEUE, QUEUE_INPUTS).get_json()["response"]["fb-queue"]["rowData"]
    with store.session() as session:
        gemeente_id = session.scalar(select(Organisation.id).where(Organisation.code == "gemeente"))
        own = {r.reference for r in session.execute(select(Report.reference).where(
            Report.organisation_id == gemeente_id))}
    row = next(r for r in rows if r["referentie"] in own)
    state = [{"id": "fb-queue", "property": "selectedRows", "value": [row]},
             {"id": "fb-kind", "property": "value", "value": "ontvangstbevestiging"},
             {"id": "fb-body", "property": "value", "value": "Beste melder, dank u."}]
    click = [{"id": "fb-send", "property": "n_clicks", "value": 1}]
    response = clients["gemeente"].callback(SEND, click, state)
    assert "klaargezet" in _text(response)
    assert response.get_json()["response"]["fb-queue"]["selectedRows"] == []     # the form starts anew
    with store.session() as session:
        assert session.scalar(select(FeedbackMessage.state).where(
            FeedbackMessage.body == "Beste melder, dank u.")) == "wachtrij"
    stale = clients["gemeente"].callback(SEND, click, state)      # same version again: a conflict
    assert "intussen door iemand anders gewijzigd" in _text(stale)
    assert clients["manager-gemeente"].callback(SEND, click, state).status_code == 403
    police_rows = clients["meldkamer"].callback(QUEUE, QUEUE_INPUTS).get_json()["response"]["fb-queue"]["rowData"]
    assert police_rows and not {r["referentie"] for r in police_rows} & own   # staff: own organisation
    other = next(r for r in rows if r["referentie"] in own and r["id"] != row["id"])
    state[0]["value"] = [other]        # the police may see a shared gemeente report, not send for it
    assert "behandelende organisatie" in _text(clients["meldkamer"].callback(SEND, click, state))


@pytest.mark.parametrize("path", EXPORTS)
def test_csv_exports_stream_in_scope_without_contacts(seeded, path):
    _, store, clients, _, police_only, _ = seeded
    for user in STAFF + MANAGERS:
        response = clients[user].get(path)
        assert response.status_code == 200, (user, path)
        assert response.is_streamed
        body = _text(response)
        assert body.startswith("\ufeff") and "@voorbeeld.nl" not in body and "Bekende testmelding" not in body
        if user in GEMEENTE_SIDE:
            assert not any(ref in body for ref in police_only), (user, path)
    assert any(ref in _text(clients["meldkamer"].get(EXPORTS[0])) for ref in police_only)
    for user in ("beheerder", "wall"):
        assert clients[user].get(path).status_code == 403
    assert clients[None].get(path).status_code == 302
    with store.session() as session:
        assert session.scalar(select(AuditLog.id).where(AuditLog.action == "export",
                                                        AuditLog.username == "gemeente")) is not None


def test_report_csv_counts_exactly_the_scope(seeded):
    _, _, clients, known, police_only, shared = seeded
    police = _text(clients["meldkamer"].get(EXPORTS[0])).splitlines()
    gemeente = _text(clients["gemeente"].get(EXPORTS[0])).splitlines()
    assert len(police) - 1 == len(known) and len(gemeente) - 1 == len(shared)


def test_xlsx_exports_respect_scope(seeded):
    _, _, clients, _, police_only, shared = seeded
    response = clients["manager-gemeente"].get("/export/meldingen.xlsx?van=2025-01-01&tot=2026-06-30")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "referentie" and {r[0] for r in rows[1:]} == shared
    trends = clients["manager-gemeente"].get("/export/trends.xlsx?periode=quarter&datum=2026-05-01&per=buurt")
    assert trends.status_code == 200 and load_workbook(io.BytesIO(trends.data)).active.max_row > 1
    assert clients["gemeente"].get("/export/trends.csv").status_code == 403
    assert clients["manager-politie"].get("/export/meldingen.csv?van=2026-05-01&tot=2026-04-01").status_code == 400


def test_evaluation_report_for_managers(seeded):
    _, _, clients, known, police_only, _ = seeded
    police = clients["manager-politie"].get("/export/evaluatie?van=2026-04-06&tot=2026-05-31")
    gemeente = clients["manager-gemeente"].get("/export/evaluatie?van=2026-04-06&tot=2026-05-31")
    assert police.status_code == 200 and gemeente.status_code == 200
    for response in (police, gemeente):
        assert "<svg" in _text(response) and "@media print" in _text(response)
        assert "@voorbeeld.nl" not in _text(response)
    assert "alleen voor de politie zijn" in _text(gemeente)
    for user in STAFF + ("beheerder", "wall"):
        assert clients[user].get("/export/evaluatie").status_code == 403


def test_100k_row_export_streams_with_bounded_memory(seeded):
    _, store, clients, *_ = seeded
    start = datetime(2019, 1, 1, tzinfo=timezone.utc)
    with transaction(store.sessions) as session:
        category = session.scalar(select(Category).where(Category.slug == "grofvuil"))
        rows = [{"reference": f"BULK-{n:07d}", "received_at": start + timedelta(minutes=3 * n),
                 "updated_at": start, "channel": "app", "text": "bulk", "category_id": category.id,
                 "main_category_id": category.parent_id, "urgent": False, "buurt_code": None,
                 "organisation_id": category.organisation_id, "status": "gemeld", "visibility": "gedeeld",
                 "version": 1} for n in range(100_000)]
        for chunk in range(0, len(rows), 10_000):
            session.execute(insert(Report), rows[chunk:chunk + 10_000])
    del rows
    response = clients["manager-gemeente"].get("/export/meldingen.csv?van=2019-01-01&tot=2019-12-31",
                                               buffered=False)
    assert response.is_streamed
    tracemalloc.start()
    lines = chunks = 0
    for chunk in response.response:
        lines += chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
        chunks += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    assert lines == 100_001 and chunks > 100
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def _csv_rows(response) -> list[list[str]]:
    return [line.split(";") for line in _text(response).lstrip("\ufeff").splitlines()]


def test_csv_decimals_with_a_comma_and_trend_periods_with_their_dates(seeded):
    """Dutch Excel reads '2,4' as a number and '2.4' as a date or text; the trends export says
    which days 'huidige', 'vorige periode' and 'jaar eerder' are."""
    _, _, clients, *_ = seeded
    feedback = _csv_rows(clients["manager-politie"].get(EXPORTS[1]))
    values = [value for row in feedback[1:] for value in row]
    assert any(re.fullmatch(r"\d+,\d", value) for value in values)
    assert not any(re.fullmatch(r"\d+\.\d+", value) for value in values)
    trends = _csv_rows(clients["manager-politie"].get("/export/trends.csv?periode=month&datum=2026-04-20&per=buurt"))
    assert trends[0][:4] == ["groep", "periode", "van", "tot en met"]
    periods = {tuple(row[1:4]) for row in trends[1:]}
    assert periods == {("huidige periode", "2026-04-01", "2026-04-30"), ("vorige periode", "2026-03-01", "2026-03-31"),
                       ("jaar eerder", "2025-04-01", "2025-04-30")}


def test_bad_dates_in_an_export_link_give_a_dutch_page_or_json_for_a_client(seeded):
    _, _, clients, *_ = seeded
    link = "/export/meldingen.csv?van=2026-13-45&tot=2026-04-01"
    page = clients["manager-politie"].get(link, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "Kies een geldige begin- en einddatum" in _text(page) and "<h1>" in _text(page)
    client = clients["manager-politie"].get(link, headers={"Accept": "application/json"})
    assert client.status_code == 400 and client.get_json()["error"] == "invalid"
    evaluation = clients["manager-politie"].get("/export/evaluatie?van=gisteren", headers={"Accept": "text/html"})
    assert evaluation.status_code == 400 and "Kies een geldige" in _text(evaluation)
