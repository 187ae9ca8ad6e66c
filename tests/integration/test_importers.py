"""Bulk importers: Assen's real Signalen export, a synthetic The Hague export, a mapped CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access.models import Area, Report, ReportEvent
from services.importers import denhaag, generic_csv, signalen_csv
from services.importers.base import run_import

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
ASSEN = Path("/work/shared/data/assen")


@pytest.fixture(autouse=True)
def _no_early_warning(monkeypatch):
    """Early warning runs per intake; it is not what these tests measure (and it is slow per row)."""
    monkeypatch.setattr("services.intake.detect_safely", lambda session, report: None)


def _count(session, *where) -> int:
    return session.scalar(select(func.count()).select_from(Report).where(*where))


def _assen_file(store, tmp_path) -> tuple[Path, list[dict]]:
    """The whole real file on SQLite; its first 600 rows on PostgreSQL (same code, shorter run)."""
    source = ASSEN / "assen_meldingen.csv"
    if store.backend == "sqlite":
        path = source
    else:
        path = tmp_path / "assen_600.csv"
        path.write_text("".join(source.read_text(encoding="utf-8").splitlines(True)[:601]), encoding="utf-8")
    with open(path, newline="", encoding="utf-8") as handle:
        return path, list(csv.DictReader(handle))


@pytest.mark.skipif(not (ASSEN / "assen_meldingen.csv").exists(), reason="Assen-data niet aanwezig")
def test_assen_real_export_imports_once_with_its_areas(store, tmp_path):
    path, rows = _assen_file(store, tmp_path)
    with store.session() as session:
        assert signalen_csv.load_areas(session, ASSEN / "areas.json", "areas.json") >= 10
        summary = run_import(session, signalen_csv.read_rows(session, path), outside_area="keep")
        session.commit()
        assert summary.errors == []
        assert summary.imported == len(rows) and not summary.skipped
        assert _count(session, Report.source_ref.like("signalen:%")) == len(rows)
        # Assen's wijk names became its CBS wijk codes (WK0106..), the points are kept as they are
        noorderpark = session.scalar(select(Area.code).where(Area.name == "Noorderpark"))
        assert _count(session, Report.wijk_code == noorderpark) == sum(r["wijk"] == "Noorderpark" for r in rows)
        assert _count(session, Report.lat > 52.9) == len(rows)
        # unknown Signalen sub categories became "overig" with the reason on the timeline
        assert summary.notes["categorie onbekend"] > 0
        assert session.scalar(select(func.count()).select_from(ReportEvent).where(
            ReportEvent.kind == "import")) == summary.notes["categorie onbekend"]

        again = run_import(session, signalen_csv.read_rows(session, path), outside_area="keep")
        session.commit()
        assert again.imported == 0 and again.skipped == {"al geïmporteerd": len(rows)}
        assert _count(session) == len(rows)
    if store.backend == "sqlite":
        assert len(rows) == 3024


@pytest.mark.skipif(not (ASSEN / "assen_meldingen.csv").exists(), reason="Assen-data niet aanwezig")
def test_assen_points_outside_the_served_area_are_skipped_by_default(store, tmp_path):
    head = tmp_path / "assen_head.csv"
    head.write_text("".join(open(ASSEN / "assen_meldingen.csv", encoding="utf-8").readlines()[:51]),
                    encoding="utf-8")
    with store.session() as session:
        summary = run_import(session, signalen_csv.read_rows(session, head))
        assert summary.imported == 0 and summary.skipped == {"buiten het werkgebied": 50}
        assert _count(session) == 0


def test_rd_new_conversion_matches_known_points():
    # Amersfoort, the origin of RD New: (155000, 463000) = 52.15517 N, 5.38721 E
    lat, lon = denhaag.to_wgs84(155_000, 463_000)
    assert lat == pytest.approx(52.15517, abs=1e-4) and lon == pytest.approx(5.38721, abs=1e-4)
    lat, lon = denhaag.to_wgs84(79313.0, 450927.7)
    assert lat == pytest.approx(52.0415, abs=1e-5) and lon == pytest.approx(4.2840, abs=1e-5)


def test_denhaag_sample_with_rd_coordinates_bad_rows_and_rerun(store):
    path = FIXTURES / "denhaag_sample.csv"
    with store.session() as session:
        summary = run_import(session, denhaag.read_rows(session, path))
        session.commit()
        assert summary.imported == 5
        assert summary.skipped == {"buiten het werkgebied": 1}
        assert [line for line, _ in summary.errors] == [7, 9]
        assert "datum" in summary.errors[0][1] and "xcoord" in summary.errors[1][1]

        first = session.scalar(select(Report).where(Report.source_ref == "denhaag:SYN-0001"))
        assert first.lat == pytest.approx(52.0415, abs=1e-5) and first.lon == pytest.approx(4.284, abs=1e-5)
        assert first.buurt_code == "BU05184014" and first.category.slug == "grofvuil"
        assert first.status == "afgehandeld" and first.closed_at is not None
        tree = session.scalar(select(Report).where(Report.source_ref == "denhaag:SYN-0003"))
        assert tree.category.slug == "boom" and tree.urgent and tree.buurt_code == "BU05184015"
        no_point = session.scalar(select(Report).where(Report.source_ref == "denhaag:SYN-0004"))
        assert no_point.lat is None and no_point.buurt_code == "BU05184013"   # kept with its area
        unknown = session.scalar(select(Report).where(Report.source_ref == "denhaag:SYN-0005"))
        assert unknown.category.slug == "overig-openbare-ruimte"

        again = run_import(session, denhaag.read_rows(session, path))
        session.commit()
        assert again.imported == 0 and again.skipped["al geïmporteerd"] == 5
        assert _count(session) == 5


def test_generic_csv_through_a_yaml_mapping(store):
    mapping = generic_csv.load_mapping(FIXTURES / "mijnstad_mapping.yaml")
    with store.session() as session:
        summary = run_import(session, generic_csv.read_rows(session, FIXTURES / "mijnstad.csv", mapping))
        session.commit()
        assert summary.imported == 3 and summary.errors[0][0] == 5 and "datum" in summary.errors[0][1]
        rows = {r.source_ref: r for r in session.scalars(select(Report))}
        assert rows["mijnstad:A1"].category.slug == "huisafval"
        assert rows["mijnstad:A1"].text == "Vuilnis / Zakken naast de container"
        assert rows["mijnstad:A2"].status == "afgehandeld"
        assert rows["mijnstad:A3"].lat is None and rows["mijnstad:A3"].buurt_code == "BU05184013"


def test_mapping_and_missing_columns_give_clear_messages(store, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"source": "x", "columns": {"id": "a"}}', encoding="utf-8")
    with pytest.raises(generic_csv.MappingError, match="minstens id, received_at"):
        generic_csv.load_mapping(bad)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with store.session() as session:
        summary = run_import(session, signalen_csv.read_rows(session, other))
        assert summary.imported == 0 and summary.errors[0][0] == 1
        assert "kolommen ontbreken" in summary.errors[0][1]


def test_cli_import_dry_run_saves_nothing_then_imports(store, tmp_path_factory):
    from tests.conftest import make_app

    app = make_app(store, tmp_path_factory)
    runner = app.server.test_cli_runner()
    path = str(FIXTURES / "denhaag_sample.csv")
    result = runner.invoke(args=["import", "denhaag", path, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Proefimport" in result.output and "Geïmporteerd: 5" in result.output
    assert "Regel 7:" in result.output
    with store.session() as session:
        assert _count(session) == 0
    result = runner.invoke(args=["import", "denhaag", path])
    assert "Geïmporteerd: 5" in result.output
    result = runner.invoke(args=["import", "csv", path])
    assert result.exit_code != 0 and "--mapping" in result.output
