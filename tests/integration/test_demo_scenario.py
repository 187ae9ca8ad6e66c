"""The synthetic demo scenario, its live mode and the bench generator, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import and_, create_engine, func, select, text
from sqlalchemy.orm import aliased

from data_access.models import (
    Area, Category, FeedbackMessage, Incident, NeighbourhoodMessage, Report, ReportEvent,
    ReporterContact,
)
from data_access.vocabulary import CHANNELS, CLOSED_STATUSES
from services import demo_texts as T
from services.demo_scenario import (
    DETECTION_HISTORY, REPORTS_PER_WEEK, daily_mean, generate_demo, hour_weights, reports_per_hour, reset_demo,
)
from services.live_demo import LiveDemo
from tests.conftest import make_store

NOW = datetime(2026, 3, 14, 15, 30, tzinfo=timezone.utc)   # a Saturday afternoon
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scenario(module_store):
    """The full scenario, generated once per backend."""
    with module_store.session() as s:
        summary = generate_demo(s, NOW, seed=40)
        s.commit()
    return module_store, summary


def count(session, *conditions, model=Report) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def test_counts_are_in_range_and_match_the_store(scenario):
    store, summary = scenario
    with store.session() as s:
        reports = count(s)
        assert reports == summary.reports
        assert 1500 <= reports <= 3000
        assert 0.10 <= count(s, Report.urgent.is_(True)) / reports <= 0.15
        channels = dict(s.execute(select(Report.channel, func.count()).group_by(Report.channel)).all())
        assert set(channels) == set(CHANNELS) - {"import"}
        assert max(channels, key=channels.get) == "app"
        assert count(s, Report.visibility == "politie") > 0
        assert count(s, Report.visibility == "gedeeld") > 0
        police_only_slugs = set(s.scalars(select(Category.slug).join(Report, Report.category_id == Category.id)
                                          .where(Report.visibility == "politie").distinct()))
        assert police_only_slugs <= {"geweld-bedreiging", "inbraak", "diefstal"}
        contacts = count(s, model=ReporterContact)
        assert contacts == summary.contacts and 0.4 * reports < contacts < 0.8 * reports
        emails = s.scalars(select(ReporterContact.email).where(ReporterContact.email.is_not(None))).all()
        assert emails and all(e.endswith("@voorbeeld.nl") for e in emails)


def test_incidents_feedback_and_neighbourhood_messages(scenario):
    store, summary = scenario
    with store.session() as s:
        sizes = s.execute(select(Incident.id, func.count(Report.id))
                          .join(Report, Report.incident_id == Incident.id).group_by(Incident.id)).all()
        assert len(sizes) == summary.incidents >= 3
        assert all(3 <= n <= 20 for _, n in sizes)
        linked = s.scalars(select(Report.id).where(Report.incident_id.is_not(None))).all()
        with_event = set(s.scalars(select(ReportEvent.report_id).where(ReportEvent.kind == "incident")))
        assert set(linked) <= with_event
        states = dict(s.execute(select(FeedbackMessage.state, func.count()).group_by(FeedbackMessage.state)).all())
        assert {"verzonden", "wachtrij", "mislukt"} <= set(states)
        assert states["verzonden"] > states["mislukt"]
        kinds = set(s.scalars(select(FeedbackMessage.kind).distinct()))
        assert kinds == {"ontvangstbevestiging", "tussenbericht", "afloopbericht"}
        assert count(s, FeedbackMessage.state == "mislukt", FeedbackMessage.last_error.is_(None),
                     model=FeedbackMessage) == 0
        sent = count(s, FeedbackMessage.state == "verzonden", model=FeedbackMessage)
        assert count(s, ReportEvent.kind == "terugkoppeling", model=ReportEvent) == sent
        # reports that wanted feedback, are closed, and never got an afloopbericht: owed
        afloop = select(FeedbackMessage.report_id).where(FeedbackMessage.kind == "afloopbericht")
        owed = count(s, Report.status == "afgehandeld", Report.id.not_in(afloop),
                     Report.id.in_(select(ReporterContact.report_id).where(ReporterContact.wants_feedback)))
        assert owed >= summary.feedback_owed > 0
        messages = s.scalars(select(NeighbourhoodMessage)).all()
        assert len(messages) == summary.neighbourhood_messages >= 3
        assert all(m.synthetic for m in messages)
        assert {m.kind for m in messages} == {"update", "tip", "oproep"}


def test_workflow_history_is_consistent(scenario):
    store, _ = scenario
    with store.session() as s:
        closed = list(CLOSED_STATUSES)
        assert count(s, Report.status.in_(closed), Report.closed_at.is_(None)) == 0
        assert count(s, Report.status.not_in(closed), Report.closed_at.is_not(None)) == 0
        closing_event = select(ReportEvent.id).where(ReportEvent.report_id == Report.id,
                                                     ReportEvent.kind == "status",
                                                     ReportEvent.to_value == Report.status).exists()
        assert count(s, Report.status.in_(closed), ~closing_event) == 0
        event = aliased(ReportEvent)
        early = s.scalar(select(func.count()).select_from(event).join(Report, Report.id == event.report_id)
                         .where(event.at < Report.received_at))
        assert early == 0
        assert count(s, ReportEvent.at > NOW, model=ReportEvent) == 0
        assert count(s, Report.received_at > NOW) == 0
        assert count(s, Report.received_at < NOW - timedelta(weeks=8, days=1)) == 0
        statuses = set(s.scalars(select(Report.status).distinct()))
        assert {"gemeld", "in_behandeling", "afgehandeld", "geannuleerd"} <= statuses
        assert count(s, ReportEvent.to_value == "heropend", model=ReportEvent) > 0
        # recent reports are still open, some open reports are past their due time
        assert count(s, Report.status.not_in(closed), Report.received_at > NOW - timedelta(hours=6)) > 0
        assert count(s, Report.status.not_in(closed), Report.due_at < NOW) > 0
        assert count(s, Report.buurt_code.is_(None)) == 0


def test_planted_events_are_in_the_store(scenario):
    store, summary = scenario
    kinds = {p.kind for p in summary.planted}
    assert {"piek", "herhaling"} <= kinds
    with store.session() as s:
        mains = {c.slug: c.id for c in s.scalars(select(Category).where(Category.parent_id.is_(None)))}
        for planted in summary.planted:
            found = count(s, Report.buurt_code == planted.buurt_code,
                          Report.main_category_id == mains[planted.main_category_slug],
                          Report.received_at >= planted.start, Report.received_at <= planted.end)
            assert found >= planted.n_reports, planted
        burst = next(p for p in summary.planted if p.kind == "piek")
        assert burst.buurt_code == "BU05184013" and burst.n_reports >= 10
        assert NOW - burst.start <= timedelta(days=2) and burst.end - burst.start <= timedelta(hours=4)
        repeat = next(p for p in summary.planted if p.kind == "herhaling")
        near = count(s, func.abs(Report.lat - repeat.lat) < 0.0001, func.abs(Report.lon - repeat.lon) < 0.0001)
        assert near >= repeat.n_reports >= 10
        assert repeat.end - repeat.start >= timedelta(weeks=3)
        # ...and it goes on into the week that early warning replays (or no alert could show it now)
        assert count(s, func.abs(Report.lat - repeat.lat) < 0.0001, func.abs(Report.lon - repeat.lon) < 0.0001,
                     Report.received_at >= NOW - DETECTION_HISTORY) >= 1


def test_the_composers_chronic_spots_are_reported_again_and_again(scenario):
    """The summary names the spots the background reports again and again (a repeat location
    there is true, not a false alert): together they hold about 12% of the background."""
    store, summary = scenario
    assert len(summary.chronic_spots) == 24
    with store.session() as s:
        at_spots = sum(count(s, func.abs(Report.lat - lat) < 0.0001, func.abs(Report.lon - lon) < 0.0001,
                             Report.buurt_code == buurt) for buurt, lat, lon, _, _ in summary.chronic_spots)
        assert 0.06 * summary.reports < at_spots < 0.2 * summary.reports


def test_everything_is_synthetic(scenario):
    store, _ = scenario
    with store.session() as s:
        assert count(s, Report.synthetic.is_(False)) == 0
        assert count(s, NeighbourhoodMessage.synthetic.is_(False), model=NeighbourhoodMessage) == 0


def test_generator_is_deterministic_and_reset_starts_again(store):
    with store.session() as s:
        first = generate_demo(s, NOW, seed=7, weeks=2)
        s.commit()
        again = reset_demo(s, NOW, seed=7, weeks=2)
        s.commit()
        assert count(s) == again.reports            # reset removed the first run
        texts = s.scalars(select(Report.text).order_by(Report.id).limit(20)).all()
    keys = ("reports", "urgent", "police_only", "contacts", "incidents", "feedback_by_state",
            "per_channel", "per_status", "neighbourhood_messages")
    assert {k: getattr(first, k) for k in keys} == {k: getattr(again, k) for k in keys}
    assert first.first_texts == again.first_texts == texts
    assert [(p.kind, p.start, p.n_reports) for p in first.planted] == \
        [(p.kind, p.start, p.n_reports) for p in again.planted]
    with store.session() as s:
        other = reset_demo(s, NOW, seed=8, weeks=2)
        s.rollback()
    assert other.first_texts != first.first_texts


def test_live_demo_adds_reports_and_stops(request, tmp_path_factory):
    store = make_store(request, "sqlite", tmp_path_factory)
    live = LiveDemo(store.sessions, interval=0.2, seed=3, speed=20_000)     # a week in half a minute
    live.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with store.session() as s:
                if count(s) >= 2:
                    break
            time.sleep(0.1)
    finally:
        thread = live._thread
        live.stop()
    assert thread is not None and not thread.is_alive()
    with store.session() as s:
        assert count(s) >= 2
        assert count(s, Report.synthetic.is_(False)) == 0
    assert live.errors == 0


def test_live_demo_survives_errors(request, tmp_path_factory):
    store = make_store(request, "sqlite", tmp_path_factory)
    calls = {"n": 0}

    def broken_factory():
        calls["n"] += 1
        raise RuntimeError("database weg")

    live = LiveDemo(broken_factory, interval=0.05, seed=1, speed=1_000_000)
    live.start()
    time.sleep(0.4)
    live.stop()
    assert calls["n"] >= 2 and live.errors >= 2 and not live.running
    live = LiveDemo(store.sessions, interval=600, seed=1, speed=50)
    for minutes in range(0, 30, 10):
        live.tick(NOW + timedelta(minutes=minutes))  # ten minutes of 50 Saturday afternoons, no thread
    assert live.submitted >= 3 and live.advanced >= 1


def test_live_arrivals_follow_the_scenario_rhythm_over_a_simulated_week(request, tmp_path_factory):
    """Ticks every 8 seconds for a simulated week: about REPORTS_PER_WEEK reports (not 200 an
    hour), busiest in the evening, quietest at night, urgent as often as in the history."""
    store = make_store(request, "sqlite", tmp_path_factory)
    live = LiveDemo(store.sessions, interval=8, seed=11)
    with store.session() as session:
        live._prepare(session)
    start = datetime(2026, 3, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))       # a Monday, 00:00
    per_hour, urgent, drafts = Counter(), 0, 0
    for tick in range(7 * 24 * 3600 // 8):
        now = start + timedelta(seconds=8 * tick)
        arrivals, _ = live.due(now)
        for _ in range(arrivals):
            draft = live._composer.draft(now)
            per_hour[now.hour] += 1
            urgent += draft.urgent
            drafts += 1
    assert sum(daily_mean(day) for day in range(7)) == pytest.approx(REPORTS_PER_WEEK)
    assert abs(drafts - REPORTS_PER_WEEK) < 3 * REPORTS_PER_WEEK ** 0.5          # 265 +- 49
    assert sum(per_hour[h] for h in range(17, 21)) > 4 * sum(per_hour[h] for h in range(2, 6))
    expected_urgent = _history_urgent_share()
    assert abs(urgent / drafts - expected_urgent) < 3 * (expected_urgent * (1 - expected_urgent) / drafts) ** 0.5
    assert max(per_hour.values()) < 40          # no hour of the week near the old 200 an hour


def _history_urgent_share() -> float:
    """The background's urgent share over a week, from its category mix and rhythm."""
    weighted = total = 0.0
    for day in range(7):
        hours = hour_weights(day)
        for hour in range(24):
            rate = daily_mean(day) * hours[hour] / sum(hours)
            weights = {slug: w * T.profile_factor(profile, hour, day) for slug, (w, profile, _) in T.CATEGORY_MIX.items()}
            share = sum(weights[slug] * T.CATEGORY_MIX[slug][2] for slug in weights) / sum(weights.values())
            weighted += rate * share
            total += rate
    return weighted / total


