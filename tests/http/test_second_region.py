"""A second, invented region end to end (issue 19): the region file of Lindendal (its own names,
areas as GeoJSON polygons in RD New, its own periods and tiles), six years of history imported
through the documented CSV mapping, and every page, callback and export over HTTP showing that
region's names, areas and exact figures. Fixtures: tests/fixtures/region (synthetic)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from data_access.region import load_region
from tests.conftest import BACKENDS, RoleClient, make_app, make_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "region"
REGION_FILE = FIXTURES / "lindendal.yaml"
CSV_FILE = FIXTURES / "lindendal_meldingen.csv"
MAPPING = FIXTURES / "lindendal_mapping.yaml"
USERS = ("beheerder", "meldkamer", "gemeente", "manager-gemeente", "manager-politie")
BUURTEN = {"Molenhoek", "Stationskwartier", "De Akkers"}
ORGANISATION_OF_TEAM = {"Buitendienst": "Gemeente Lindendal", "Toezicht": "Gemeente Lindendal",
                        "Wijkteam": "Politie Eenheid Lindendal"}
WHOLE = "?window=custom&from=2019-01-01&to=2024-12-31"
TIMELINE = "..tl-counts.figure...tl-heatmap.figure...tl-message.children.."
WORKLOAD = ("..wl-kpis.children...wl-lateness.figure...wl-groups.rowData...wl-groups.columnDefs...wl-flow.figure"
            "...wl-age.figure...wl-lead.children...wl-handover.children...wl-message.children..")
DRILL = "..wl-drill.rowData...wl-drill-title.children.."
TRENDS = ("..tr-title.children...tr-tiles.children...tr-groups.rowData...tr-channels.figure...tr-export.children"
          "...tr-message.children..")


def _rows() -> list[dict]:
    """The fixture's rows with their local reporting time, as the tests' own account of the truth."""
    with open(CSV_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for row in rows:
        row["at"] = datetime.strptime(row["aangemaakt"], "%Y-%m-%d %H:%M")
    return rows


ROWS = _rows()


def _between(first: date, last: date) -> list[dict]:
    return [r for r in ROWS if first <= r["at"].date() <= last]


@pytest.fixture(scope="module", params=BACKENDS)
def lindendal(request, tmp_path_factory):
    store = make_store(request, request.param, tmp_path_factory, load_region(REGION_FILE))
    app = make_app(store, tmp_path_factory, region=str(REGION_FILE))
    result = app.server.test_cli_runner().invoke(
        args=["import", "csv", str(CSV_FILE), "--mapping", str(MAPPING)])
    assert result.exit_code == 0, result.output
    assert "Geïmporteerd: 300" in result.output
    return app, {name: RoleClient(app, name) for name in USERS}


def _page(client, path, search=""):
    response = client.callback(
        ".._pages_content.children..._pages_store.data..",
        [{"id": "_pages_location", "property": "pathname", "value": path},
         {"id": "_pages_location", "property": "search", "value": search}],
        outputs=[{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}])
    assert response.status_code == 200, response.text
    return json.dumps(response.get_json(), ensure_ascii=False)     # Dash writes "/" as \u002f


def _component(text: str, component_id: str) -> dict:
    """The props of the component with this id anywhere in a callback answer."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == component_id:
                found.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(text))
    assert found, f"{component_id} not in the answer"
    return found[0]


def _no_pilot_town(text: str) -> None:
    for word in ("Den Haag", "Wateringse", "Erasmus Veld", "2026-04-06", "Escamp"):
        assert word not in text, word


def test_beheer_shows_the_region_configuration(lindendal):
    _, clients = lindendal
    text = _page(clients["beheerder"], "/beheer")
    for expected in ("Lindendal-Oost", "lindendal.yaml", "Gemeente Lindendal", "Politie Eenheid Lindendal",
                     "Basisteam Lindendal", "Buitendienst Lindendal", "lindendal_buurten.geojson: 3 buurten, 1 wijk",
                     "Nulmeting (01-01-2019 t/m 31-12-2019)", "Evaluatie wijkaanpak (01-03-2023 t/m 31-08-2023)",
                     "https://kaart.lindendal.invalid/{z}/{x}/{y}.png", "Kaart: gemeente Lindendal (verzonnen)"):
        assert expected in text, expected
    _no_pilot_town(text)
    assert clients["gemeente"].callback(
        ".._pages_content.children..._pages_store.data..",
        [{"id": "_pages_location", "property": "pathname", "value": "/beheer"},
         {"id": "_pages_location", "property": "search", "value": ""}],
        outputs=[{"id": "_pages_content", "property": "children"},
                 {"id": "_pages_store", "property": "data"}]).text.count("Regiobestand") == 0


