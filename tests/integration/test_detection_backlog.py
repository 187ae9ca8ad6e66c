"""No stored report misses early warning (issue 16): what still needs a check is kept in the store
with the report, and the job runner's "detect" job catches up from it after a failed check or a
killed worker (SQLite and PostgreSQL)."""

from datetime import timedelta

from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import Alert, DetectionBacklog, IncidentProposal, Report, utcnow
from services import detection_queue, early_warning
from services.detection_queue import CATCH_UP_AFTER, DetectionQueue, catch_up, scheduled_pass
from services.group_commit import GroupCommit
from services.intake import IntakeData, prepare_report, submit_report


def burst_data(i: int, minutes_ago: float, when=None) -> IntakeData:
    """Jeugdoverlast in Zonne Veld: eight of these within half an hour make a spike."""
    return IntakeData(text=f"Jongeren maken herrie bij het plein ({i})", channel="app", lat=52.035,
                      lon=4.27 + i * 1e-4, category_slug="jeugdoverlast",
                      received_at=(when or utcnow()) - timedelta(minutes=minutes_ago))


def through_the_api_writer(store, on_committed, n=8, when=None) -> list[int]:
    """n burst reports stored the way the Open311 and JSON intake store them (group commit)."""
    group = GroupCommit(store.sessions, on_committed, background=False)
    return [group.submit(lambda s, i=i: prepare_report(s, burst_data(i, 30 - 3 * i, when)),
                         lambda item: (item.id, None)) for i in range(n)]


def backlog(store) -> list[int]:
    with store.session() as s:
        return list(s.scalars(select(DetectionBacklog.report_id).order_by(DetectionBacklog.report_id)))


def spikes(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Alert).where(Alert.kind == "piek"))


def proposed(store) -> set[int]:
    with store.session() as s:
        return set(s.scalars(select(IncidentProposal.report_id)))


def run_detect_job(store, now):
    with transaction(store.sessions) as s:
        return scheduled_pass(s, now)


def broken(*args, **kwargs):
    raise RuntimeError("database weg")


def test_reports_whose_check_failed_are_caught_up_by_the_detect_job(store, monkeypatch):
    monkeypatch.setattr(early_warning, "check_spike", broken)          # the hiccup: every check fails
    detection = DetectionQueue(store.sessions, background=False)
    ids = through_the_api_writer(store, detection.add)
    assert backlog(store) == sorted(ids) and spikes(store) == 0         # stored, not yet checked
    monkeypatch.undo()

    summary = run_detect_job(store, utcnow() + CATCH_UP_AFTER + timedelta(seconds=1))
    assert summary["ingehaald"] == len(ids)
    assert backlog(store) == []
    assert spikes(store) == 1
    assert set(ids[1:]) <= proposed(store)       # grouped with the reports before them, as live


def test_ids_lost_with_a_killed_worker_are_caught_up_even_after_a_day(store):
    """The process died with the ids still in its in-memory queue: nothing was handed to the
    detector at all. The reports arrived 30 hours before the job runs again (a weekend outage),
    beyond the reach of the 24-hour pass."""
    stored_at = utcnow() - timedelta(hours=30)
    ids = through_the_api_writer(store, on_committed=lambda report_id: None, when=stored_at)
    assert backlog(store) == sorted(ids)

    run_detect_job(store, utcnow() + CATCH_UP_AFTER + timedelta(seconds=1))
    assert backlog(store) == []
    with store.session() as s:
        spike = s.scalars(select(Alert).where(Alert.kind == "piek")).one()
        assert spike.window_end == max(s.scalars(select(Report.received_at).where(Report.id.in_(ids))))
    assert set(ids[1:]) <= proposed(store)


def test_a_live_queue_keeps_the_reports_it_is_about_to_check(store):
    """Just-stored reports belong to a live queue (it checks them within a minute): the job leaves
    them alone, then takes them once they have waited CATCH_UP_AFTER."""
    ids = through_the_api_writer(store, on_committed=lambda report_id: None)
    with transaction(store.sessions) as s:
        assert catch_up(s, utcnow()) == (0, 0)
    assert backlog(store) == sorted(ids)
    with transaction(store.sessions) as s:
        assert catch_up(s, utcnow() + CATCH_UP_AFTER + timedelta(seconds=1)) == (len(ids), 0)
    assert backlog(store) == [] and spikes(store) == 1


def test_a_successful_check_leaves_nothing_behind_and_history_never_enters(store):
    detection = DetectionQueue(store.sessions, background=False)
    through_the_api_writer(store, detection.add)
    assert backlog(store) == [] and spikes(store) == 1
    with transaction(store.sessions) as s:              # an import: history, no early warning
        submit_report(s, burst_data(99, 5), detect=False)
    assert backlog(store) == []


def test_submit_report_keeps_a_report_whose_inline_check_failed(store, monkeypatch):
    with transaction(store.sessions) as s:
        fine = submit_report(s, burst_data(0, 5)).id
    monkeypatch.setattr(early_warning, "on_report_submitted", broken)
    with transaction(store.sessions) as s:
        failed = submit_report(s, burst_data(1, 4)).id
    with transaction(store.sessions) as s:
        later = submit_report(s, burst_data(2, 3), detect="later").id      # the chat's way
    assert backlog(store) == [failed, later] and fine < failed


def test_a_deleted_report_leaves_the_backlog_too(store):
    ids = through_the_api_writer(store, on_committed=lambda report_id: None, n=2)
    with transaction(store.sessions) as s:
        s.delete(s.get(Report, ids[0]))
    assert backlog(store) == [ids[1]]


def test_one_report_the_detector_cannot_handle_holds_up_no_other(store, monkeypatch):
    ids = through_the_api_writer(store, on_committed=lambda report_id: None)
    poisoned = ids[3]
    original = detection_queue.propose_for_all

    def fails_on_one(session, reports):
        if any(report.id == poisoned for report in reports):
            raise ValueError("onverwerkbaar")
        return original(session, reports)

    monkeypatch.setattr(detection_queue, "propose_for_all", fails_on_one)
    summary = run_detect_job(store, utcnow() + CATCH_UP_AFTER + timedelta(seconds=1))
    assert (summary["ingehaald"], summary["niet gelukt"]) == (len(ids) - 1, 1)
    assert backlog(store) == [poisoned] and spikes(store) == 1
    monkeypatch.undo()
    assert run_detect_job(store, utcnow() + CATCH_UP_AFTER + timedelta(seconds=1))["ingehaald"] == 1
    assert backlog(store) == []
