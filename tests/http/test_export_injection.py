"""Exports neutralise formula injection (issue 16, item 4): a text cell that a spreadsheet would
run as a formula (= + - @ tab CR at the start) gets a leading apostrophe, in CSV and XLSX alike.
Planted values go through real export requests, on both backends."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import update

from data_access.db import transaction
from data_access.models import Area, Team
from services.intake import IntakeData, submit_report

BUURT_NAME = '=HYPERLINK("http://aanval.example/x";"klik")'
TEAM_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
TODAY = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
PERIOD = f"van={TODAY - timedelta(days=7)}&tot={TODAY + timedelta(days=1)}"


@pytest.fixture(scope="module")
def planted(web):
    _, store, clients = web
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text="Grofvuil naast de container", channel="web",
                                                   lat=52.0455, lon=4.288, category_slug="grofvuil"))
        session.execute(update(Area).where(Area.code == report.buurt_code).values(name=BUURT_NAME))
        session.execute(update(Team).where(Team.id == report.team_id).values(name=TEAM_NAME))
        reference = report.reference
    return clients, reference


def test_csv_export_neutralises_formulas(planted):
    clients, reference = planted
    response = clients["manager-gemeente"].get(f"/export/meldingen.csv?{PERIOD}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    [row] = [r for r in rows if r[0] == reference]
    assert "'" + BUURT_NAME in row and "'" + TEAM_NAME in row
    assert not any(value.startswith(("=", "+", "@", "\t", "\r")) for r in rows for value in r)


def test_xlsx_export_neutralises_formulas(planted):
    clients, reference = planted
    response = clients["manager-gemeente"].get(f"/export/meldingen.xlsx?{PERIOD}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    [row] = [r for r in sheet.iter_rows() if r[0].value == reference]
    values = {c.value for c in row}
    assert "'" + BUURT_NAME in values and "'" + TEAM_NAME in values
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
