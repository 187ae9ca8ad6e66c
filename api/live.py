"""/live/nieuw: the live map's idle poll ("anything newer than what I have?") outside Dash.

The page asks this every few seconds from a clientside callback and only calls the map's Dash
callback when the answer is yes (200) or unknown (an error), so an idle poll is one small GET:
session, user, one indexed EXISTS query, and an empty 204. Scope comes from the session's user,
never from the request.
"""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from auth.current import current_principal
from auth.guard import access_denied
from auth.principal import LIVE_ROLES
from data_access.map_queries import changed_since
from data_access.request_session import db_session

blueprint = Blueprint("live", __name__)
NO_STORE = {"Cache-Control": "no-store"}


@blueprint.get("/live/nieuw")
def anything_newer():
    principal = current_principal()
    denied = access_denied(LIVE_ROLES, principal)
    if denied:
        return denied
    since = request.args.get("na") or None
    try:
        cursor = datetime.fromisoformat(since) if since else None
    except ValueError:
        return jsonify(error="bad-request", message="Ongeldige tijd in 'na'."), 400
    if cursor is not None and cursor.tzinfo is None:
        cursor = cursor.replace(tzinfo=timezone.utc)       # a time without zone is UTC
    try:
        newer = changed_since(db_session(), principal, cursor)
    except SQLAlchemyError:
        db_session().rollback()
        return jsonify(error="unavailable", message="Gegevens tijdelijk niet beschikbaar."), 503
    return ("", 200, NO_STORE) if newer else ("", 204, NO_STORE)
