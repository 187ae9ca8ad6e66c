"""The early-warning detectors on small known series, on SQLite and PostgreSQL."""

import math
import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import Alert, Report
from services import early_warning
from services.intake import IntakeData, submit_report

ZONNE_VELD = (52.0372, 4.2745)
MONDAY_0900 = datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc)     # 09:00 in Amsterdam


BUURT_CENTRES = [(52.0466, 4.2700), (52.0466, 4.2912), (52.0352, 4.2680), (52.0352, 4.2830),
                 (52.0352, 4.2972)]                                 # the five buurten of Wateringse Veld
PARKBUURT = BUURT_CENTRES[4]


def add(session, at, slug, point=ZONNE_VELD, text="Melding", jitter=0.0005, rng=random.Random(1),
        channel="app"):
    lat = point[0] + rng.uniform(-jitter, jitter)
    lon = point[1] + rng.uniform(-jitter, jitter)
    return submit_report(session, IntakeData(text=text, channel=channel, lat=lat, lon=lon,
                                             category_slug=slug, received_at=at, synthetic=True))


def history(session, slug, end, per_week_at: list[tuple[int, int]], weeks=4):
    """Background: one report per (weekday, hour) slot per week, for `weeks` weeks before `end`."""
    for week in range(weeks, 0, -1):
        monday = end - timedelta(days=end.weekday(), hours=end.hour, minutes=end.minute) - timedelta(weeks=week)
        for weekday, hour in per_week_at:
            add(session, monday + timedelta(days=weekday, hours=hour, minutes=15), slug, jitter=0.004)


def alerts(session):
    return session.scalars(select(Alert).order_by(Alert.id)).all()


def test_a_spike_is_found_and_explained_in_dutch(store):
    with transaction(store.sessions) as session:
        history(session, "jeugdoverlast", MONDAY_0900, [(1, 19), (4, 21), (5, 22)])
        assert alerts(session) == []
        for minute in (0, 9, 17, 31, 44, 52):
            add(session, MONDAY_0900 + timedelta(hours=11, minutes=minute), "jeugdoverlast",
                text="Groep jongeren met harde muziek en vuurwerk")
        found = [a for a in alerts(session) if a.kind == "piek"]
    assert len(found) == 1, [a.explanation for a in alerts(session)]
    alert = found[0]
    assert alert.visibility == "gedeeld" and alert.area_code == "BU05184013"
    assert alert.observed >= 4 and alert.expected < 1
    assert "Zonne Veld" in alert.explanation and "verwacht 0," in alert.explanation
    assert alert.created_at <= MONDAY_0900 + timedelta(hours=12)         # within the hour


def test_a_normal_monday_morning_is_not_an_alert(store):
    slots = [(0, 8), (0, 9), (0, 10), (2, 9), (4, 9)]
    with transaction(store.sessions) as session:
        history(session, "huisafval", MONDAY_0900, slots, weeks=4)
        for minute in (5, 50, 110):
            add(session, MONDAY_0900 - timedelta(hours=1) + timedelta(minutes=minute), "huisafval", jitter=0.004)
        assert [a for a in alerts(session) if a.kind == "piek"] == []
        assert early_warning.run_detection(session, MONDAY_0900 + timedelta(hours=2)) == []


def test_police_only_reports_make_a_police_only_alert(store):
    with transaction(store.sessions) as session:
        for minute in range(0, 50, 10):
            add(session, MONDAY_0900 + timedelta(minutes=minute), "inbraak")
        found = alerts(session)
    assert found and {a.visibility for a in found} == {"politie"}


def add_mixed_hotspot(session, end):
    """Break-ins (police-only) and suspicious situations (shared) around one spot in Parkbuurt
    Oosteinde over six nights: 4 of each, so neither visibility level alone reaches a hotspot."""
    ring = [(0.0004, 0.0), (0.0, 0.0006), (-0.0004, 0.0), (0.0, -0.0006)]
    for night in range(6, -2, -1):
        dlat, dlon = ring[night % 4]
        slug = "inbraak" if night % 2 else "verdachte-situatie"
        add(session, end - timedelta(days=night, hours=2), slug,
            point=(PARKBUURT[0] + dlat, PARKBUURT[1] + dlon), jitter=0.00005)


def test_a_mixed_hotspot_is_a_police_alert_that_the_gemeente_never_sees(store):
    with transaction(store.sessions) as session:
        add_mixed_hotspot(session, MONDAY_0900)
        found = alerts(session)
    assert [(a.kind, a.visibility) for a in found] == [("hotspot", "politie")], [a.explanation for a in found]
    assert found[0].observed == 8 and "binnen 150 meter in Parkbuurt Oosteinde" in found[0].explanation



