"""Measured quality of early warning and incident grouping (prints tables; not a test).

1. The demo scenario (services.demo_scenario.generate_demo with its planted events and incidents;
   early warning replays its last week, so that week is scored).
2. A larger generated scenario (`planted_scenario` below): an event-free background drawn with the
   demo's ReportComposer (category mix, varied resident texts, places spread over the buurt
   polygons, hour and weekday rhythm) plus planted spikes, incidents and repeat locations of known
   time, place and size.
3. Optionally a long event-free background (`--quiet-weeks`): every alert there is a false one.

Planted events: spikes (buurt x category), channel bursts (one channel in the wijk), repeat
locations, and in the demo a hotspot of police-only and shared reports together.
Detection runs exactly as in production: incrementally inside submit_report, in time order.
Per scenario: planted events found, found within an hour, median minutes to the first alert
(spikes and bursts from their first report; repeat locations from their 5th report, when a fair
detector could know), false alerts per week per wijk (after a 2-week warm-up; alerts that match a
planted event or a known incident are not false, nor are repeat locations at the demo composer's
chronic spots, which it reports again and again by design; neither are spikes in a buurt x category during a
planted channel burst, whose ordinary reports pile up somewhere), and pairwise precision/recall of the grouping
proposals (every proposal taken as confirmed) against the generator's truth.
An event counts as alerted at the first moment an alert of its category (or channel) and place
was created OR updated by its reports: a spike in a series whose alert is still running shows as
that alert's new count and sentence, which is what the operator sees.

    .venv/bin/python bench/early_warning_quality.py --weeks 4 --per-week 400 --seeds 7 8 9 \
        --demo-seeds 40 41 42 43 44 45 --quiet-weeks 8 [--details]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event as orm_event, func, select  # noqa: E402

from data_access.alert_queries import METRES_PER_DEG_LAT, METRES_PER_DEG_LON, near  # noqa: E402
from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema  # noqa: E402
from data_access.models import Alert, Category, Incident, IncidentProposal, Report  # noqa: E402
from data_access.reference_data import seed_reference_data  # noqa: E402
from services.areas import AreaIndex  # noqa: E402
from services import demo_texts as T  # noqa: E402
from services.demo_scenario import DETECTION_HISTORY, ReportComposer, generate_demo  # noqa: E402
from services.intake import submit_report  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
TZ = ZoneInfo("Europe/Amsterdam")
WARM_UP = timedelta(weeks=2)
MATCH_AFTER = {"hotspot": timedelta(days=7)}        # a hotspot window holds an event for 7 days
MATCH_AFTER_DEFAULT = timedelta(hours=24)
SPIKE_FIRST_HOUR = 4       # a spike is "detectable within the hour" once this many reports arrived
REPEAT_DETECTABLE_AT = 5   # a repeat location is detectable from its 5th report
DETECTABLE_AT = {"piek": SPIKE_FIRST_HOUR, "herhaling": REPEAT_DETECTABLE_AT, "hotspot": 6}
PLACE_BOX_M = {"herhaling": 25, "hotspot": 200}
# Sub categories where one cause makes many residents report within hours (spikes)...
SPIKE_SLUGS = ["jongerenoverlast", "overlast-door-afsteken-vuurwerk", "stank-geluidsoverlast",
               "drank-en-drugsoverlast", "straatverlichting-openbare-klok", "container-is-vol",
               "parkeeroverlast", "verdachte-situatie"]
# ...and events that several residents report at one place (incidents), with the spot they name.
INCIDENT_SLUGS = {"boom": "op het fietspad", "put-riolering-verstopt": "bij de brug",
                  "overlast-door-afsteken-vuurwerk": "bij het winkelcentrum", "brand": "op het parkeerterrein",
                  "straatverlichting-openbare-klok": "bij de bushalte", "jongerenoverlast": "bij de speeltuin",
                  "geweld-bedreiging": "bij de supermarkt"}
REPEAT_SLUGS = ["huisafval", "grofvuil", "hondenpoep", "fietswrak"]
BURST_CHANNELS = ["buurtapp", "open311", "social", "chat"]   # a channel flooded or broken
WIJK = "WK051840"
# Every moment an alert was created or updated (its window_end then), per alert id.
MOMENTS: dict[int, list[datetime]] = defaultdict(list)


@orm_event.listens_for(Alert, "after_insert")
@orm_event.listens_for(Alert, "after_update")
def _moment(_mapper, _connection, alert: Alert) -> None:
    MOMENTS[alert.id].append(alert.window_end)


@dataclass
class Planted:
    buurt: str
    start: datetime
    end: datetime
    size: int
    kind: str = "piek"
    lat: float | None = None
    lon: float | None = None
    detectable: datetime | None = None     # when a fair detector could know (k-th report)
    first_hour: int = 0                    # reports in the event's first hour
    category: int | None = None            # main category id (None: a channel burst)
    channel: str | None = None             # channel bursts only


@dataclass
class Scenario:
    planted: list[Planted] = field(default_factory=list)
    incidents: list[list[int]] = field(default_factory=list)   # report ids per planted incident
    spikes: list[list[int]] = field(default_factory=list)      # report ids per planted spike


def new_store() -> tuple:
    MOMENTS.clear()
    path = Path(tempfile.mkdtemp()) / "ew.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        seed_reference_data(session)
    return engine, sessions


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def background(composer: ReportComposer, rng: random.Random, start: datetime, end: datetime,
               per_week: int) -> list:
    """Event-free background: the demo's category mix, texts, channels and places spread over the
    buurt polygons, with its hour and weekday rhythm (no chronic hotspots: those are planted)."""
    mean_hour = sum(T.HOUR_WEIGHTS) / 24
    mean_day = sum(T.WEEKDAY_WEIGHTS) / 7
    plan = []
    at = start
    while at < end:
        local = at.astimezone(TZ)
        mean = per_week / 168 * T.HOUR_WEIGHTS[local.hour] / mean_hour * T.WEEKDAY_WEIGHTS[local.weekday()] / mean_day
        for _ in range(_poisson(rng, mean)):
            t = at + timedelta(seconds=rng.uniform(0, 3600))
            plan.append((t, composer.draft(t, hotspot_share=0.0), None))
        at += timedelta(hours=1)
    return plan


def planted_scenario(session, rng: random.Random, weeks: int, per_week: int, n_spikes: int,
                     n_incidents: int, n_repeats: int, n_bursts: int) -> Scenario:
    """Background + planted spikes, incidents, repeat locations and channel bursts of known time,
    place and size."""
    index = AreaIndex.from_session(session)
    main_of = {slug: main for slug, main in session.execute(
        select(Category.slug, Category.parent_id).where(Category.parent_id.is_not(None)))}
    composer = ReportComposer.from_session(session, rng)
    start = NOW - timedelta(weeks=weeks)
    plan = background(composer, rng, start, NOW, per_week)
    scenario = Scenario()
    hours = (NOW - start - WARM_UP).total_seconds() / 3600 - 6
    for i in range(n_spikes):
        # Many residents about one cause, spread over the buurt: 5..15 reports in 0.5..3 hours.
        at = start + WARM_UP + timedelta(hours=rng.uniform(0, hours))
        buurt, slug = composer.buurt(), rng.choice(SPIKE_SLUGS)
        size, spread = rng.randint(5, 15), rng.uniform(0.5, 3.0)
        centre = composer.point_in(buurt)
        times = sorted(at + timedelta(hours=rng.uniform(0, spread)) for _ in range(size))
        for t in times:
            plan.append((t, composer.draft(t, slug, buurt=buurt, point=composer.point_in(buurt, centre, 0.004)),
                         ("spike", i)))
        scenario.planted.append(Planted(
            buurt, times[0], times[-1], size, "piek", centre[0], centre[1],
            times[SPIKE_FIRST_HOUR - 1] if size >= SPIKE_FIRST_HOUR else None,
            sum(1 for t in times if t <= times[0] + timedelta(hours=1)), main_of[slug]))
    scenario.spikes = [[] for _ in range(n_spikes)]
    for k in range(n_incidents):
        # One event at one spot: 3..8 reports within 20..180 minutes, same street and spot.
        at = start + timedelta(hours=rng.uniform(24, (NOW - start).total_seconds() / 3600 - 6))
        buurt = composer.buurt()
        slug, spot = rng.choice(list(INCIDENT_SLUGS.items()))
        street = rng.choice(T.STREETS[buurt])
        centre = composer.point_in(buurt)
        spread = rng.uniform(20, 180)
        for _ in range(rng.randint(3, 8)):
            t = at + timedelta(minutes=rng.uniform(0, spread))
            plan.append((t, composer.draft(t, slug, buurt=buurt, point=composer.point_in(buurt, centre, 0.0007),
                                           street=street, spot=spot), ("incident", k)))
    scenario.incidents = [[] for _ in range(n_incidents)]
    for _ in range(n_repeats):
        # The same spot reported again and again: 7..14 reports over 2..4 weeks.
        buurt, slug = composer.buurt(), rng.choice(REPEAT_SLUGS)
        spot = composer.point_in(buurt)
        street = rng.choice(T.STREETS[buurt])
        first = start + WARM_UP + timedelta(days=rng.uniform(0, 7))
        span = min(rng.uniform(14, 28), (NOW - first).days)
        times = sorted(first + timedelta(days=rng.uniform(0, span)) for _ in range(rng.randint(7, 14)))
        for t in times:
            plan.append((t, composer.draft(t, slug, buurt=buurt, point=composer.point_in(buurt, spot, 0.00003),
                                           street=street, spot="naast de ondergrondse containers"), None))
        scenario.planted.append(Planted(buurt, times[0], times[-1], len(times), "herhaling", spot[0], spot[1],
                                        times[REPEAT_DETECTABLE_AT - 1], category=main_of[slug]))
    for _ in range(n_bursts):
        # One channel floods the wijk (abused or broken): 12..30 ordinary reports in 0.5..1.5 hours.
        at = start + WARM_UP + timedelta(hours=rng.uniform(0, hours))
        channel, size = rng.choice(BURST_CHANNELS), rng.randint(12, 30)
        times = sorted(at + timedelta(hours=rng.uniform(0, rng.uniform(0.5, 1.5))) for _ in range(size))
        plan += [(t, composer.draft(t, channel=channel, hotspot_share=0.0), None) for t in times]
        scenario.planted.append(Planted(WIJK, times[0], times[-1], size, "kanaal", detectable=times[0],
                                        first_hour=sum(1 for t in times if t <= times[0] + timedelta(hours=1)),
                                        channel=channel))
    plan.sort(key=lambda p: p[0])
    for at, data, tag in plan:
        data.received_at = at
        report = submit_report(session, data, index=index)
        if tag is not None:
            (scenario.spikes if tag[0] == "spike" else scenario.incidents)[tag[1]].append(report.id)
    return scenario


def detection_quality(session, planted: list[Planted], scored_from: datetime, end: datetime,
                      known: list[tuple[str, datetime]], chronic: list[tuple[float, float]] = ()) -> dict:
    """Found events and delays; a spike or burst counts from its first report, a repeat location
    or hotspot (which builds over days) from the moment it became detectable (its k-th report).
    An alert is false when no planted event, known incident or (repeat location) chronic spot of
    the scenario explains its creation."""
    alerts = session.scalars(select(Alert).order_by(Alert.created_at)).all()
    delays, matched, per_event = [], set(), []
    for event in planted:
        moments = [m for a in alerts if _same_thing(a, event) for m in MOMENTS[a.id] if _in_time(a, m, event)]
        matched.update(a.id for a in alerts if _same_thing(a, event) and _in_time(a, a.created_at, event))
        delay = None
        if moments:
            since = event.start if event.kind in ("piek", "kanaal") else (event.detectable or event.start)
            delay = max(0.0, (min(moments) - since).total_seconds() / 60)
            delays.append(delay)
        per_event.append((event.kind, event.channel or event.buurt, event.start.isoformat(timespec="minutes"),
                          event.size, event.first_hour, None if delay is None else round(delay)))
    for buurt, at in known:
        incident = Planted(buurt, at, at + timedelta(hours=3), 0)
        matched.update(a.id for a in alerts if a.channel is None and _near(a, incident)
                       and _in_time(a, a.created_at, incident))
    # The demo composer reports its chronic spots again and again by design: a repeat location
    # there is true (explained, not credited as a planted event).
    at_chronic = {a.id for a in alerts for lat, lon in chronic if a.kind == "herhaling"
                  and abs(a.lat - lat) * METRES_PER_DEG_LAT <= PLACE_BOX_M["herhaling"]
                  and abs(a.lon - lon) * METRES_PER_DEG_LON <= PLACE_BOX_M["herhaling"]}
    matched |= at_chronic
    for burst in (e for e in planted if e.kind == "kanaal"):
        # A flood of ordinary reports also piles up in some buurt x category: explained, not credited.
        matched.update(a.id for a in alerts if a.kind == "piek"
                       and burst.start <= a.created_at <= burst.end + timedelta(hours=1))
    scored = [a for a in alerts if scored_from <= a.created_at <= end]
    false = [a for a in scored if a.id not in matched]
    weeks = (end - scored_from).total_seconds() / (7 * 86400)
    dense = [e for e in per_event if e[0] == "piek" and e[4] >= SPIKE_FIRST_HOUR]
    by_kind = {kind: (sum(1 for e in per_event if e[0] == kind),
                      sum(1 for e in per_event if e[0] == kind and e[5] is not None and e[5] <= 60))
               for kind in dict.fromkeys(e[0] for e in per_event)}
    return {"events": len(planted), "found": len(delays), "found_within_1h": sum(1 for d in delays if d <= 60),
            "by_kind": by_kind,
            "dense_spikes": len(dense), "dense_within_1h": sum(1 for e in dense if e[5] is not None and e[5] <= 60),
            "median_minutes": statistics.median(delays) if delays else float("nan"),
            "false_per_week_per_wijk": len(false) / weeks / _wijken(session), "alerts": len(scored),
            "at_chronic_spots": sum(1 for a in scored if a.id in at_chronic),
            "per_event": per_event, "false": [(a.kind, a.area_code, a.created_at.isoformat(timespec="minutes"), a.explanation)
                      for a in false]}


def _wijken(session) -> int:
    return len(set(session.scalars(select(Report.wijk_code).where(Report.wijk_code.is_not(None)).distinct()))) or 1


def _same_thing(alert: Alert, event: Planted) -> bool:
    """The alert is about the event's channel in its wijk, or its category at its place."""
    if event.kind == "kanaal" or alert.channel is not None:
        return alert.channel == event.channel and alert.area_code == event.buurt
    if event.kind != "piek" and alert.kind == "piek":
        return False
    return alert.main_category_id == event.category and _near(alert, event)


