"""Trends compare like with like, in the units a manager reads (issue 21), over real HTTP on
SQLite and PostgreSQL: a running month against the same stretch of the previous month, hours in
hours, shares in percentage points, and "-" for a period without any data (not "0 (+265)")."""

from __future__ import annotations

from datetime import timedelta

from data_access.db import transaction
from data_access.models import FeedbackMessage, utcnow
from data_access.trend_queries import period_containing, previous
from data_access.vocabulary import LOCAL_TZ
from services.intake import IntakeData, submit_report
from tests.http.test_finish_figures import _find

TRENDS = "..tr-title.children...tr-tiles.children...tr-groups.rowData...tr-channels.figure...tr-export.children...tr-message.children.."


def _joined(component) -> str:
    """A component's text as the browser shows it (pieces side by side)."""
    if isinstance(component, list):
        return "".join(_joined(c) for c in component)
    if isinstance(component, dict):
        return _joined(component.get("props", {}).get("children"))
    return "" if component is None else str(component)


def _plant(session, at, first_message_after_hours: float, urgent: bool):
    report = submit_report(session, IntakeData(text="Losse stoeptegel", channel="web", lat=52.035, lon=4.27,
                                               category_slug="onderhoud-stoep-straat-en-fietspad", urgent=urgent,
                                               received_at=at, contact_email="melder@voorbeeld.nl",
                                               wants_feedback=True))
    sent = at + timedelta(hours=first_message_after_hours)
    session.add(FeedbackMessage(report_id=report.id, kind="ontvangstbevestiging", body="Dank u.", channel="email",
                                state="verzonden", created_at=sent, sent_at=sent))


def test_running_month_against_the_same_stretch_of_last_month(web):
    app, store, clients = web
    now = utcnow()
    current = period_containing("month", now.astimezone(LOCAL_TZ).date())
    before = previous(current)
    start, before_start = current.utc_range[0], before.utc_range[0]
    elapsed = now - start
    with transaction(store.sessions) as session:
        for k in range(4):           # this month so far: 4 reports, 1 urgent, first message after 2 h
            _plant(session, start + elapsed * (k + 1) / 5, 2.0, urgent=k == 0)
        for k in range(5):           # the same stretch of last month: 5, 1 urgent, after 5.2 h
            _plant(session, before_start + elapsed * (k + 1) / 6, 5.2, urgent=k == 0)
        rest = before.utc_range[1] - (before_start + elapsed)
        for k in range(3):           # later last month (not like with like): must not count
            if rest > timedelta(hours=1):
                _plant(session, before_start + elapsed + rest * (k + 1) / 4, 50.0, urgent=True)
    inputs = [{"id": "tr-kind", "property": "value", "value": "month"},
              {"id": "tr-day", "property": "date", "value": now.astimezone(LOCAL_TZ).date().isoformat()},
              {"id": "tr-group", "property": "value", "value": "organisatie"}]
    response = clients["manager-gemeente"].callback(TRENDS, inputs)
    assert response.status_code == 200, response.text[:300]
    body = response.get_json()["response"]
    assert "lopende periode" in body["tr-title"]["children"] and "hetzelfde deel van" in body["tr-title"]["children"]
    tiles = body["tr-tiles"]["children"]
    texts = [_joined(tile) for tile in tiles]
    assert _find(tiles, "kpi-tr-0")["props"]["children"] == "4"
    assert "vorige: 5 (-20%)" in texts[0]
    assert "jaar eerder: -" in texts[0] and "(+" not in texts[0]            # no data a year earlier
    assert "vorige: 20% (+5 pp)" in texts[1]                               # 25% urgent against 20%
    assert _find(tiles, "kpi-tr-3")["props"]["children"] == "2 uur"
    assert "vorige: 5,2 uur (-3,2 uur)" in texts[3]                         # hours, not "pp"
    rows = body["tr-groups"]["rowData"]
    assert sum(r["meldingen"] for r in rows) == 4 and {r["vorige"] for r in rows} <= {5, 0} \
        and sum(r["vorige"] for r in rows) == 5 and {r["jaar"] for r in rows} == {"-"}