def suspicious_situations(session, rng, extra: list[tuple], end, weeks):
    """In time order: one suspicious situation a day somewhere in the wijk (near one of its five
    buurt centres) for `weeks` weeks before `end`, and the `extra` (time, point, jitter) ones."""
    background = [(end - timedelta(days=day, hours=-2), BUURT_CENTRES[day % 5], 0.004)
                  for day in range(weeks * 7, 0, -1)]
    for at, point, jitter in sorted(background + extra):
        add(session, at, "verdachte-situatie", point=point, jitter=jitter, rng=rng)


def test_a_hotspot_spread_over_300_metres_is_found_and_a_normal_spread_is_not(store):
    """Ten reports on a circle of 340 m across in Parkbuurt Oosteinde within five days: never
    more than three within 150 m of one of them (the small box misses it), all ten within 350 m.
    The same ten spread over the wijk's five buurten are no alert. (Nine were just enough at
    p < 1e-5 when the week's count was the only hotspot test; with the part of the day beside
    it each is tested at 5e-6.)"""
    rng = random.Random(7)
    times = [timedelta(days=1, hours=13 * i) for i in range(10)]
    spread = [(MONDAY_0900 - timedelta(days=7) + t, BUURT_CENTRES[i % 5], 0.004) for i, t in enumerate(times)]
    circle = [(MONDAY_0900 + t, (PARKBUURT[0] + 170 * math.cos(2 * math.pi * i / 10) / 111_320,
                                 PARKBUURT[1] + 170 * math.sin(2 * math.pi * i / 10) / 68_500), 0.0)
              for i, t in enumerate(times)]
    with transaction(store.sessions) as session:
        suspicious_situations(session, rng, spread, MONDAY_0900, weeks=8)
        assert [a.explanation for a in alerts(session)] == []
        suspicious_situations(session, rng, circle, MONDAY_0900 + timedelta(weeks=1), weeks=1)
        found = alerts(session)
    assert [(a.kind, a.visibility) for a in found] == [("hotspot", "gedeeld")], [a.explanation for a in found]
    assert found[0].observed >= 9 and "binnen 350 meter in Parkbuurt Oosteinde" in found[0].explanation