def _near(alert: Alert, event: Planted) -> bool:
    if alert.area_code == event.buurt:
        return True
    return event.lat is not None and alert.lat is not None and \
        abs(alert.lat - event.lat) < 0.003 and abs(alert.lon - event.lon) < 0.0045


def _in_time(alert: Alert, moment: datetime, event: Planted) -> bool:
    after = MATCH_AFTER.get(alert.kind, MATCH_AFTER_DEFAULT)
    return event.start - timedelta(hours=1) <= moment <= event.end + after


def grouping_quality(session, truth_groups: list[list[int]], dont_care: list[list[int]] = ()) -> dict:
    """Pairwise precision/recall of the proposals (each taken as confirmed, transitively). Pairs
    inside one planted spike are left out: many residents about one cause may or may not be one
    incident."""
    truth = {frozenset(p) for g in truth_groups for p in combinations(sorted(g), 2)}
    ignored = {frozenset(p) for g in dont_care for p in combinations(sorted(g), 2)}
    parent: dict[int, int] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for report_id, candidate_id in session.execute(
            select(IncidentProposal.report_id, IncidentProposal.candidate_report_id)):
        parent[find(report_id)] = find(candidate_id)
    clusters: dict[int, list[int]] = {}
    for x in list(parent):
        clusters.setdefault(find(x), []).append(x)
    predicted = {frozenset(p) for c in clusters.values() for p in combinations(sorted(c), 2)} - ignored
    hit = len(truth & predicted)
    return {"precision": hit / len(predicted) if predicted else float("nan"),
            "recall": hit / len(truth) if truth else float("nan"),
            "true_pairs": len(truth), "proposed_pairs": len(predicted)}


