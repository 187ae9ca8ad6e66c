"""Group commit: the API's intake requests of one process share their transactions.

When every request commits alone, most of a report's cost is per transaction: a round trip per
statement and the database's work per commit (on PostgreSQL about as much CPU as the request
itself). Here the request threads check and triage their submission themselves and hand it to one
writer thread per process. The writer takes whatever has queued up (it never waits for more: a
lone request is written at once), looks up the batch's idempotency keys with one SELECT and its
categories with another (the writer is the serial step, and it waits on every round trip), writes
the reports, their events, contacts and the requests' own rows with one Core executemany per
table (no ORM unit of work), commits once and then wakes every waiting request. Under load,
batches grow to the number of requests waiting while the previous batch was written.

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
from sqlalchemy import bindparam, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, sessionmaker

from data_access.db import transaction
from data_access.models import IntakeRequest
from services.intake import PreparedReport, load_sub_categories, store_reports
from services.metrics import BATCH_SIZE
from services.process_thread import ProcessThread

log = logging.getLogger("hnm.group_commit")
EXTENSION = "hnm_group_commit"
MAX_BATCH = 200
ANSWER_TIMEOUT_SECONDS = 60


INTAKE_REQUESTS = IntakeRequest.__table__
Claim = tuple[int, str]               # (api key id, Idempotency-Key)
Finished = tuple[Any, dict | None]    # the answer, and the request's intake_requests row (or None)


def intake_request(api_key_id: int, kind: str, key: str, report_id: int, body_hash: str = "",
                   response: str = "") -> dict:
    """An intake_requests row (idempotency key or token) for `finish` to return; every row has
    the same columns, so that a batch's rows go in with one executemany."""
    return {"api_key_id": api_key_id, "kind": kind, "key": key, "body_hash": body_hash,
            "report_id": report_id, "status_code": 201, "response": response}


_t = INTAKE_REQUESTS.c
STORED_ANSWERS = select(_t.api_key_id, _t.key, _t.body_hash, _t.status_code, _t.response).where(
    _t.kind == "idempotency", _t.api_key_id.in_(bindparam("api_key_ids", expanding=True)),
    _t.key.in_(bindparam("keys", expanding=True)))


def stored_answers(session: Session, claims: list[Claim]) -> dict[Claim, Row]:
    """The stored answers (body_hash, status_code, response) to these idempotency claims, with one
    SELECT (the same statement for any batch: its compiled form is cached)."""
    if not claims:
        return {}
    wanted = set(claims)
    rows = session.connection().execute(STORED_ANSWERS, {
        "api_key_ids": sorted({api_key_id for api_key_id, _ in wanted}), "keys": [key for _, key in wanted]})
    # Keys of one API key could be another's too: only the claims themselves count.
    return {claim: row for row in rows if (claim := (row.api_key_id, row.key)) in wanted}


@dataclass
class Submission:
    """One request's report. `prepare` checks it (prepare_report) or raises to refuse it; `finish`
    runs after the reports' INSERT, in the same transaction, and returns the answer (plain values
    only) with the request's own row (idempotency key, token). With `replay`, `claim` is an
    idempotency claim: when the store already holds an answer to it, `replay(stored row)` answers
    (or raises) instead of `prepare`."""
    prepare: Callable[[Session], PreparedReport]
    finish: Callable[[PreparedReport], Finished]
    claim: Hashable | None = None     # e.g. an idempotency key: two with one claim never share a batch
    replay: Callable[[Row], Any] | None = None
    category_slug: str | None = None  # given or proposed: read with the batch's others before `prepare`
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

    def submit(self, prepare: Callable[[Session], PreparedReport], finish: Callable[[PreparedReport], Finished],
               claim: Hashable | None = None, replay: Callable[[Row], Any] | None = None,
               category_slug: str | None = None) -> Any:
        """Store one report with others waiting at the same time; returns `finish`'s (or
        `replay`'s) answer or raises what refused it."""
        submission = Submission(prepare, finish, claim, replay, category_slug)
        if self.background:
            self._queue.put(submission)
            self._worker.ensure()
        else:                                     # test mode: written in the caller's thread
            self._write([submission])
        return submission.future.result(timeout=ANSWER_TIMEOUT_SECONDS)

    def _write(self, batch: list[Submission]) -> None:
        written: list[tuple[Submission, Any, int]] = []      # (submission, answer, new report id)
        replayed: list[tuple[Submission, Any]] = []           # answered from the store
        try:
            with transaction(self.sessions) as session:
                stored = stored_answers(session, [s.claim for s in batch if s.replay is not None])
                load_sub_categories(session, [s.category_slug for s in batch])
                staged = []
                for submission in batch:
                    row = stored.get(submission.claim) if submission.replay is not None else None
                    try:
                        if row is not None:               # a retry
                            replayed.append((submission, submission.replay(row)))
                        else:
                            staged.append((submission, submission.prepare(session)))
                    except Exception as error:            # refused: answered alone, adds nothing
                        submission.future.set_exception(error)
                store_reports(session, [item for _, item in staged])
                finished = [submission.finish(item) for submission, item in staged]
                # In key order, so that two processes' batches never wait for each other crosswise.
                requests = sorted((request for _, request in finished if request is not None),
                                  key=lambda row: (row["api_key_id"], row["kind"], row["key"]))
                if requests:
                    session.connection().execute(INTAKE_REQUESTS.insert(), requests)
                written = [(submission, answer, item.id)
                           for (submission, item), (answer, _) in zip(staged, finished)]
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
        BATCH_SIZE.observe(len(written))
        for submission, answer in replayed:
            submission.future.set_result(answer)
        for submission, answer, report_id in written:
            submission.future.set_result(answer)
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