def test_a_sparse_box_is_measured_against_its_surroundings_whole_history(store):
    """Eight weeks of suspicious situations 250 m around a spot in Parkbuurt Oosteinde (one every
    four days), four within 150 m of it 11 to 17 days ago, then seven within 150 m in the last
    week. Against the 47 days since the surroundings' first report the four make 0.6 expected in
    a week: an alert at the seventh. Against the 9 days since the small box's own first report
    (as before) they made 3.1 expected, and no alert."""
    end = MONDAY_0900

    def at_metres(north, east):
        return PARKBUURT[0] + north / 111_320, PARKBUURT[1] + east / 68_500

    def around(metres, i, n):
        angle = 2 * math.pi * i / n
        return at_metres(metres * math.cos(angle), metres * math.sin(angle))

    def ring(i):                        # on the square 250 m from the spot: outside every small box
        along = -200 + 100 * (i // 4)
        return at_metres(*[(250, along), (along, 250), (-250, along), (along, -250)][i % 4])

    reports = [(end - timedelta(days=day), ring(i)) for i, day in enumerate(range(55, 0, -4))]
    reports += [(end - timedelta(days=day), around(40, i, 4)) for i, day in enumerate((17, 15, 13, 11))]
    reports += [(end - timedelta(days=6) + timedelta(hours=20 * i), around(80, i, 7)) for i in range(7)]
    with transaction(store.sessions) as session:
        for at, point in sorted(reports):
            add(session, at, "verdachte-situatie", point=point, jitter=0.0)
            if at < end - timedelta(days=1):
                assert [a.explanation for a in alerts(session)] == [], at
        found = alerts(session)
    assert [(a.kind, a.visibility, a.observed) for a in found] == [("hotspot", "gedeeld", 7)], \
        [a.explanation for a in found]
    assert "binnen 150 meter" in found[0].explanation and "verwacht 0,6" in found[0].explanation


def test_break_ins_night_after_night_are_a_night_hotspot_at_the_sixth(store):
    """Eight weeks of daytime suspicious situations in the wijk (one a day near a buurt centre),
    then six at night within ~100 m in Parkbuurt Oosteinde over three nights, each in its own
    hour. Against the whole week's floor of 0.5 the six are p 1.4e-5 (no alert before this
    test); against the nights' small share of the category's reports they are an alert at the
    sixth report, which says that it is about the nights."""
    rng = random.Random(3)
    night = MONDAY_0900 - timedelta(hours=9, minutes=30)                   # Sunday 23:30 local
    times = [night + timedelta(days=day, hours=hour) for day in range(3) for hour in (0, 2)]
    spot = (PARKBUURT[0] + 0.0003, PARKBUURT[1] - 0.0004)
    nights = [(at, spot, 0.0008) for at in times]
    with transaction(store.sessions) as session:
        suspicious_situations(session, rng, nights[:5], MONDAY_0900, weeks=8)    # days at 11:00
        assert alerts(session) == []
        add(session, times[5], "verdachte-situatie", point=spot, jitter=0.0008, rng=rng)
        found = alerts(session)
    assert [(a.kind, a.visibility, a.observed, a.created_at) for a in found] == \
        [("hotspot", "gedeeld", 6, times[5])], [a.explanation for a in found]
    assert found[0].explanation.startswith("6 meldingen 'veiligheid")
    assert "binnen 150 meter in Parkbuurt Oosteinde 's nachts (23-7 uur) in de afgelopen 7 dagen, verwacht 0," \
        in found[0].explanation and found[0].expected < 0.2


PAIRS = ((0, 20), (0, 20), (0, 20))                                   # minutes past 23:30, per night


@pytest.mark.parametrize("hours_later, nights, scale, alerted", [
    (0, PAIRS, 1.0, True), (12, PAIRS, 1.0, False), (0, ((0, 10, 20), (0, 20), (0,)), 0.6, False)])
def test_break_ins_spread_over_a_few_streets_are_found_by_the_scan_at_the_sixth(store, hours_later, nights, scale,
                                                                                  alerted):
    """Six break-ins over three nights, two each night 20 minutes apart in different streets,
    spread over ~220 x 140 m of Parkbuurt Oosteinde as the demo's hotspot is: the 150 m box around
    the sixth holds four of them and the 350 m box fewer than its minimum of nine, so no box is
    tested (and a box would count three clock hours, not six reports). The scan's circle of 178 m
    around the second holds all six, two per clock hour, where 0.2 night reports are expected (its
    floor of 0.7 for a 178 m circle times the nights' share): p ~7e-8 < 1e-6, an alert at the
    sixth report that says it is about the nights. The same six around noon (the category's usual
    time) are no alert. Six within ~130 m, three in one clock hour, two in another and one, count five (at most
    two per clock hour), fewer than the six a circle needs: no alert, where counting reports
    would make one (5 counted where 0.1 are expected is p 4e-7)."""
    rng = random.Random(3)
    night = MONDAY_0900 - timedelta(hours=9, minutes=30) + timedelta(hours=hours_later)
    times = [night + timedelta(days=day, minutes=minute) for day, minutes in enumerate(nights) for minute in minutes]
    offsets = [(-112, -64), (-40, 56), (8, -72), (56, 64), (104, -48), (-120, 72)]     # metres N, E
    points = [(PARKBUURT[0] + scale * north / 111_320, PARKBUURT[1] + scale * east / 68_500) for north, east in offsets]
    with transaction(store.sessions) as session:
        suspicious_situations(session, rng, [(at, point, 0.0) for at, point in zip(times[:5], points)],
                              MONDAY_0900, weeks=8)
        assert alerts(session) == []
        add(session, times[5], "verdachte-situatie", point=points[5], jitter=0.0)
        found = alerts(session)
    if not alerted:
        assert found == [], [a.explanation for a in found]
        return
    assert [(a.kind, a.visibility, a.observed, a.created_at) for a in found] == \
        [("hotspot", "gedeeld", 6, times[5])], [a.explanation for a in found]
    assert found[0].explanation == "6 meldingen 'veiligheid en criminaliteit (politie)' binnen 180 meter in " \
        "Parkbuurt Oosteinde 's nachts (23-7 uur) in de afgelopen 7 dagen, verwacht 0,2."
    assert (found[0].lat, found[0].lon) == pytest.approx(points[1])


def test_one_event_reported_many_times_within_the_hour_is_no_hotspot(store):
    """Eight residents report one fight within 40 minutes around one spot (no history): a spike
    of the category, but one event, not a concentration over days (before: also a hotspot, 8
    where 0.5 were expected)."""
    fire = MONDAY_0900 + timedelta(hours=12)
    with transaction(store.sessions) as session:
        for minute in range(0, 40, 5):
            add(session, fire + timedelta(minutes=minute), "verdachte-situatie", point=PARKBUURT, jitter=0.0008)
        kinds = [a.kind for a in alerts(session)]
    assert "piek" in kinds and "hotspot" not in kinds, kinds


CHANNEL_SLUGS = ["huisafval", "onderhoud-stoep-straat-en-fietspad", "hondenpoep", "veeg-zwerfvuil"]
DAILY = [(9, "buurtapp"), (19, "buurtapp"), (8, "app"), (12, "app"), (16, "web"), (21, "app")]


def add_spread(session, at, i, channel):
    """One report of the i-th of 20 buurt x category combinations (never four in one)."""
    add(session, at, CHANNEL_SLUGS[i % 4], point=BUURT_CENTRES[i % 5], jitter=0.003, channel=channel)


def channel_history(session):
    """Four weeks of two buurtapp reports a day among four via other channels, then a normal
    Monday up to 19:00."""
    for week in range(4, 0, -1):
        for day in range(7):
            for hour, channel in DAILY:
                add_spread(session, MONDAY_0900 - timedelta(weeks=week, days=-day, hours=9 - hour),
                           day + hour, channel)
    for hour, channel in DAILY[:3]:
        add_spread(session, MONDAY_0900 + timedelta(hours=hour - 9), hour, channel)


def test_a_channel_burst_is_found_and_a_normal_day_is_not(store):
    with transaction(store.sessions) as session:
        channel_history(session)
        assert alerts(session) == []
        assert early_warning.run_detection(session, MONDAY_0900 + timedelta(hours=11)) == []
        burst = MONDAY_0900 + timedelta(hours=12)
        for i in range(12):                              # a broken or abused buurtapp: 12 in 40 minutes
            add_spread(session, burst + timedelta(minutes=i * 3.5), i, "buurtapp")
        found = alerts(session)
    assert [(a.kind, a.channel, a.area_code) for a in found] == [("piek", "buurtapp", "WK051840")], \
        [a.explanation for a in found]
    assert found[0].observed == 12 and found[0].main_category_id is None
    assert found[0].explanation.startswith("12 meldingen via de buurtapp in Wateringse Veld in het afgelopen uur, verwacht 0,")


def test_a_wijk_reporting_more_through_every_channel_is_no_channel_alert(store):
    with transaction(store.sessions) as session:
        channel_history(session)
        event = MONDAY_0900 + timedelta(hours=12)
        for i in range(36):                              # an event: every channel rises alike
            add_spread(session, event + timedelta(minutes=i * 1.5), i, ("buurtapp", "app", "web")[i % 3])
        found = alerts(session)
    assert [a for a in found if a.channel is not None] == [], [a.explanation for a in found]


def test_a_repeat_location_is_found_and_not_repeated(store):
    spot = (52.0460, 4.2853)
    with transaction(store.sessions) as session:
        for day in (22, 19, 15, 12, 8, 4, 1):
            add(session, MONDAY_0900 - timedelta(days=day), "huisafval", point=spot, jitter=0.00005)
        repeats = [a for a in alerts(session) if a.kind == "herhaling"]
    assert len(repeats) == 1
    assert "op dezelfde plek" in repeats[0].explanation and repeats[0].observed >= 5


def test_scheduled_run_finds_what_it_missed_and_updates_instead_of_duplicating(store):
    with transaction(store.sessions) as session:
        for minute in range(0, 60, 10):
            add(session, MONDAY_0900 + timedelta(minutes=minute), "jeugdoverlast")
        session.execute(Alert.__table__.delete())
        first = early_warning.run_detection(session, MONDAY_0900 + timedelta(hours=1))
        again = early_warning.run_detection(session, MONDAY_0900 + timedelta(hours=1, minutes=5))
    assert any(a.kind == "piek" for a in first) and again == []


def test_an_error_in_detection_never_loses_the_report(store, monkeypatch):
    def broken(session, report):
        raise RuntimeError("kapot")

    monkeypatch.setattr(early_warning, "on_report_submitted", broken)
    with transaction(store.sessions) as session:
        report = add(session, MONDAY_0900, "huisafval")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Report).where(Report.id == report.id)) == 1


def test_dutch_decimal_and_poisson_surprise():
    assert early_warning.dutch_decimal(2.125) == "2,1"
    assert early_warning.surprise(12, 2.1) < 1e-5 < early_warning.surprise(4, 2.1)
