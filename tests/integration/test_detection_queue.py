"""Early warning after the request: the queue runs detection for committed reports, in the
background in a real app and at once in test mode, and never loses a report on an error."""

import sqlite3
import time
from datetime import timedelta

from sqlalchemy import delete, func, select

from data_access.db import transaction
from data_access.models import Alert, IncidentProposal, Report, utcnow
from services import detection_queue, early_warning
from services.detection_queue import (
    FLOOD_PER_SECOND, GATHER_SECONDS, MAX_GATHER_SECONDS, DetectionQueue, flooded, gather_seconds,
)
from services.early_warning import on_report_submitted
from services.intake import IntakeData, submit_report
from tests.conftest import make_store


def burst(store, n=8):
    """n jeugdoverlast reports in Zonne Veld within the last half hour, stored without detection."""
    now = utcnow()
    ids = []
    with store.session() as s:
        for i in range(n):
            r = submit_report(s, IntakeData(text=f"Jongeren maken herrie bij het plein ({i})", channel="app",
                                            lat=52.035, lon=4.27 + i * 1e-4, category_slug="jeugdoverlast",
                                            received_at=now - timedelta(minutes=30 - 3 * i)), detect=False)
            ids.append(r.id)
        s.commit()
        assert s.scalar(select(func.count()).select_from(Alert)) == 0
    return ids


def alerts(store):
    with store.session() as s:
        return s.scalars(select(Alert.kind)).all()


def test_background_queue_finds_the_spike_after_commit(store):
    ids = burst(store)
    detection = DetectionQueue(store.sessions, background=True)
    for report_id in ids:
        detection.add(report_id)
    assert detection.wait_until_idle(30)
    assert "piek" in alerts(store)


def test_in_test_mode_the_queue_runs_at_once(store):
    ids = burst(store)
    DetectionQueue(store.sessions, background=False).add(ids[-1])
    assert "piek" in alerts(store)


def test_unknown_ids_and_errors_do_not_stop_the_worker(store):
    ids = burst(store)
    detection = DetectionQueue(store.sessions, background=True)
    detection.add(999_999)
    detection.add(ids[-1])
    deadline = time.time() + 30
    while "piek" not in alerts(store) and time.time() < deadline:
        time.sleep(0.1)
    assert "piek" in alerts(store)


def known_set(store):
    """Jeugdoverlast at one spot hour after hour (spike, repeat location, hotspot, grouping), a
    police-only burst of burglaries elsewhere, a pair of fireworks reports that describe one event,
    and an unrelated report far away; stored without detection, oldest first."""
    now = utcnow().replace(microsecond=0)
    rows = [(52.0355 + 1e-5 * i, 4.2702 + 1e-5 * i, "jeugdoverlast", "Jongeren maken herrie bij het plein",
             now - timedelta(minutes=40 + 60 * (7 - i))) for i in range(8)]
    rows += [(52.0462 + 1e-5 * i, 4.2905, "inbraak", "Inbraak in woning, deur opengebroken",
              now - timedelta(minutes=38 - 5 * i)) for i in range(6)]
    rows += [(52.0455, 4.2850, "overlast-door-afsteken-vuurwerk", "Zware knallen vuurwerk bij het Hoge Veld-plein",
              now - timedelta(minutes=30)),
             (52.0459, 4.2850, "overlast-door-afsteken-vuurwerk", "Vuurwerk knallen op Hoge Veld-plein, jongeren",
              now - timedelta(minutes=18)),
             (52.0380, 4.2990, "boom", "Boom omgewaaid over het fietspad", now - timedelta(minutes=10))]
    rows.sort(key=lambda row: row[4])
    with store.session() as s:
        ids = [submit_report(s, IntakeData(text=text, channel="app", lat=lat, lon=lon, category_slug=slug,
                                           received_at=at), detect=False).id
               for lat, lon, slug, text, at in rows]
        s.commit()
    return ids


def outcome(store):
    """The alerts (as they stand at the end) and the grouping proposals in the store."""
    with store.session() as s:
        alerts = sorted((a.kind, a.visibility, a.area_code or "", a.main_category_id or 0, a.channel or "",
                         a.observed, a.explanation) for a in s.scalars(select(Alert)))
        proposals = {p.report_id: (p.candidate_report_id, p.score, p.state)
                     for p in s.scalars(select(IncidentProposal))}
        s.execute(delete(IncidentProposal))
        s.execute(delete(Alert))
        s.commit()
    return alerts, proposals


def test_a_batch_gives_the_same_alerts_and_proposals_as_one_by_one(store):
    ids = known_set(store)
    for report_id in ids:                   # the reference: detection per report, as before
        with transaction(store.sessions) as s:
            on_report_submitted(s, s.get(Report, report_id))
    one_by_one = outcome(store)
    DetectionQueue(store.sessions, background=False).run(ids)
    batch = outcome(store)
    kinds = {(kind, visibility) for kind, visibility, *_ in one_by_one[0]}
    assert {("piek", "gedeeld"), ("herhaling", "gedeeld"), ("hotspot", "gedeeld"), ("piek", "politie")} <= kinds
    assert batch[0] == one_by_one[0]
    assert len(one_by_one[1]) >= 8          # the burst's reports and the second fireworks report
    assert batch[1] == one_by_one[1]


