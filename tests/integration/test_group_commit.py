"""Group commit: submissions that wait together are written in one transaction, and one refused or
failing submission never costs another its report (SQLite and PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from data_access.models import IntakeRequest, Report, ReportEvent
from services.api_keys import create_key
from services.group_commit import GroupCommit
from services.intake import IntakeData, IntakeError, prepare_report


def data(i: int, category: str = "grofvuil") -> IntakeData:
    return IntakeData(text=f"Grofvuil naast de container ({i})", channel="app", lat=52.04,
                      lon=4.28 + i * 1e-4, category_slug=category)


def answer(_session, report) -> tuple[int, str]:
    return report.id, report.reference


def writer(store, committed: list[int]) -> GroupCommit:
    return GroupCommit(store.sessions, committed.append, background=True)


def held_writer(store, committed: list[int]):
    """A writer whose first batch waits until `release` is set, so that what is submitted
    meanwhile queues up and is written as the next batch."""
    group = writer(store, committed)
    started, release = threading.Event(), threading.Event()

    def slow_prepare(session):
        started.set()
        release.wait(10)
        return prepare_report(session, data(0))

    pool = ThreadPoolExecutor(8)
    first = pool.submit(group.submit, slow_prepare, answer)
    assert started.wait(10)
    return group, pool, first, release


def queued(group: GroupCommit, count: int) -> None:
    for _ in range(200):
        if group._queue.qsize() >= count:
            return
        threading.Event().wait(0.01)
    pytest.fail(f"{count} inzendingen kwamen niet in de wachtrij")


def test_waiting_submissions_share_one_transaction(store):
    committed = []
    group, pool, first, release = held_writer(store, committed)
    later = [pool.submit(group.submit, lambda s, i=i: prepare_report(s, data(i)), answer) for i in range(1, 6)]
    queued(group, 5)
    release.set()
    answers = [first.result(10)] + [f.result(10) for f in later]

    assert group.batch_sizes == [1, 5]
    assert [reference for _, reference in answers] == [f"HNM-{report_id:07d}" for report_id, _ in answers]
    assert sorted(committed) == sorted(report_id for report_id, _ in answers)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 6
        assert s.scalar(select(func.count()).select_from(ReportEvent).where(ReportEvent.kind == "ontvangen")) == 6
        assert s.scalars(select(Report.version)).all() == [1] * 6


def test_a_refused_submission_is_answered_alone(store):
    committed = []
    group, pool, first, release = held_writer(store, committed)
    good = [pool.submit(group.submit, lambda s, i=i: prepare_report(s, data(i)), answer) for i in (1, 2)]
    bad = pool.submit(group.submit, lambda s: prepare_report(s, data(3, category="bestaat-niet")), answer)
    queued(group, 3)
    release.set()

    with pytest.raises(IntakeError, match="Onbekende categorie"):
        bad.result(10)
    assert all(f.result(10) for f in [first, *good])
    assert group.batch_sizes == [1, 2]
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 3


def test_a_failing_batch_is_written_again_one_by_one(store):
    """Two submissions with one idempotency key in one batch: the batch's commit fails, each is
    written again alone; the first keeps its report, the second gets the conflict and leaves
    nothing behind."""
    with store.session() as s:
        key, _ = create_key(s, "app")
        s.commit()
        key_id = key.id

    def with_key(session, report):
        session.add(IntakeRequest(api_key_id=key_id, kind="idempotency", key="dubbel", body_hash="x",
                                  report_id=report.id, status_code=201, response="{}"))
        return report.id

    committed = []
    group, pool, first, release = held_writer(store, committed)
    one = pool.submit(group.submit, lambda s: prepare_report(s, data(1)), with_key)
    queued(group, 1)
    two = pool.submit(group.submit, lambda s: prepare_report(s, data(2)), with_key)
    queued(group, 2)
    release.set()

    first.result(10)
    stored_id = one.result(10)
    with pytest.raises(IntegrityError):
        two.result(10)
    assert group.batch_sizes == [1, 1]           # the pair failed together, then one got through
    with store.session() as s:
        assert sorted(s.scalars(select(Report.id)).all()) == sorted([first.result()[0], stored_id])
        assert s.scalar(select(func.count()).select_from(IntakeRequest)) == 1
    assert sorted(committed) == sorted([first.result()[0], stored_id])


def test_in_test_mode_a_submission_is_written_in_the_callers_thread(store):
    committed = []
    group = GroupCommit(store.sessions, committed.append, background=False)
    report_id, reference = group.submit(lambda s: prepare_report(s, data(1)), answer)
    assert reference == f"HNM-{report_id:07d}" and committed == [report_id]
    assert not group._worker.started


def test_a_retry_waiting_with_its_first_attempt_goes_in_the_next_batch(store):
    """Submissions with the same claim (a client's retry) are never written together: the other
    submissions of the batch are not made to fail and go again one by one."""
    committed = []
    group, pool, first, release = held_writer(store, committed)
    original = pool.submit(group.submit, lambda s: prepare_report(s, data(1)), answer, ("app", "k1"))
    queued(group, 1)
    retry = pool.submit(group.submit, lambda s: prepare_report(s, data(1)), answer, ("app", "k1"))
    other = pool.submit(group.submit, lambda s: prepare_report(s, data(2)), answer, ("app", "k2"))
    queued(group, 3)
    release.set()
    assert all(f.result(10) for f in (first, original, retry, other))
    assert group.batch_sizes == [1, 2, 1]
