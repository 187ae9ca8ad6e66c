"""Scoping in SQL and the areas: on SQLite and PostgreSQL."""

import json

import pytest
from sqlalchemy import select

from auth.users import create_user, principal_for
from data_access.models import Area, AuditLog, Report
from data_access.reports import count_reports, get_report, reporter_contact
from services.areas import AreaIndex, load_cbs_geojson
from services.intake import IntakeData, submit_report
from tests.conftest import DEMO_PASSWORD


@pytest.fixture
def reports(store):
    with store.session() as s:
        ids = {}
        for key, slug, lat, lon in (("police", "inbraak", 52.047, 4.29), ("shared", "grofvuil", 52.035, 4.27),
                                    ("outside_wijk", "grofvuil", 52.035, 4.27)):
            r = submit_report(s, IntakeData(text=f"melding {key}", channel="app", lat=lat, lon=lon,
                                            category_slug=slug, contact_email=f"{key}@voorbeeld.nl"))
            ids[key] = r.id
        # a report whose wijk is elsewhere (for the wijkagent scope)
        s.get(Report, ids["outside_wijk"]).wijk_code = "WK999999"
        users = {name: create_user(s, name, DEMO_PASSWORD, org, roles, areas) for name, org, roles, areas in (
            ("mk", "politie", ["meldkamer"], []), ("wa", "politie", ["wijkagent"], ["WK051840"]),
            ("gm", "gemeente", ["gemeente"], []), ("mg", "gemeente", ["manager"], []),
            ("bh", "gemeente", ["beheerder"], []), ("wa0", "politie", ["wijkagent"], []))}
        s.commit()
        return store, ids, {k: principal_for(u) for k, u in users.items()}


def visible(store, principal, ids):
    with store.session() as s:
        return {k for k, i in ids.items() if get_report(s, principal, i) is not None}


def test_each_role_sees_exactly_its_scope(reports):
    store, ids, who = reports
    assert visible(store, who["mk"], ids) == {"police", "shared", "outside_wijk"}
    assert visible(store, who["wa"], ids) == {"police", "shared"}
    assert visible(store, who["gm"], ids) == {"shared", "outside_wijk"}
    assert visible(store, who["mg"], ids) == {"shared", "outside_wijk"}
    assert visible(store, who["bh"], ids) == set()
    assert visible(store, who["wa0"], ids) == set()          # a wijkagent without wijken
    with store.session() as s:
        assert count_reports(s, who["gm"]) == 2 and count_reports(s, who["mk"]) == 3


def test_contact_only_for_handling_organisation_and_audited(reports):
    store, ids, who = reports
    with store.session() as s:
        police = get_report(s, who["mk"], ids["police"])
        assert reporter_contact(s, who["mk"], police).email == "police@voorbeeld.nl"
        shared = get_report(s, who["mk"], ids["shared"])
        assert reporter_contact(s, who["mk"], shared) is None       # gemeente handles it
        assert reporter_contact(s, who["gm"], shared).email == "shared@voorbeeld.nl"
        assert reporter_contact(s, who["mg"], shared) is None       # managers never
        s.commit()
        audits = s.scalars(select(AuditLog.object_id).where(AuditLog.action == "view_contact")).all()
        assert sorted(audits) == sorted([str(ids["police"]), str(ids["shared"])])


def test_area_index_locates_every_buurt(store):
    with store.session() as s:
        index = AreaIndex.from_session(s)
        names = dict(s.execute(select(Area.code, Area.name)).all())
    points = {"Erasmus Veld": (52.048, 4.27), "Hoge Veld": (52.048, 4.295), "Zonne Veld": (52.035, 4.27),
              "Lage Veld": (52.035, 4.285), "Parkbuurt Oosteinde": (52.035, 4.30)}
    for name, (lat, lon) in points.items():
        loc = index.locate(lat, lon)
        assert names[loc.buurt_code] == name and loc.wijk_code == "WK051840"
    assert index.locate(52.37, 4.89) is None


def test_cbs_geojson_in_rd_new_replaces_approximate_areas(store, tmp_path):
    """A CBS-style file in RD New (EPSG:28992): official polygons, reports re-derived."""
    from pyproj import Transformer

    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    ring = [to_rd.transform(lon, lat) for lon, lat in
            [(4.262, 52.030), (4.305, 52.030), (4.305, 52.052), (4.262, 52.052), (4.262, 52.030)]]
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
               "properties": {"buurtcode": "BU05184099", "buurtnaam": "Heel Wateringse Veld",
                              "wijkcode": "WK051840", "gemeentecode": "GM0518"}}
    other = {**feature, "properties": {**feature["properties"], "gemeentecode": "GM0363", "buurtcode": "BU03630000"}}
    path = tmp_path / "cbs.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
                                "features": [feature, other]}))
    with store.session() as s:
        r = submit_report(s, IntakeData(text="vuil", channel="app", lat=52.035, lon=4.27, category_slug="grofvuil"))
        s.commit()
        # the new buurt overlaps the old ones; delete those so the point has one home
        for area in s.scalars(select(Area).where(Area.kind == "buurt", Area.code != "BU05184099")):
            s.delete(area)
        counts = load_cbs_geojson(s, path, "GM0518")
        s.commit()
        s.expire_all()
        assert counts["buurt"] == 1 and counts["meldingen"] == 1
        area = s.scalar(select(Area).where(Area.code == "BU05184099"))
        assert not area.approximate and "CBS" in area.source
        assert s.get(Report, r.id).buurt_code == "BU05184099"
        assert s.scalar(select(Area).where(Area.code == "BU03630000")) is None


def test_cbs_loader_refuses_a_non_geojson_file(store, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hallo": 1}')
    with store.session() as s, pytest.raises(ValueError, match="FeatureCollection"):
        load_cbs_geojson(s, path)
