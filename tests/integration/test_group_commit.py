"""Group commit: submissions that wait together are written in one transaction, and one refused or
failing submission never costs another its report (SQLite and PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from data_access.models import Category, IntakeRequest, Report, ReportEvent, ReporterContact
from services.api_keys import create_key
from services.group_commit import GroupCommit, Submission, intake_request
from services.intake import IntakeData, IntakeError, TriageResult, prepare_report
from tests.integration.test_rollup_store import assert_incremental_equals_rebuild


def data(i: int, category: str = "grofvuil") -> IntakeData:
    return IntakeData(text=f"Grofvuil naast de container ({i})", channel="app", lat=52.04,
                      lon=4.28 + i * 1e-4, category_slug=category)


def answer(report):
    return (report.id, report.reference), None


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

    pool = ThreadPoolExecutor(16)
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

    def with_key(report):
        return report.id, intake_request(key_id, "idempotency", "dubbel", report.id, "x", "{}")

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


def test_a_batch_keeps_the_rollups_and_feedback_facts_in_step(store):
    """Reports written together with Core statements (no ORM flush listener sees them) count in
    the roll-ups and feedback facts exactly as a rebuild from the source tables does; with triage,
    contacts, several days and a refused submission in the batch."""
    def triage(_text):
        return TriageResult("grofvuil", False, 0.8, False, "grof, vuil")

    def varied(i: int) -> IntakeData:
        item = data(i, category=(None, "grofvuil", "parkeeroverlast", "inbraak")[i % 4])
        item.received_at = datetime(2026, 3, 28, 22, 0, tzinfo=timezone.utc) + timedelta(hours=7 * i)
        item.urgent = True if i % 5 == 0 else None
        if i % 3:
            item.contact_email, item.wants_feedback = "melder@example.org", i % 3 == 1
        return item

    committed = []
    group, pool, first, release = held_writer(store, committed)
    later = [pool.submit(group.submit, lambda s, i=i: prepare_report(s, varied(i), triage=triage), answer)
             for i in range(1, 12)]
    refused = pool.submit(group.submit, lambda s: prepare_report(s, data(12, category="bestaat-niet")), answer)
    queued(group, 12)
    release.set()
    answers = [first.result(10)] + [f.result(10) for f in later]
    with pytest.raises(IntakeError):
        refused.result(10)

    assert group.batch_sizes == [1, 11]
    _, facts = assert_incremental_equals_rebuild(store.engine)
    assert len(facts) == 4                                 # i = 1, 4, 7, 10 want feedback
    with store.session() as s:
        reports = s.scalars(select(Report).order_by(Report.id)).all()
        assert [(r.id, r.reference) for r in reports] == sorted(answers)
        assert all(r.version == 1 and r.updated_at == r.received_at for r in reports)
        kinds = s.execute(select(ReportEvent.kind, func.count()).group_by(ReportEvent.kind)).all()
        assert dict(kinds) == {"ontvangen": 12, "triage": 2}       # i = 4, 8 had no category
        assert s.scalar(select(func.count()).select_from(ReporterContact)) == 8


def stored_or_conflict(body_hash: str):
    """A replay like the JSON intake's: the stored answer, or a conflict for another body."""
    def replay(stored):
        if stored.body_hash != body_hash:
            raise ValueError("conflict")
        return "replayed:" + stored.response
    return replay


def keyed(key_id: int, key: str, i: int, body_hash: str = "h") -> Submission:
    def finish(report):
        answer = report.reference
        return answer, intake_request(key_id, "idempotency", key, report.id, body_hash, answer)
    return Submission(lambda s: prepare_report(s, data(i)), finish, (key_id, key), stored_or_conflict(body_hash))


