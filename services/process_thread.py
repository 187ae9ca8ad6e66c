"""A background thread per process, started on first use."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable


class ProcessThread:
    """Runs `target` in one daemon thread per process. A forked worker inherits the owning object
    but not its thread, so `ensure` starts one in every process that needs it."""

    def __init__(self, target: Callable[[], None], name: str):
        self.target, self.name = target, name
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    def ensure(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self.target, name=self.name, daemon=True)
                self._thread.start()
