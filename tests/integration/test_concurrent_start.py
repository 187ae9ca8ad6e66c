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


def test_dash_is_set_up_before_the_first_request(store, tmp_path_factory):
    """Dash finishes its set-up in unguarded first-request hooks; two threads' first requests at
    once met it half done (a 500: 'dictionary changed size during iteration'). create_app runs
    them: a worker's first requests find it complete, and the callbacks answer."""
    from tests.conftest import RoleClient, make_app

    app = make_app(store, tmp_path_factory)
    assert all(app._got_first_request.values())
    client = RoleClient(app, None)
    barrier = threading.Barrier(4)
    statuses = []

    def first_request():
        barrier.wait()
        statuses.append(client.get("/_dash-layout").status_code)

    threads = [threading.Thread(target=first_request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * 4
