"""Early warning of a flood in one batch: the batch's places share their reads per category and
area (services/nearby_reports.py), and what they count and alert is what per-report detection
and plain SQL counts give; on SQLite and PostgreSQL."""

import random
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from data_access.alert_queries import METRES_PER_DEG_LAT, METRES_PER_DEG_LON, POLICE, near, seen_by
from data_access.db import transaction
from data_access.models import Alert, IncidentProposal, Report, utcnow
from services import early_warning
from services.detection_queue import DetectionQueue
from services.early_warning import (
    HOTSPOT_BASE_DAYS, HOTSPOT_DAYS, HOTSPOT_RADIUS_M, HOTSPOT_SCAN_RADIUS_M, HOTSPOT_WIDE_RADIUS_M,
    REPEAT_CONTEXT_M, REPEAT_DAYS, REPEAT_RADIUS_M, audiences, on_report_submitted, place_figures,
)
from services.intake import IntakeData, submit_report
from services.nearby_reports import area_of, read_nearby

ORIGIN = (52.0365, 4.2725)                 # south-west corner of a grid over Wateringse Veld
STEP = (0.0013, 0.0019)                    # ~145 x 130 m: every grid point its own ~100 m cell


def store_report(session, at, slug, lat, lon, text="Melding"):
    return submit_report(session, IntakeData(text=text, channel="app", lat=lat, lon=lon, category_slug=slug,
                                             received_at=at), detect=False)


def flood_store(store, rng):
    """Six weeks of background around a 6 x 6 grid; at some grid points a repeat location and
    hotspot (shared) or break-ins night after night (police-only) in the last week; then the flood:
    one report at each grid point (and a break-in at some) within the last 40 minutes. Returns the
    flood's ids, oldest first."""
    now = utcnow().replace(microsecond=0)
    points = [(ORIGIN[0] + i * STEP[0], ORIGIN[1] + j * STEP[1]) for i in range(6) for j in range(6)]
    with store.session() as s:
        for day in range(42):
            for _ in range(6):
                lat, lon = rng.choice(points)
                store_report(s, now - timedelta(days=day, hours=rng.uniform(1, 23)), "grofvuil",
                             lat + rng.uniform(-0.001, 0.001), lon + rng.uniform(-0.0015, 0.0015))
        for lat, lon in points[::7]:
            for night in range(7):
                at = now - timedelta(days=night, hours=rng.uniform(2, 5))
                store_report(s, at, "grofvuil", lat + rng.uniform(-1e-4, 1e-4), lon + rng.uniform(-1e-4, 1e-4))
                store_report(s, at, "inbraak", lat + rng.uniform(-3e-4, 3e-4), lon + rng.uniform(-3e-4, 3e-4))
        flood = [(now - timedelta(minutes=40) + timedelta(seconds=rng.uniform(0, 2400)), slug, lat, lon)
                 for k, (lat, lon) in enumerate(points) for slug in (("grofvuil", "inbraak") if k % 3 else ("grofvuil",))]
        flood.sort()
        ids = [store_report(s, at, slug, lat, lon, text=f"Flood {slug} {i}").id
               for i, (at, slug, lat, lon) in enumerate(flood)]
        s.commit()
    return ids


def outcome(store):
    """Every alert as it stands (place alerts with their window and centre), then cleared."""
    with store.session() as s:
        alerts = sorted(
            (a.kind, a.visibility, a.area_code or "", a.main_category_id or 0, a.channel or "", a.observed,
             a.explanation, *((a.window_start, a.window_end, round(a.lat, 9), round(a.lon, 9))
                              if a.kind != "piek" else ()))
            for a in s.scalars(select(Alert)))
        s.execute(delete(IncidentProposal))
        s.execute(delete(Alert))
        s.commit()
    return alerts


def test_batch_detection_of_a_flood_gives_the_same_alerts_as_one_by_one(store):
    ids = flood_store(store, random.Random(3))
    with store.session() as s:
        reports = s.scalars(select(Report).where(Report.id.in_(ids))).all()
        cells = {(int(r.lat * 1000), int(r.lon * 700), r.main_category_id, r.visibility) for r in reports}
        assert len(cells) == len(ids) > 50      # one report per cell: the batch checks every one
        assert len({area_of(r) for r in reports}) < 10     # ...sharing a few reads
    for report_id in ids:                   # the reference: detection per report, each its own reads
        with transaction(store.sessions) as s:
            on_report_submitted(s, s.get(Report, report_id))
    one_by_one = outcome(store)
    DetectionQueue(store.sessions, background=False).run(ids)
    batch = outcome(store)
    kinds = {(kind, visibility) for kind, visibility, *_ in one_by_one}
    assert {("herhaling", "gedeeld"), ("hotspot", "gedeeld"), ("hotspot", "politie")} <= kinds, kinds
    assert batch == one_by_one


