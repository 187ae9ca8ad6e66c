"""Real history imports honestly (issue 19 C): status, closing date, channel and team mapped from
the file, "all closed" history, GeoJSON polygons in RD New as areas, one clear error for what is
missing instead of one per row. Fixtures: tests/fixtures/region (synthetic Lindendal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from data_access.models import Area, Organisation, Report, Team
from services.areas import load_cbs_geojson
from services.importers import generic_csv
from services.importers.base import ImportSummary, run_import

REGION = Path(__file__).resolve().parent.parent / "fixtures" / "region"
CSV = REGION / "lindendal_meldingen.csv"


@pytest.fixture(autouse=True)
def _no_early_warning(monkeypatch):
    monkeypatch.setattr("services.intake.detect_safely", lambda session, report: None)


def _import(session, mapping: dict):
    summary = run_import(session, generic_csv.read_rows(session, CSV, mapping))
    session.commit()
    return summary


def test_history_keeps_status_closing_date_channel_and_team(store):
    mapping = generic_csv.load_mapping(REGION / "lindendal_mapping.yaml")
    with store.session() as session:
        counts = load_cbs_geojson(session, REGION / "lindendal_buurten.geojson")
        assert (counts["wijk"], counts["buurt"]) == (1, 3)
        molenhoek = session.scalar(select(Area).where(Area.code == "BU09990101"))
        lon, lat = json.loads(molenhoek.geometry)["coordinates"][0][0]      # RD New became WGS84
        assert lon == pytest.approx(6.0943, abs=1e-3) and lat == pytest.approx(52.5126, abs=1e-3)
        summary = _import(session, mapping)
        assert summary.imported == 300 and summary.errors == []
        assert summary.notes == {"kanaal onbekend": 75, "sluitdatum onbekend": 12}
        by_status = dict(session.execute(select(Report.status, func.count()).group_by(Report.status)).all())
        assert by_status == {"afgehandeld": 278, "geannuleerd": 12, "in_behandeling": 10}
        assert session.scalar(select(func.count()).select_from(Report).where(Report.closed_at.is_(None))) == 10
        channels = dict(session.execute(select(Report.channel, func.count()).group_by(Report.channel)).all())
        assert channels == {"telefoon": 75, "web": 75, "app": 75, "import": 75}
        teams = dict(session.execute(select(Team.code, func.count()).select_from(Report).join(Team, Team.id == Report.team_id)
                                     .group_by(Team.code)).all())
        assert teams == {"stadsbeheer": 100, "handhaving": 100, "wijkteam": 100}
        police = session.scalar(select(func.count()).select_from(Report).join(Organisation).where(Organisation.code == "politie"))
        assert police == 100
        second = session.scalar(select(Report).where(Report.source_ref == "lindendal:LD-00002"))
        assert second.closed_at.strftime("%Y-%m-%d %H:%M") == "2019-01-12 16:12"    # 17:12 local, winter
        assert second.buurt_code == "BU09990102" and second.wijk_code == "WK099901"
        assert second.category.slug == "straatverlichting-openbare-klok" and second.text == "Verlichting"
        again = _import(session, mapping)
        assert again.imported == 0 and again.skipped == {"al geïmporteerd": 300}


def test_all_closed_history_without_status_column(store, tmp_path):
    raw = yaml.safe_load((REGION / "lindendal_mapping.yaml").read_text(encoding="utf-8"))
    for key in ("status", "closed_at"):
        raw["columns"].pop(key)
    raw.pop("statuses")
    raw["all_closed"] = True
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    mapping = generic_csv.load_mapping(path)
    with store.session() as session:
        load_cbs_geojson(session, REGION / "lindendal_buurten.geojson")
        summary = _import(session, mapping)
        assert summary.imported == 300 and summary.notes["sluitdatum onbekend"] == 300
        assert session.scalar(select(func.count()).select_from(Report).where(Report.status != "afgehandeld")) == 0
        assert session.scalar(select(func.count()).select_from(Report).where(Report.closed_at != Report.received_at)) == 0


def test_mapping_errors_say_what_is_missing(tmp_path):
    def load(text: str):
        path = tmp_path / "m.yaml"
        path.write_text(text, encoding="utf-8")
        return generic_csv.load_mapping(path)

    with pytest.raises(generic_csv.MappingError, match="noemt geen plaats"):
        load("source: x\ncolumns: {id: a, received_at: b}\n")
    with pytest.raises(generic_csv.MappingError, match="Onbekende status onder 'statuses': klaar"):
        load("source: x\ncolumns: {id: a, received_at: b, area: c}\nstatuses: {Dicht: klaar}\n")
    with pytest.raises(generic_csv.MappingError, match="Onbekende kanaal onder 'channels': fax"):
        load("source: x\ncolumns: {id: a, received_at: b, area: c}\nchannels: {Fax: fax}\n")
    with pytest.raises(generic_csv.MappingError, match="alleen afgehandeld of geannuleerd"):
        load("source: x\ncolumns: {id: a, received_at: b, area: c, status: s}\nstatuses: {Open: gemeld}\n"
             "all_closed: true\n")


def test_the_same_error_on_many_rows_is_one_line():
    summary = ImportSummary(errors=[(n, "onleesbare datum 'x'") for n in range(2, 82539)] + [(9, "id ontbreekt")])
    lines = summary.lines()
    assert lines == ["Geïmporteerd: 0", "82537 regels (2, 3, 4, 5, 6 en 82532 meer): onleesbare datum 'x'",
                     "Regel 9: id ontbreekt"]


def test_cli_without_areas_says_so_once_and_stores_nothing(store, tmp_path_factory):
    from tests.conftest import make_app

    app = make_app(store, tmp_path_factory)
    runner = app.server.test_cli_runner()
    args = ["import", "csv", str(CSV), "--mapping", str(REGION / "lindendal_mapping.yaml")]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert result.output.count("\n") == 1 and "Geen enkel gebied uit kolom 'regio' is bekend" in result.output
    assert "--areas" in result.output
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0
    result = runner.invoke(args=args + ["--areas", str(REGION / "lindendal_buurten.geojson")])
    assert result.exit_code == 0, result.output
    assert "4 gebieden geladen uit lindendal_buurten.geojson" in result.output
    assert "Geïmporteerd: 300" in result.output