def demo_run(seed: int) -> tuple[dict, dict, int, float]:
    """The demo scenario; early warning replays only its last week, so that week is scored."""
    _, sessions = new_store()
    started = time.perf_counter()
    with transaction(sessions) as session:
        summary = generate_demo(session, NOW, seed)
    seconds = time.perf_counter() - started
    detect_from = NOW - DETECTION_HISTORY
    with sessions() as session:
        main_of = dict(session.execute(select(Category.slug, Category.id)).all())
        rows = [_event_reports(session, p, main_of[p.main_category_slug]) for p in summary.planted]
        planted = [Planted(p.buurt_code, p.start, p.end, p.n_reports, p.kind, p.lat, p.lon,
                           _detectable(times, DETECTABLE_AT[p.kind], detect_from),
                           sum(1 for t in times if t <= p.start + timedelta(hours=1)), main_of[p.main_category_slug])
                   for p, times in zip(summary.planted, rows)]
        spikes = [session.scalars(select(Report.id).where(
            Report.buurt_code == p.buurt_code, Report.received_at.between(p.start, p.end),
            Report.main_category_id == main_of[p.main_category_slug])).all()
            for p in summary.planted if p.kind == "piek"]
        incidents = session.execute(select(Incident.id, Incident.buurt_code, Incident.created_at)
                                    .where(Incident.created_at >= detect_from)).all()
        known = [(buurt, at - timedelta(hours=1)) for _, buurt, at in incidents]
        groups = [session.scalars(select(Report.id).where(Report.incident_id == i)).all() for i, _, _ in incidents]
        reports = session.scalar(select(func.count()).select_from(Report))
        chronic = [(lat, lon) for _, lat, lon, _, _ in summary.chronic_spots]
        return (detection_quality(session, planted, detect_from, NOW, known, chronic),
                grouping_quality(session, groups, spikes), reports, seconds)


