"""One database session per request, opened on first use and closed when the request ends.

Query functions never commit; the edge (a callback, route or command) commits what it changed.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

EXTENSION = "hnm_sessions"


def init_app(server: Flask, factory: sessionmaker[Session]) -> None:
    server.extensions[EXTENSION] = factory

    @server.teardown_appcontext
    def _close(exc) -> None:
        session = g.pop("hnm_session", None)
        if session is not None:
            if exc is not None:
                session.rollback()
            session.close()


def db_session() -> Session:
    if "hnm_session" not in g:
        g.hnm_session = current_app.extensions[EXTENSION]()
    return g.hnm_session
