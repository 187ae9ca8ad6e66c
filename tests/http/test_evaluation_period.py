"""The evaluation report opens on a period that holds data and lets a manager choose another
(issue 21), over real HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

from data_access.db import transaction
from data_access.models import utcnow
from data_access.vocabulary import LOCAL_TZ
from services.intake import IntakeData, submit_report

CHOOSE = "..tr-evaluation.href...tr-evaluation-note.children.."


def test_evaluation_opens_on_the_weeks_that_hold_data_and_a_period_can_be_chosen(web):
    app, store, clients = web
    old = utcnow() - timedelta(days=100)            # the only data: 100 days ago
    with transaction(store.sessions) as session:
        for n in range(3):
            submit_report(session, IntakeData(text="Losse stoeptegel", channel="web", lat=52.035, lon=4.27,
                                              category_slug="onderhoud-stoep-straat-en-fietspad",
                                              received_at=old - timedelta(days=n)))
    last = old.astimezone(LOCAL_TZ).date()
    first = last - timedelta(weeks=8) + timedelta(days=1)
    page = clients["manager-gemeente"].get("/export/evaluatie", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert f"Periode {first:%d-%m-%Y} t/m {last:%d-%m-%Y}" in page.text
    assert re.search(r'id="ev-reports">3<', page.text)
    assert f'name="van" value="{first.isoformat()}"' in page.text          # the period form on the report

    inputs = [{"id": "tr-eval-period", "property": "start_date", "value": "2026-01-05"},
              {"id": "tr-eval-period", "property": "end_date", "value": "2026-02-01"}]
    answer = clients["manager-politie"].callback(CHOOSE, inputs).get_json()["response"]
    assert answer["tr-evaluation"]["href"] == "/export/evaluatie?van=2026-01-05&tot=2026-02-01"
    inputs[1]["value"] = "2025-12-01"                                        # ends before it starts
    answer = clients["manager-politie"].callback(CHOOSE, inputs).get_json()["response"]
    assert "tr-evaluation" not in answer and "form-error" in str(answer["tr-evaluation-note"])
    assert clients["meldkamer"].callback(CHOOSE, inputs).status_code == 403