def _event_reports(session, event, main_category_id: int) -> list[datetime]:
    """Times of a demo event's reports: its category in its buurt (spike) or at its place."""
    where = [Report.main_category_id == main_category_id, Report.received_at.between(event.start, event.end)]
    if event.kind == "piek":
        where.append(Report.buurt_code == event.buurt_code)
    else:
        where.append(near(event.lat, event.lon, PLACE_BOX_M[event.kind]))
    return session.scalars(select(Report.received_at).where(*where).order_by(Report.received_at)).all()


def _detectable(times: list[datetime], k: int, detect_from: datetime) -> datetime | None:
    """The demo replays detection only from detect_from: an event is detectable at its first
    report on or after both its k-th report and the start of the replay."""
    if len(times) < k:
        return None
    return next((t for t in times if t >= max(times[k - 1], detect_from)), None)


def generated_run(weeks: int, per_week: int, seed: int, events: bool = True) -> tuple[dict, dict, int, float]:
    _, sessions = new_store()
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction(sessions) as session:
        n = (20, 30, 3, 2) if events else (0, 0, 0, 0)
        scenario = planted_scenario(session, rng, weeks, per_week, *n)
    seconds = time.perf_counter() - started
    with sessions() as session:
        known = [(session.scalar(select(Report.buurt_code).where(Report.id == g[0])),
                  session.scalar(select(Report.received_at).where(Report.id == g[0])))
                 for g in scenario.incidents if g]
        reports = session.scalar(select(func.count()).select_from(Report))
        detection = detection_quality(session, scenario.planted, NOW - timedelta(weeks=weeks) + WARM_UP, NOW, known)
        detection["sizes"] = sorted(p.size for p in scenario.planted if p.kind == "piek")
        detection["first_hour"] = sorted(p.first_hour for p in scenario.planted if p.kind == "piek")
        return detection, grouping_quality(session, scenario.incidents, scenario.spikes), reports, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--per-week", type=int, default=500)
    parser.add_argument("--seeds", type=int, nargs="*", default=[7])
    parser.add_argument("--demo-seeds", type=int, nargs="*", default=[40])
    parser.add_argument("--quiet-weeks", type=int, default=0,
                        help="also run an event-free background of this many weeks (false alerts only)")
    parser.add_argument("--details", action="store_true", help="print every event and false alert")
    args = parser.parse_args()
    rows = [(f"demo (seed {s})", *demo_run(s)) for s in args.demo_seeds]
    rows += [(f"generated {args.weeks}w x {args.per_week}/w s{s}", *generated_run(args.weeks, args.per_week, s))
             for s in args.seeds]
    if args.quiet_weeks:
        rows.append((f"no events {args.quiet_weeks}w x {args.per_week}/w",
                     *generated_run(args.quiet_weeks, args.per_week, args.seeds[0], events=False)))
    print("Spikes and channel bursts count from their first report; repeat locations and hotspots from their "
          f"k-th report (k={REPEAT_DETECTABLE_AT} / {DETECTABLE_AT['hotspot']}; demo: and not before its first report "
          "in the replayed week). Pairs inside one planted "
          "spike are left out of grouping precision. 'dense <=1h': spikes with at least "
          f"{SPIKE_FIRST_HOUR} reports in their first hour (detectable within it) found within the hour.")
    print(f"{'scenario':32} {'reports':>7} {'s':>5} {'events':>6} {'found':>5} {'<=1h':>5} "
          f"{'dense <=1h':>10} {'median min':>10} {'false/wk/wijk':>13} {'alerts':>6} {'grp prec':>8} {'grp rec':>7} {'pairs':>6}")
    for name, det, grp, reports, seconds in rows:
        print(f"{name:32} {reports:7d} {seconds:5.0f} {det['events']:6d} {det['found']:5d} "
              f"{det['found_within_1h']:5d} {det['dense_within_1h']:4d}/{det['dense_spikes']:<5d} "
              f"{det['median_minutes']:10.0f} "
              f"{det['false_per_week_per_wijk']:13.2f} {det['alerts']:6d} {grp['precision']:8.2f} "
              f"{grp['recall']:7.2f} {grp['true_pairs']:6d}")
    for name, det, *_ in rows:
        print(f"{name}: per kind (events, within 1 h): {det['by_kind']}; "
              f"repeat locations at the composer's chronic spots (not false): {det['at_chronic_spots']}")
        if "sizes" in det and det["sizes"]:
            print(f"{name}: spike sizes {det['sizes']}; reports in their first hour {det['first_hour']}")
        if args.details:
            for row in det["per_event"]:
                print(f"  event in {name} (kind, buurt, start, size, first hour, minutes to alert): {row}")
            for row in det["false"]:
                print(f"  false in {name}: {row}")


if __name__ == "__main__":
    main()
