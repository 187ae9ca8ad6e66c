"""Early warning after the request: the queue runs detection for committed reports, in the
background in a real app and at once in test mode, and never loses a report on an error."""

import time
from datetime import timedelta

from sqlalchemy import func, select

from data_access.models import Alert, utcnow
from services.detection_queue import DetectionQueue
from services.intake import IntakeData, submit_report


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