def selects_while_writing(store, group: GroupCommit, batch: list[Submission], table: str) -> int:
    """How many SELECT statements that mention `table` the writer sends for this batch."""
    lookups = []

    def count_lookups(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT") and table in statement:
            lookups.append(statement)

    event.listen(store.engine, "before_cursor_execute", count_lookups)
    try:
        group._write(batch)
    finally:
        event.remove(store.engine, "before_cursor_execute", count_lookups)
    return len(lookups)


def test_a_batchs_idempotency_keys_are_looked_up_with_one_select(store):
    with store.session() as s:
        key, _ = create_key(s, "app")
        other, _ = create_key(s, "andere-app")
        s.commit()
        key_id, other_id = key.id, other.id
    group = GroupCommit(store.sessions, lambda _id: None, background=False)
    first_batch = [keyed(key_id, "k1", 1), keyed(key_id, "k2", 2), keyed(other_id, "k3", 3)]
    group._write(first_batch)
    references = [s.future.result(0) for s in first_batch]

    second_batch = [keyed(key_id, "k1", 1), keyed(key_id, "k2", 2, body_hash="anders"),
                    keyed(key_id, "k3", 4), keyed(other_id, "k4", 5)]
    assert selects_while_writing(store, group, second_batch, "intake_requests") == 1
    assert second_batch[0].future.result(0) == "replayed:" + references[0]
    with pytest.raises(ValueError, match="conflict"):
        second_batch[1].future.result(0)
    # k3 is another API key's: a new report, as is k4 (an unknown key of a known API key)
    new = [s.future.result(0) for s in second_batch[2:]]
    assert all(r.startswith("HNM-") for r in new) and len(set(new) | set(references)) == 5
    assert group.batch_sizes == [3, 2]
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 5
        assert s.scalar(select(func.count()).select_from(IntakeRequest)) == 5


def test_a_batchs_categories_are_read_with_one_select(store):
    with store.session() as s:
        s.scalar(select(Category).where(Category.slug == "boom")).active = False
        s.commit()
    group = GroupCommit(store.sessions, lambda _id: None, background=False)
    slugs = ["grofvuil", "hondenpoep", "grofvuil", "onkruid", "boom", "bestaat-niet"]
    batch = [Submission(lambda s, i=i, slug=slug: prepare_report(s, data(i, slug)), answer, category_slug=slug)
             for i, slug in enumerate(slugs)]
    # One for the batch; the two slugs it did not find (deactivated, unknown) are each asked once
    # more, by the report that names it, and refused.
    assert selects_while_writing(store, group, batch, "FROM categories") == 3
    assert group.batch_sizes == [4]
    for submission in batch[4:]:
        with pytest.raises(IntakeError, match="categorie"):
            submission.future.result(0)
    with store.session() as s:
        stored = s.scalars(select(Category.slug).join(Report, Report.category_id == Category.id)).all()
    assert sorted(stored) == ["grofvuil", "grofvuil", "hondenpoep", "onkruid"]


def test_a_batchs_proposed_categories_are_read_with_one_select_too(store):
    """Reports without a category, which triage places: the JSON intake names the proposal (its
    safety check classified the text already), so they cost the batch no query each."""
    group = GroupCommit(store.sessions, lambda _id: None, background=False)
    proposals = ["grofvuil", "hondenpoep", "onkruid", "grofvuil"]
    batch = [Submission(lambda s, i=i, slug=slug: prepare_report(
                 s, data(i, None), triage=lambda _text: TriageResult(slug, False, 0.8, False, "woorden")),
                        answer, category_slug=slug)
             for i, slug in enumerate(proposals)]

    assert selects_while_writing(store, group, batch, "FROM categories") == 1
    assert group.batch_sizes == [4]
    with store.session() as s:
        stored = s.scalars(select(Category.slug).join(Report, Report.category_id == Category.id)).all()
        triaged = s.scalar(select(func.count()).select_from(ReportEvent).where(ReportEvent.kind == "triage"))
    assert sorted(stored) == sorted(proposals) and triaged == 4


def test_a_retry_in_the_same_batch_as_its_first_attempt_gets_the_stored_answer(store):
    with store.session() as s:
        key, _ = create_key(s, "app")
        s.commit()
        key_id = key.id
    committed = []
    group, pool, first, release = held_writer(store, committed)
    original, retry, conflict = keyed(key_id, "k1", 1), keyed(key_id, "k1", 1), keyed(key_id, "k1", 1, "anders")
    futures = []
    for count, submission in enumerate((original, retry, conflict), 1):     # queued in this order
        futures.append(pool.submit(group.submit, submission.prepare, submission.finish, submission.claim,
                                   submission.replay))
        queued(group, count)
    release.set()

    reference = futures[0].result(10)
    assert futures[1].result(10) == "replayed:" + reference
    with pytest.raises(ValueError, match="conflict"):
        futures[2].result(10)
    with store.session() as s:                  # the held first one and the original
        assert s.scalar(select(func.count()).select_from(Report)) == 2
        assert s.scalar(select(func.count()).select_from(IntakeRequest)) == 1
