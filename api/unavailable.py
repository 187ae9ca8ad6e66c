"""Fail closed, and say so, while the database is away (issue 16).

A PostgreSQL restart, a failover or a SQLite write lock that outlasts the busy timeout is not a
fault of the request: it is answered 503 with Retry-After, in the form the caller reads (the
Open311 error list, the JSON API's error body, a JSON body for Dash callbacks that
assets/unavailable.js shows as a notice, a Dutch page otherwise), and logged as a warning without
a traceback. Nothing needs restarting afterwards: the engine's pool_pre_ping replaces connections
that died with the server before handing them out again (data_access/db.py).
"""

from __future__ import annotations

import sqlite3

from flask import Response, current_app, jsonify, request
from sqlalchemy import exc

RETRY_AFTER_SECONDS = 5
TITLE = "Even niet bereikbaar"
NOTICE = "De database is even niet bereikbaar, probeer het over enkele seconden opnieuw."
# SQLite reports a busy or missing file as OperationalError, and a bad statement too ("no such
# table", "syntax error"): only these mean "try again".
SQLITE_TRANSIENT = ("locked", "busy", "unable to open", "disk i/o")


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database could not be reached or used for now."""
    if isinstance(error, (exc.TimeoutError, exc.DisconnectionError)):    # pool exhausted, connection lost
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        return False
    if isinstance(error.orig, sqlite3.Error):
        return any(word in str(error.orig).lower() for word in SQLITE_TRANSIENT)
    return True        # PostgreSQL: connection refused or closed, server shutting down or starting


def answer(wants_json: bool) -> Response:
    """The 503 for this request: Open311's error list on /open311/, the JSON API's error body to
    the API and to Dash callbacks, else the Dutch error page (rendered without the template
    context processors: flask-login's would ask the database for the user again)."""
    if request.path.startswith("/open311/"):
        from api.open311_format import Open311Error, render_error

        response = render_error((request.view_args or {}).get("fmt", "json"), Open311Error(503, NOTICE))
    elif wants_json:
        response = jsonify(error="database_unavailable", message=NOTICE)
    else:
        page = current_app.jinja_env.get_template("error.html").render(title=TITLE, message=NOTICE)
        response = Response(page, mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
