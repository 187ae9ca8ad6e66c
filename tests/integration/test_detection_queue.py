"""Early warning after the request: the queue runs detection for committed reports, in the
background in a real app and at once in test mode, and never loses a report on an error."""

import time
from datetime import timedelta

from sqlalchemy import delete, func, select

from data_access.db import transaction
from data_access.models import Alert, IncidentProposal, Report, utcnow
from services.detection_queue import DetectionQueue
from services.early_warning import on_report_submitted
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
