"""Measured quality of early warning and incident grouping (prints tables; not a test).

1. The demo scenario (services.demo_scenario.generate_demo with its planted events and incidents).
2. A larger generated scenario (`planted_scenario` below): Poisson background per buurt x category
   with a weekday/hour profile, plus planted spikes and planted incidents of known time, place and
   size.

Detection runs exactly as in production: incrementally inside submit_report, in time order.
Per scenario: share of planted events found, median minutes from an event's start to its first
alert, false alerts per week per wijk (after a 2-week warm-up; alerts that match a planted event
or a known incident are not false), and pairwise precision/recall of the grouping proposals
(every proposal taken as confirmed) against the generator's truth.

    .venv/bin/python bench/early_warning_quality.py [--weeks 6] [--per-week 500] [--skip-demo]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from data_access.db import make_engine, make_session_factory, transaction, upgrade_schema  # noqa: E402
from data_access.models import Alert, Incident, IncidentProposal, Report  # noqa: E402
from data_access.reference_data import seed_reference_data  # noqa: E402
from services.areas import AreaIndex  # noqa: E402
from services.intake import IntakeData, submit_report  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
WARM_UP = timedelta(weeks=2)
MATCH_AFTER = timedelta(hours=24)
BUURTEN = {"BU05184011": (52.0330, 4.2790), "BU05184012": (52.0455, 4.2850),
           "BU05184013": (52.0372, 4.2745), "BU05184014": (52.0400, 4.2950),
           "BU05184015": (52.0354, 4.2953)}
# (sub slug, share of background, spike-able text, streets)
CATEGORIES = [("huisafval", 0.22, "Vuilniszakken naast de container"),
              ("grofvuil", 0.10, "Grofvuil op de stoep gezet"),
              ("jeugdoverlast", 0.12, "Groep jongeren maakt herrie"),
              ("verdachte-situatie", 0.08, "Verdachte persoon loopt bij auto's te kijken"),
              ("inbraak", 0.05, "Inbraak in woning"),
              ("boom", 0.10, "Takken hangen over het fietspad"),
              ("put-riolering-verstopt", 0.08, "Put verstopt, water blijft staan"),
              ("straatverlichting-openbare-klok", 0.10, "Lantaarnpaal doet het niet"),
              ("overlast-door-afsteken-vuurwerk", 0.15, "Vuurwerk afgestoken")]
STREETS = ["Erasmusweg", "Hoge Veld-plein", "Zonneplein", "Lozerlaan", "Wateringseweg",
           "Laan van Wateringse Veld", "Akkerwindestraat", "Oeverwallaan", "Dotterbloemstraat"]
HOUR_PROFILE = [0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 0.9, 1.2, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3, 1.4,
                1.5, 1.6, 1.6, 1.5, 1.4, 1.2, 0.9, 0.5]
INCIDENT_TEXTS = {
    "boom": "Boom omgewaaid op de {street}, weg geblokkeerd",
    "put-riolering-verstopt": "Wateroverlast op de {street}, putten lopen over",
    "overlast-door-afsteken-vuurwerk": "Zwaar vuurwerk bij {street}, harde knallen",
    "jeugdoverlast": "Grote groep jongeren op {street} vernielt bankjes",
    "straatverlichting-openbare-klok": "Hele {street} donker, straatverlichting uit",
}


@dataclass
class Planted:
    buurt: str
    start: datetime
    end: datetime
    size: int
    kind: str = "piek"
    lat: float | None = None
    lon: float | None = None


def new_store() -> tuple:
    path = Path(tempfile.mkdtemp()) / "ew.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        seed_reference_data(session)
    return engine, sessions


def point(rng: random.Random, index: AreaIndex, buurt: str, centre=None, spread=0.0025):
    centre = centre or BUURTEN[buurt]
    for _ in range(50):
        lat, lon = centre[0] + rng.uniform(-spread, spread), centre[1] + rng.uniform(-spread * 1.5, spread * 1.5)
        found = index.locate(lat, lon)
        if found and found.buurt_code == buurt:
            return lat, lon
    return centre


def planted_scenario(session, rng: random.Random, weeks: int, per_week: int,
                     n_spikes: int, n_incidents: int) -> tuple[list[Planted], list[list[int]]]:
    """Background + planted spikes + planted incidents; returns (spikes, incident report ids)."""
    index = AreaIndex.from_session(session)
    start = NOW - timedelta(weeks=weeks)
    plan: list[tuple[datetime, IntakeData, int | None]] = []
    hours = int((NOW - start).total_seconds() // 3600)
    mean_profile = sum(HOUR_PROFILE) / 24
    rate = per_week / (7 * 24)
    weights = [c[1] for c in CATEGORIES]
    for h in range(hours):
        at = start + timedelta(hours=h)
        local_hour = (at.hour + 1) % 24
        n = _poisson(rng, rate * HOUR_PROFILE[local_hour] / mean_profile)
        for _ in range(n):
            slug, _, text = rng.choices(CATEGORIES, weights)[0]
            buurt = rng.choice(list(BUURTEN))
            lat, lon = point(rng, index, buurt)
            plan.append((at + timedelta(seconds=rng.uniform(0, 3600)),
                         IntakeData(text=f"{text} ({rng.choice(STREETS)})", channel="app", lat=lat, lon=lon,
                                    category_slug=slug, synthetic=True), None))
    spikes: list[Planted] = []
    for i in range(n_spikes):
        at = start + WARM_UP + timedelta(hours=rng.uniform(0, hours - WARM_UP.total_seconds() / 3600 - 4))
        buurt = rng.choice(list(BUURTEN))
        slug, _, text = rng.choice(CATEGORIES)
        size, spread_h = rng.randint(6, 12), rng.uniform(1, 3)
        times = sorted(at + timedelta(hours=rng.uniform(0, spread_h)) for _ in range(size))
        for t in times:
            lat, lon = point(rng, index, buurt)
            plan.append((t, IntakeData(text=f"{text} {rng.choice(STREETS)}", channel="app", lat=lat,
                                       lon=lon, category_slug=slug, synthetic=True), None))
        spikes.append(Planted(buurt, times[0], times[-1], size))
    for k in range(n_incidents):
        at = start + timedelta(hours=rng.uniform(24, hours - 6))
        buurt = rng.choice(list(BUURTEN))
        slug = rng.choice(list(INCIDENT_TEXTS))
        street = rng.choice(STREETS)
        centre = point(rng, index, buurt)
        for _ in range(rng.randint(3, 6)):
            lat, lon = point(rng, index, buurt, centre, 0.0008)
            words = INCIDENT_TEXTS[slug].format(street=street).split(", ")
            text = ", ".join(words if rng.random() < 0.5 else words[::-1])
            plan.append((at + timedelta(minutes=rng.uniform(0, 90)),
                         IntakeData(text=text, channel=rng.choice(["app", "chat", "web"]), lat=lat, lon=lon,
                                    category_slug=slug, synthetic=True), k))
    plan.sort(key=lambda p: p[0])
    groups: list[list[int]] = [[] for _ in range(n_incidents)]
    for at, data, group in plan:
        data.received_at = at
        report = submit_report(session, data, index=index)
        if group is not None:
            groups[group].append(report.id)
    return spikes, groups


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def detection_quality(session, planted: list[Planted], start: datetime, end: datetime,
                      known: list[tuple[str, datetime]]) -> dict:
    alerts = session.scalars(select(Alert).order_by(Alert.created_at)).all()
    delays, matched = [], set()
    for event in planted:
        hits = [a for a in alerts if _matches(a, event.buurt, event.start, event.end, event.lat, event.lon)]
        matched.update(a.id for a in hits)
        if hits:
            delays.append((hits[0].created_at - event.start).total_seconds() / 60)
    for buurt, at in known:
        matched.update(a.id for a in alerts if _matches(a, buurt, at, at + timedelta(hours=3), None, None))
    scored = [a for a in alerts if a.created_at >= start + WARM_UP]
    false = [a for a in scored if a.id not in matched]
    weeks = (end - start - WARM_UP).total_seconds() / (7 * 86400)
    found = len(delays)
    within_hour = sum(1 for d in delays if d <= 60)
    return {"events": len(planted), "found": found, "found_within_1h": within_hour,
            "median_minutes": statistics.median(delays) if delays else float("nan"),
            "false_per_week_per_wijk": len(false) / weeks, "alerts": len(alerts)}


def _matches(alert: Alert, buurt: str, start: datetime, end: datetime, lat, lon) -> bool:
    if not (start - timedelta(hours=1) <= alert.created_at <= end + MATCH_AFTER):
        return False
    if alert.area_code == buurt:
        return True
    return lat is not None and alert.lat is not None and \
        abs(alert.lat - lat) < 0.003 and abs(alert.lon - lon) < 0.0045


def grouping_quality(session, truth_groups: list[list[int]]) -> dict:
    truth = {frozenset(p) for g in truth_groups for p in combinations(sorted(g), 2)}
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
    predicted = {frozenset(p) for c in clusters.values() for p in combinations(sorted(c), 2)}
    hit = len(truth & predicted)
    return {"precision": hit / len(predicted) if predicted else float("nan"),
            "recall": hit / len(truth) if truth else float("nan"),
            "true_pairs": len(truth), "proposed_pairs": len(predicted)}


def demo_run() -> tuple[dict, dict, int, float]:
    from services.demo_scenario import generate_demo

    _, sessions = new_store()
    started = time.perf_counter()
    with transaction(sessions) as session:
        summary = generate_demo(session, NOW, 40)
    seconds = time.perf_counter() - started
    with sessions() as session:
        planted = [Planted(p.buurt_code, p.start, p.end, p.n_reports, p.kind, p.lat, p.lon)
                   for p in summary.planted]
        incidents = session.execute(select(Incident.id, Incident.buurt_code, Incident.created_at)).all()
        known = [(buurt, at - timedelta(hours=1)) for _, buurt, at in incidents]
        groups = [session.scalars(select(Report.id).where(Report.incident_id == i)).all() for i, _, _ in incidents]
        start = min(session.scalars(select(Report.received_at).order_by(Report.received_at).limit(1)))
        return (detection_quality(session, planted, start, NOW, known), grouping_quality(session, groups),
                summary.reports, seconds)


def generated_run(weeks: int, per_week: int, seed: int) -> tuple[dict, dict, int, float]:
    _, sessions = new_store()
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction(sessions) as session:
        spikes, groups = planted_scenario(session, rng, weeks, per_week, n_spikes=20, n_incidents=30)
    seconds = time.perf_counter() - started
    with sessions() as session:
        known = [(session.scalar(select(Report.buurt_code).where(Report.id == g[0])),
                  session.scalar(select(Report.received_at).where(Report.id == g[0]))) for g in groups if g]
        reports = len(session.scalars(select(Report.id)).all())
        return (detection_quality(session, spikes, NOW - timedelta(weeks=weeks), NOW, known),
                grouping_quality(session, groups), reports, seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--per-week", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    rows = []
    if not args.skip_demo:
        rows.append(("demo (seed 40)", *demo_run()))
    rows.append((f"generated {args.weeks}w x {args.per_week}/w", *generated_run(args.weeks, args.per_week, args.seed)))
    print(f"{'scenario':28} {'reports':>7} {'s':>6} {'events':>6} {'found':>5} {'<=1h':>5} "
          f"{'median min':>10} {'false/wk/wijk':>13} {'alerts':>6} {'grp prec':>8} {'grp rec':>7} {'pairs':>6}")
    for name, det, grp, reports, seconds in rows:
        print(f"{name:28} {reports:7d} {seconds:6.0f} {det['events']:6d} {det['found']:5d} "
              f"{det['found_within_1h']:5d} {det['median_minutes']:10.0f} "
              f"{det['false_per_week_per_wijk']:13.2f} {det['alerts']:6d} {grp['precision']:8.2f} "
              f"{grp['recall']:7.2f} {grp['true_pairs']:6d}")


if __name__ == "__main__":
    main()