def test_map_opens_on_the_regions_areas_with_its_tiles(lindendal):
    _, clients = lindendal
    text = _page(clients["meldkamer"], "/kaart")
    leaflet = _component(text, "map")
    lat, lon = leaflet["center"]
    # the middle of the buurten: RD New (204500, 504000), converted
    assert lat == pytest.approx(52.5214, abs=1e-3) and lon == pytest.approx(6.1165, abs=1e-3)
    assert [lat, lon] == pytest.approx(load_region(REGION_FILE).center, abs=1e-3)
    assert leaflet["zoom"] == load_region(REGION_FILE).zoom
    buurten = _component(text, "map-buurten")["data"]["features"]
    assert {f["properties"]["name"] for f in buurten} == BUURTEN
    assert "kaart.lindendal.invalid" in text
    _no_pilot_town(text)
    assert {o["label"] for o in _component(text, "map-buurt")["options"]} == BUURTEN
    newest = max(r["at"] for r in ROWS).date()       # nothing in the last 24 hours: the history's end
    assert _component(text, "map-window")["value"] == "custom"
    picker = _component(text, "map-range")
    assert (picker["start_date"], picker["end_date"]) == ((newest - timedelta(days=29)).isoformat(),
                                                          newest.isoformat())
    # the resident pages: the intake map and the neighbourhood page open on Lindendal too
    intake = _component(_page(RoleClient(lindendal[0], None), "/melden"), "intake-map")
    assert intake["center"] == pytest.approx(leaflet["center"], abs=1e-9)


def test_timeline_over_six_years_and_its_default_period(lindendal):
    _, clients = lindendal
    client = clients["manager-gemeente"]
    answer = client.callback(TIMELINE, [{"id": "tl-url", "property": "search", "value": WHOLE},
                                        {"id": "tl-stack", "property": "value", "value": "kanaal"}])
    assert answer.status_code == 200
    response = answer.get_json()["response"]
    figure = response["tl-counts"]["figure"]
    assert sum(sum(trace["y"]) for trace in figure["data"]) == 300
    assert len(figure["data"][0]["x"]) == 72                  # months 2019-2024
    assert {t["name"]: sum(t["y"]) for t in figure["data"]} == {"App": 75, "Import": 75, "Telefoon": 75,
                                                                "Website": 75}
    assert "300 meldingen in deze periode." in json.dumps(response["tl-message"])

    # the page opens on the 30 days up to the newest report (the last 30 days hold nothing)
    newest = max(r["at"] for r in ROWS).date()
    first = newest - timedelta(days=29)
    text = _page(client, "/tijdlijn")
    picker = _component(text, "tl-f-range")
    assert (picker["start_date"], picker["end_date"]) == (first.isoformat(), newest.isoformat())
    assert {o["label"] for o in _component(text, "tl-f-buurt")["options"]} == BUURTEN
    default = client.callback(TIMELINE, [{"id": "tl-url", "property": "search", "value": ""},
                                         {"id": "tl-stack", "property": "value", "value": "categorie"}])
    message = json.dumps(default.get_json()["response"]["tl-message"])
    assert f"{len(_between(first, newest))} meldingen in deze periode." in message
    assert "geen meldingen" in message and len(_between(first, newest)) > 0
    too_long = client.callback(TIMELINE, [{"id": "tl-url", "property": "search",
                                           "value": "?window=custom&from=2014-01-01&to=2024-12-31"},
                                          {"id": "tl-stack", "property": "value", "value": "kanaal"}])
    assert "hoogstens tien jaar" in json.dumps(too_long.get_json()["response"]["tl-message"])


def _workload(client, search=WHOLE, level="organisatie"):
    answer = client.callback(WORKLOAD, [{"id": "wl-url", "property": "search", "value": search},
                                        {"id": "wl-level", "property": "value", "value": level}])
    assert answer.status_code == 200
    return answer.get_json()["response"]


