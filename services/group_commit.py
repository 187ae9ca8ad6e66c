"""Group commit: the API's intake requests of one process share their transactions.

When every request commits alone, most of a report's cost is per transaction: the ORM's work per
flush, a round trip per statement and the database's work per commit (on PostgreSQL about as much
CPU as the request itself). Here the request threads check and triage their submission themselves
and hand it to one writer thread per process. The writer takes whatever has queued up (it never
waits for more: a lone request is written at once), adds all of it to one session, writes the
reports with one flush (one INSERT for all of them), lets each submission add its own rows and
answer, commits once and then wakes every waiting request. Under load, batches grow to the number
of requests waiting while the previous batch was written.

Nothing is lost or half-written: a submission that is refused (IntakeError) is answered alone and
adds nothing; when the batch itself fails (two processes storing the same idempotency key at
once, a database error), it is rolled back and every submission is written again alone, so each
gets its own outcome. A report is queued for early warning after its commit.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session, sessionmaker

from data_access.db import transaction
from data_access.models import Report
from services.intake import PreparedReport, store_reports
from services.process_thread import ProcessThread

log = logging.getLogger("hnm.group_commit")
EXTENSION = "hnm_group_commit"
MAX_BATCH = 200
ANSWER_TIMEOUT_SECONDS = 60


@dataclass
class Submission:
    """One request's report. `prepare` adds it to the writer's session (prepare_report), raises to
    refuse it, or returns an answer the store already holds (a retried submission); `finish` runs
    after the reports' INSERT, in the same transaction: it adds the request's own rows
    (idempotency key, token) and returns the answer, plain values only."""
    prepare: Callable[[Session], PreparedReport | Any]
    finish: Callable[[Session, Report], Any]
    claim: Hashable | None = None     # e.g. an idempotency key: two with one claim never share a batch
    future: Future = field(default_factory=Future)


class GroupCommit:
    def __init__(self, sessions: sessionmaker[Session], on_committed: Callable[[int], None],
                 background: bool = True):
        self.sessions = sessions
        self.on_committed = on_committed          # the detection queue's `add`
        self.background = background
        self.batch_sizes: list[int] = []          # for tests and benchmarks: what was written together
        self._queue: queue.Queue[Submission] = queue.Queue()
        self._worker = ProcessThread(self._work, "hnm-group-commit")

    def submit(self, prepare: Callable[[Session], PreparedReport | Any],
               finish: Callable[[Session, Report], Any], claim: Hashable | None = None) -> Any:
        """Store one report with others waiting at the same time; returns `finish`'s answer or
        raises what refused it."""
        submission = Submission(prepare, finish, claim)
        if self.background:
            self._queue.put(submission)
            self._worker.ensure()
        else:                                     # test mode: written in the caller's thread
            self._write([submission])
        return submission.future.result(timeout=ANSWER_TIMEOUT_SECONDS)

    def _write(self, batch: list[Submission]) -> None:
        written: list[tuple[Submission, Any, int]] = []
        answered: list[tuple[Submission, Any, None]] = []
        try:
            with transaction(self.sessions) as session:
                staged = []
                # No flush before store_reports: all reports go in with one INSERT, and the roll-up
                # cells with one upsert in key order (flushes one by one would lock cells out of
                # order and deadlock with the other processes' batches).
                with session.no_autoflush:
                    for submission in batch:
                        try:
                            outcome = submission.prepare(session)
                        except Exception as error:        # refused: answered alone, adds nothing
                            submission.future.set_exception(error)
                            continue
                        if isinstance(outcome, PreparedReport):
                            staged.append((submission, outcome))
                        else:                             # answered from the store (a replay)
                            answered.append((submission, outcome, None))
                store_reports(session, [prepared for _, prepared in staged])
                written = [(submission, submission.finish(session, prepared.report), prepared.report.id)
                           for submission, prepared in staged]
        except Exception as error:
            pending = [s for s in batch if not s.future.done()]
            if len(batch) > 1:                    # find out which one failed: each alone
                for submission in pending:
                    self._write([submission])
            else:
                for submission in pending:
                    submission.future.set_exception(error)
            return
        self.batch_sizes.append(len(written))
        for submission, answer, report_id in written + answered:
            submission.future.set_result(answer)
            if report_id is not None:
                self.on_committed(report_id)

    def _work(self) -> None:
        later: list[Submission] = []
        while True:
            batch, claims = [], set()
            for submission in self._next_submissions(later):
                # A client's retry while its first attempt waits: written after it, so that it
                # finds the stored answer instead of failing the whole batch.
                if submission.claim is not None and submission.claim in claims:
                    later.append(submission)
                    continue
                claims.add(submission.claim)
                batch.append(submission)
            try:
                self._write(batch)
            except BaseException as error:       # never leave a request waiting for nothing
                log.exception("Groepsgewijs opslaan mislukt")
                for submission in batch:
                    if not submission.future.done():
                        submission.future.set_exception(error)

    def _next_submissions(self, later: list[Submission]) -> list[Submission]:
        """What was deferred, else the next queued submission, plus whatever queued meanwhile."""
        batch = later[:] if later else [self._queue.get()]
        later.clear()
        while len(batch) < MAX_BATCH:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch


def group_commit() -> GroupCommit:
    return current_app.extensions[EXTENSION]
