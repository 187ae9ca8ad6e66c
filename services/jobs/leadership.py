"""Which job runner runs the jobs: the one holding a lock that is given to one process at a time.

PostgreSQL: a session advisory lock on a connection the runner keeps open; when the process dies
or its connection breaks, the server lets go of the lock and a standby runner takes it within a
heartbeat. SQLite: an exclusive lock on a file beside the database (one host by nature), which
the operating system lets go of when the process dies.
"""

from __future__ import annotations

import fcntl
import logging

from sqlalchemy import Connection, Engine, text

JOB_RUNNER_LOCK_ID = 5180_42      # beside the migration (5180_40) and detection (5180_41) locks
log = logging.getLogger("hnm.jobs")


class Leadership:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._connection: Connection | None = None
        self._file = None

    @property
    def held(self) -> bool:
        return self._connection is not None or self._file is not None

    def try_acquire(self) -> bool:
        if self.held:
            return True
        if self.engine.dialect.name == "postgresql":
            connection = self.engine.connect()
            got = connection.scalar(text("SELECT pg_try_advisory_lock(:id)"), {"id": JOB_RUNNER_LOCK_ID})
            connection.commit()
            if got:
                self._connection = connection
            else:
                connection.close()
            return bool(got)
        database = self.engine.url.database
        handle = open(f"{database}.jobs.lock" if database and database != ":memory:" else "/dev/null", "w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def still_held(self) -> bool:
        """False once the lock's connection broke (the server let go of the lock)."""
        if self._connection is None:
            return self._file is not None
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
            return True
        except Exception:
            log.warning("Verbinding van de taakleider verbroken; de leiding is over")
            self._drop()
            return False

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": JOB_RUNNER_LOCK_ID})
                self._connection.commit()
            except Exception:
                log.warning("Taakleiding niet netjes losgelaten; de server doet het bij het sluiten")
        self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()      # never back into the pool with the lock on it
            self._connection.close()
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