def sql_figures(session, report, now, audience):
    """The place figures as plain SQL counts: the reference for the arrays."""
    def rows(metres, start, *extra):
        return (Report.main_category_id == report.main_category_id, seen_by(audience),
                near(report.lat, report.lon, metres), Report.received_at >= start, Report.received_at <= now,
                *extra)

    def one(column, *conditions):
        return session.scalar(select(column).where(*conditions))

    count, first, police = func.count(), func.min(Report.received_at), Report.visibility == POLICE
    repeat_start, recent_start = now - timedelta(days=REPEAT_DAYS), now - timedelta(days=HOTSPOT_DAYS)
    scan_start = recent_start - timedelta(days=HOTSPOT_BASE_DAYS)
    figures = {"spot": one(count, *rows(REPEAT_RADIUS_M, repeat_start)),
               "spot police": one(count, *rows(REPEAT_RADIUS_M, repeat_start, police)),
               "spot first": one(first, *rows(REPEAT_RADIUS_M, repeat_start)),
               "context": one(count, *rows(REPEAT_CONTEXT_M, repeat_start)),
               "surroundings first": one(first, *rows(HOTSPOT_WIDE_RADIUS_M, scan_start))}
    for radius in (HOTSPOT_RADIUS_M, HOTSPOT_WIDE_RADIUS_M):
        figures |= {(radius, "recent"): one(count, *rows(radius, recent_start)),
                    (radius, "police"): one(count, *rows(radius, recent_start, police)),
                    (radius, "base"): one(count, *rows(radius, scan_start, Report.received_at < recent_start)),
                    (radius, "lat"): one(func.avg(Report.lat), *rows(radius, recent_start)),
                    (radius, "lon"): one(func.avg(Report.lon), *rows(radius, recent_start))}
    return figures


def test_the_shared_read_counts_what_sql_counts_also_on_the_edges_of_boxes_and_periods(store):
    """Reports exactly on the bounds of every box and period (SQL's BETWEEN and >= include them),
    and just outside, around places in different areas checked in one batch."""
    rng = random.Random(5)
    now = utcnow().replace(microsecond=0)
    centres = [(52.0372, 4.2745), (52.0462, 4.2905), (52.0405, 4.2800)]
    with store.session() as s:
        for lat, lon in centres:
            for metres in (REPEAT_RADIUS_M, HOTSPOT_RADIUS_M, REPEAT_CONTEXT_M, HOTSPOT_WIDE_RADIUS_M,
                           2 * HOTSPOT_SCAN_RADIUS_M):
                dlat, dlon = metres / METRES_PER_DEG_LAT, metres / METRES_PER_DEG_LON
                for edge_lat, edge_lon in ((lat + dlat, lon), (lat - dlat, lon), (lat, lon + dlon), (lat, lon - dlon),
                                           (lat + dlat * 1.0001, lon), (lat, lon - dlon * 1.0001)):
                    for days in (0, 1, REPEAT_DAYS, HOTSPOT_DAYS, HOTSPOT_DAYS + HOTSPOT_BASE_DAYS, 60):
                        for slug in ("grofvuil", "inbraak"):
                            store_report(s, now - timedelta(days=days, seconds=rng.choice((0, 0, 1, -1))),
                                         slug, edge_lat, edge_lon)
        for _ in range(300):
            lat, lon = rng.choice(centres)
            store_report(s, now - timedelta(days=rng.uniform(0, 60)), rng.choice(("grofvuil", "inbraak")),
                         lat + rng.uniform(-0.004, 0.004), lon + rng.uniform(-0.006, 0.006))
        places = [store_report(s, now, slug, lat, lon) for lat, lon in centres for slug in ("grofvuil", "inbraak")]
        s.flush()
        nearby = read_nearby(s, [(r, now) for r in places], 2 * HOTSPOT_SCAN_RADIUS_M,
                             timedelta(days=HOTSPOT_DAYS + HOTSPOT_BASE_DAYS))
        checked = 0
        for report in places:
            figures = place_figures(nearby[area_of(report)], report, now)
            assert set(figures) == set(audiences(report.visibility))
            for audience, mine in figures.items():
                expected = sql_figures(s, report, now, audience)
                for key in ("lat", "lon"):
                    for radius in (HOTSPOT_RADIUS_M, HOTSPOT_WIDE_RADIUS_M):
                        assert mine.pop((radius, key)) == pytest.approx(expected.pop((radius, key)), rel=1e-12)
                assert mine == expected, (report.main_category_id, audience)
                assert mine["spot"] > 0 and mine[HOTSPOT_WIDE_RADIUS_M, "base"] > 0
                checked += 1
        assert checked == 9                 # 3 shared places x 2 audiences + 3 police-only places