def test_live_rate_is_the_history_rate_exactly():
    """Saturday 18:00-19:00 local: the week's 265 reports x Saturday's weight x that hour's weight."""
    saturday = datetime(2026, 3, 14, 18, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    hours = hour_weights(5)
    expected = REPORTS_PER_WEEK / 7 * T.WEEKDAY_WEIGHTS[5] / (sum(T.WEEKDAY_WEIGHTS) / 7) * hours[18] / sum(hours)
    assert reports_per_hour(saturday) == pytest.approx(expected)
    assert reports_per_hour(saturday) == pytest.approx(2.74, abs=0.01)     # not 200
    assert sum(reports_per_hour(saturday.replace(hour=h, minute=0)) for h in range(24)) == pytest.approx(daily_mean(5))


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_generate_reports", ROOT / "bench" / "generate_reports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_generator_smoke(tmp_path):
    bench = _bench_module()
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    result = bench.generate(url, 2000, days=30, seed=1, contact_share=0.05, batch_size=700,
                            progress=None)
    assert result["rows"] == 2000
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Report)) == 2000
            buurten = set(conn.scalars(select(Area.code).where(Area.kind == "buurt")))
            assert set(conn.scalars(select(Report.buurt_code).distinct())) <= buurten
            assert conn.scalar(select(func.count()).select_from(Report).where(
                Report.synthetic.is_(False))) == 0
            assert conn.scalar(select(func.count()).select_from(Report).where(and_(
                Report.status.in_(list(CLOSED_STATUSES)), Report.closed_at.is_(None)))) == 0
            assert 0 < conn.scalar(select(func.count()).select_from(ReporterContact)) < 400
            assert conn.execute(text("SELECT count(DISTINCT reference) FROM reports")).scalar() == 2000
            # rows read back through the ORM types (time format as SQLAlchemy writes it)
            row = conn.execute(select(Report.received_at, Report.due_at)).first()
            assert row.received_at.tzinfo is not None and row.due_at >= row.received_at
    finally:
        engine.dispose()