def test_the_gather_window_grows_with_the_time_detection_took():
    assert gather_seconds(0.0) == GATHER_SECONDS == 1.0         # a lone report: alert within ~1 s
    assert gather_seconds(0.05) == 1.0
    assert gather_seconds(0.5) == 5.0                           # busy: batches grow, cost per report falls
    assert gather_seconds(60.0) == MAX_GATHER_SECONDS == 10.0


def test_the_worker_gathers_by_how_long_the_previous_batch_took(store, monkeypatch):
    took = []
    monkeypatch.setattr(detection_queue, "gather_seconds", lambda previous: took.append(previous) or 0.01)
    detection = DetectionQueue(store.sessions, background=True)
    monkeypatch.setattr(detection, "_detect", lambda ids: time.sleep(0.3))
    for report_id in (1, 2):
        detection.add(report_id)
        assert detection.wait_until_idle(10)
    assert took[0] == 0.0 and took[1] >= 0.3


def test_on_sqlite_a_batch_gives_the_write_lock_back_after_each_check(request, tmp_path_factory, monkeypatch):
    """Another process may write while a batch is still checking places: the spike alert found
    first is committed at once, not held (with SQLite's one write lock) until the batch ends.
    (PostgreSQL has no single write lock; a batch there stays one transaction.)"""
    store = make_store(request, "sqlite", tmp_path_factory)
    ids = burst(store)
    seen = []
    original = early_warning.check_hotspot

    def meanwhile_another_writer(*args, **kwargs):
        if not seen:
            other = sqlite3.connect(store.engine.url.database, timeout=0.5)
            try:
                committed = other.execute("SELECT count(*) FROM alerts WHERE kind = 'piek'").fetchone()[0]
                other.execute("UPDATE areas SET name = name WHERE 0")     # takes the write lock
                other.execute("INSERT INTO report_events (report_id, at, actor_label, kind, detail) "
                              "VALUES (?, '2026-11-28 12:00:00', 'ander proces', 'notitie', '')", (ids[0],))
                other.commit()
                seen.append(committed)
            except sqlite3.OperationalError as error:
                seen.append(str(error))
            finally:
                other.close()
        return original(*args, **kwargs)

    monkeypatch.setattr(early_warning, "check_hotspot", meanwhile_another_writer)
    DetectionQueue(store.sessions, background=False).run(ids)
    assert seen and seen[0] >= 1, seen
    assert "piek" in alerts(store)


def test_a_flood_is_twenty_or_more_ids_in_the_last_second():
    now = 100.0
    assert FLOOD_PER_SECOND == 20
    assert flooded([now - 0.9 + i * 0.04 for i in range(20)], now)
    assert not flooded([now - 0.9 + i * 0.04 for i in range(19)], now)
    assert not flooded([now - 5 + i * 0.01 for i in range(200)], now)     # an earlier flood, now over


def flood(detection, seconds, per_second=50):
    """Add ids at `per_second` for `seconds`, as the intake's writer does during a flood; returns
    (start, end) on the monotonic clock."""
    started = time.monotonic()
    report_id = 0
    while time.monotonic() - started < seconds:
        report_id += 1
        detection.add(report_id)
        time.sleep(1 / per_second)
    return started, time.monotonic()


def recording_queue(max_defer_seconds):
    detection = DetectionQueue(None, background=True, max_defer_seconds=max_defer_seconds)
    runs = []
    detection.run = lambda ids: runs.append((time.monotonic(), len(ids)))
    return detection, runs


def test_during_a_flood_detection_waits_until_it_ebbs():
    detection, runs = recording_queue(max_defer_seconds=30)
    started, ended = flood(detection, 2.5)
    assert detection.wait_until_idle(10)
    assert runs[0][0] >= ended                     # nothing ran beside the flood
    assert runs[0][0] - ended < 1.5                # and it ran as soon as the flood was over
    assert sum(n for _, n in runs) == runs[0][1] >= 100


def test_a_long_flood_defers_detection_at_most_max_defer_seconds():
    detection, runs = recording_queue(max_defer_seconds=1.0)
    started, ended = flood(detection, 4.0)
    assert detection.wait_until_idle(10)
    assert started + 0.9 <= runs[0][0] <= started + 2.0
    assert len(runs) >= 2 and sum(n for _, n in runs) >= 150


def test_a_trickle_is_not_deferred():
    detection, runs = recording_queue(max_defer_seconds=30)
    started, ended = flood(detection, 3.0, per_second=5)
    assert detection.wait_until_idle(10)
    assert runs[0][0] - started < GATHER_SECONDS + 0.5    # the first window closed as usual
