"""Every registered server callback carries an access mark, and an anonymous POST to each one
that is not public is answered 401 — so no callback can be added without the guard."""

import pytest

from auth.guard import PAGES_ROUTER_OUTPUT, PUBLIC


def registered_callbacks(app):
    app.server.test_client().get("/login")   # Dash finishes its setup on the first request
    return {output: entry["callback"] for output, entry in app.callback_map.items()
            if PAGES_ROUTER_OUTPUT not in output and "callback" in entry}   # not clientside


def test_every_callback_has_an_access_mark(web):
    app, _, _ = web
    callbacks = registered_callbacks(app)
    assert len(callbacks) >= 10
    unmarked = [output for output, func in callbacks.items() if getattr(func, "hnm_access", None) is None]
    assert unmarked == []


def test_every_non_public_callback_refuses_anonymous_requests(web):
    app, _, clients = web
    anonymous = clients[None]
    for output, func in registered_callbacks(app).items():
        if func.hnm_access == PUBLIC:
            continue
        response = anonymous.callback(output, [{"id": "x", "property": "y", "value": None}])
        assert response.status_code == 401, output