def test_workload_counts_history_honestly_and_names_the_regions_organisations(lindendal, monkeypatch):
    _, clients = lindendal
    client = clients["manager-politie"]
    response = _workload(client)
    kpis = json.dumps(response["wl-kpis"]["children"])
    open_rows = [r for r in ROWS if r["status"] == "Open"]
    assert len(open_rows) == 10
    groups = {row["organisation"]: row for row in response["wl-groups"]["rowData"]}
    assert set(groups) == {"Gemeente Lindendal", "Politie Eenheid Lindendal"}
    for name, row in groups.items():
        mine = [r for r in ROWS if ORGANISATION_OF_TEAM[r["team"]] == name]
        assert row["instroom"] == len(mine)
        assert row["open"] == sum(r["status"] == "Open" for r in mine)
    assert sum(row["uitstroom"] for row in groups.values()) == 290
    assert '"kpi-wl-open"' in kpis
    teams = {(r["organisation"], r["team"]) for r in _workload(client, level="team")["wl-groups"]["rowData"]}
    assert teams == {("Gemeente Lindendal", "Buitendienst Lindendal"),
                     ("Gemeente Lindendal", "Toezicht en handhaving Lindendal"),
                     ("Politie Eenheid Lindendal", "Basisteam Lindendal")}

    # a capped list says how many it leaves out
    monkeypatch.setattr("callbacks.workload.DRILL_LIMIT", 4)
    monkeypatch.setattr("data_access.workload_queries.DRILL_LIMIT", 4)
    kpi = {"type": "wl-kpi", "metric": "open"}
    answer = client.callback(
        DRILL, [[{"id": kpi, "property": "n_clicks", "value": 1}],
                {"id": "wl-groups", "property": "cellClicked", "value": None},
                {"id": "wl-age", "property": "clickData", "value": None}],
        state=[{"id": "wl-url", "property": "search", "value": WHOLE},
               {"id": "wl-level", "property": "value", "value": "organisatie"},
               {"id": "wl-groups", "property": "rowData", "value": []}],
        changed=[json.dumps(kpi, sort_keys=True, separators=(",", ":")) + ".n_clicks"]).get_json()["response"]
    assert answer["wl-drill-title"]["children"] == "Open: de eerste 4 van 10 meldingen"
    assert len(answer["wl-drill"]["rowData"]) == 4
    assert {r["buurt"] for r in answer["wl-drill"]["rowData"]} <= BUURTEN


def _trends(client, kind, day, group):
    answer = client.callback(TRENDS, [{"id": "tr-kind", "property": "value", "value": kind},
                                      {"id": "tr-day", "property": "date", "value": day},
                                      {"id": "tr-group", "property": "value", "value": group}])
    assert answer.status_code == 200
    return answer.get_json()["response"]


def test_trends_per_buurt_and_dash_where_nothing_is_known(lindendal):
    _, clients = lindendal
    client = clients["manager-gemeente"]
    text = _page(client, "/trends")
    newest = max(r["at"] for r in ROWS).date()
    assert _component(text, "tr-day")["date"] == newest.isoformat()     # opens where the data is
    assert '"/export/evaluatie?van=2023-03-01&tot=2023-08-31"' in text and "Nulmeting" in text
    _no_pilot_town(text)

    quarter = _trends(client, "quarter", "2023-05-15", "buurt")
    rows = {row["groep"]: row for row in quarter["tr-groups"]["rowData"]}
    assert set(rows) == BUURTEN
    quarter_rows = _between(date(2023, 4, 1), date(2023, 6, 30))
    for name in BUURTEN:
        assert rows[name]["meldingen"] == sum(r["regio"] == name for r in quarter_rows) > 0

    # December 2024: every report of it is still open: "op tijd" is unknown, not 0%
    december = _trends(client, "month", "2024-12-10", "organisatie")
    tiles = json.dumps(december["tr-tiles"]["children"])
    reported = len(_between(date(2024, 12, 1), date(2024, 12, 31)))
    assert reported > 0 and f'"children": "{reported}"' in tiles
    on_time = _component(json.dumps(december["tr-tiles"]), "kpi-tr-2")
    assert on_time["children"] == "-"
    assert {row["op_tijd"] for row in december["tr-groups"]["rowData"]} == {"-"}
    assert "Gemeente Lindendal" in {row["groep"] for row in december["tr-groups"]["rowData"]}


def test_exports_over_six_years_use_the_regions_names(lindendal):
    _, clients = lindendal
    client = clients["manager-gemeente"]
    response = client.get("/export/meldingen.csv?van=2019-01-01&tot=2024-12-31")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, body = lines[0], lines[1:]
    assert len(body) == 300
    organisations = {row[header.index("organisatie")] for row in body}
    assert organisations == {"Gemeente Lindendal", "Politie Eenheid Lindendal"}
    assert {row[header.index("buurt")] for row in body} == BUURTEN
    assert client.get("/export/meldingen.csv?van=2013-01-01&tot=2024-12-31").status_code == 400
    report = client.get("/export/evaluatie?van=2023-03-01&tot=2023-08-31")
    assert report.status_code == 200
    page = report.data.decode()
    assert "Evaluatie Het Nieuwe Melden - Lindendal-Oost" in page
    assert f'id="ev-reports">{len(_between(date(2023, 3, 1), date(2023, 8, 31)))}<' in page
    _no_pilot_town(page)


def test_open311_discovery_names_the_region(lindendal):
    app, _ = lindendal
    contact = app.server.test_client().get("/open311/discovery.json").json["contact"]
    assert contact == "Gemeente Lindendal en Politie Eenheid Lindendal, HNM Dashboard (Lindendal-Oost)"
