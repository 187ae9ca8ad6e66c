"""What the API blueprints share: the client's API key, its rate limit and the public viewer."""

from __future__ import annotations

import time

from flask import current_app, request
from flask_limiter.util import get_remote_address

from auth.principal import Principal
from data_access.request_session import db_session
from services.api_keys import ClientKey, check_key
from services.areas import AreaIndex

# Public answers are scoped like a wall screen: shared reports only, never personal data.
PUBLIC_VIEWER = Principal(user_id=0, username="publiek", display_name="Publiek (API)",
                          organisation="publiek", organisation_id=0, roles=frozenset({"wall"}))


def sent_api_key() -> str | None:
    """The key as sent: X-API-Key header, or api_key in the query or a form body."""
    return (request.headers.get("X-API-Key") or request.args.get("api_key")
            or (request.form.get("api_key") if request.mimetype in (
                "application/x-www-form-urlencoded", "multipart/form-data") else None))


def client_key() -> ClientKey | None:
    return check_key(db_session(), sent_api_key())


def rate_key() -> str:
    """Limits count per API key when one is sent, per address otherwise."""
    key = sent_api_key()
    return f"key:{key[:40]}" if key else f"ip:{get_remote_address()}"


def write_limit() -> str:
    """Submissions per key (or address); HNM_API_WRITE_LIMIT in the settings."""
    return current_app.config["HNM_SETTINGS"].api_write_limit


def read_limit() -> str:
    return current_app.config["HNM_SETTINGS"].api_read_limit


AREA_INDEX_SECONDS = 60
_area_indexes: dict[str, tuple[float, AreaIndex]] = {}


def area_index() -> AreaIndex:
    """The served area's point-in-polygon index, rebuilt at most once a minute per store
    (a read-only cache per process: areas change only when a beheerder loads the CBS map)."""
    store = str(current_app.extensions["hnm_engine"].url)
    built_at, index = _area_indexes.get(store, (0.0, None))
    if index is None or time.monotonic() - built_at > AREA_INDEX_SECONDS:
        index = AreaIndex.from_session(db_session())
        _area_indexes[store] = (time.monotonic(), index)
    return index
