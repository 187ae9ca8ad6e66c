"""Several workers starting at once on a fresh store: one migrates, the others wait (no crash)."""

import threading

import pytest

from data_access.db import make_engine, upgrade_schema
from tests.conftest import _pg_database


def start_together(url: str, workers: int = 4) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(workers)

    def worker():
        engine = make_engine(url)
        try:
            barrier.wait()
            upgrade_schema(engine)
        except BaseException as exc:    # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_simultaneous_migrations_do_not_collide(request, tmp_path, backend):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}" if backend == "sqlite" else _pg_database(request)
    assert start_together(url) == []
    engine = make_engine(url)
    from sqlalchemy import inspect
    assert "reports" in inspect(engine).get_table_names()
    engine.dispose()
