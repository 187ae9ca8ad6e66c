"""One server-side guard for every route and every Dash callback.

- Page routes: anonymous users go to the login page; a role that may not use a page gets 403.
- `/_dash-update-component`: the callback named in the body must carry an access mark set by
  `@guard(...)` *below* `@callback`; anonymous gets 401 JSON, a role without access 403 JSON, and
  a callback without a mark is refused (fail closed). The X-CSRFToken header must match the session.
- Nothing here trusts a role, organisation or id from the request: access comes from the session's
  user, loaded from the store on every request.
"""

from __future__ import annotations

import re
import secrets
from functools import wraps

import dash
from dash import _callback
from dash.exceptions import PreventUpdate
from flask import Flask, abort, current_app, jsonify, redirect, request, session, url_for

from auth.current import current_principal
from auth.principal import Principal

PUBLIC = "public"
LOGGED_IN = "logged-in"
CSRF_COOKIE = "_csrf_token"      # the name Dash's renderer reads and echoes as X-CSRFToken
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico", "/_reload-hash",
                   "/_dash-layout", "/_dash-dependencies", "/static/")
OPEN_PATHS = ("/login", "/login/code", "/logout", "/health", "/ready", "/metrics")   # /metrics checks its callers itself
# Routes under these prefixes authenticate their clients themselves (API keys, tokens, or the
# session with a JSON 401/403 instead of a redirect to the login page).
SELF_GUARDED_PREFIXES = ("/open311/", "/api/", "/live/")
PAGES_ROUTER_OUTPUT = "_pages_content.children"
CALLBACK_MAX_BYTES = 8 * 1024 * 1024


def guard(*roles: str, public: bool = False):
    """Mark a callback's access; put it directly BELOW @callback so Dash registers the check."""
    access = PUBLIC if public else (frozenset(roles) if roles else LOGGED_IN)

    def decorate(func):
        @wraps(func)
        def checked(*args, **kwargs):
            if not is_allowed(access, current_principal()):
                raise PreventUpdate
            return func(*args, **kwargs)

        checked.hnm_access = access
        return checked

    return decorate


def is_allowed(access, principal: Principal | None) -> bool:
    if access == PUBLIC:
        return True
    if principal is None:
        return False
    return access == LOGGED_IN or principal.has_any(access)


def page_access(path: str):
    """The access mark of the registered Dash page that serves `path` (None: no such page)."""
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        pattern = "^" + re.sub(r"<[^>]+>", "[^/]+", re.escape(template)) + "/?$"
        if re.match(pattern, path):
            return page.get("access", LOGGED_IN)
    return None


def csrf_token() -> str:
    if "csrf_token" not in session:
        session["csrf_token"] = secrets.token_urlsafe(32)
    return session["csrf_token"]


def csrf_ok(sent: str | None) -> bool:
    expected = session.get("csrf_token")
    return bool(expected and sent and secrets.compare_digest(expected, sent))


def _callback_entry(output: str) -> dict | None:
    app = current_app.extensions["hnm_dash"]
    return app.callback_map.get(output) or _callback.GLOBAL_CALLBACK_MAP.get(output)


def _check_callback():
    # Callbacks may carry a resident's photo (5 MB, about 6.7 MB as a data URL); every other
    # request keeps the app's 2 MB limit.
    request.max_content_length = CALLBACK_MAX_BYTES
    if not csrf_ok(request.headers.get("X-CSRFToken")):
        return jsonify(error="csrf", message="Sessie verlopen; laad de pagina opnieuw."), 403
    body = request.get_json(silent=True) or {}
    output = str(body.get("output", ""))
    entry = _callback_entry(output)
    if entry is None:
        return jsonify(error="forbidden", message="Onbekende of onbeveiligde actie."), 403
    if PAGES_ROUTER_OUTPUT in output:
        return None     # renders a page layout; every layout checks its own access
    # clientside entries have no server function: nothing to run, so nothing to allow
    access = getattr(entry.get("callback"), "hnm_access", None)
    if access is None:
        return jsonify(error="forbidden", message="Onbekende of onbeveiligde actie."), 403
    return access_denied(access, current_principal())


def access_denied(access, principal: Principal | None):
    """The JSON 401/403 answer for a request that may not use `access`, or None when it may
    (callbacks here; JSON routes that check the session themselves call it too)."""
    if access != PUBLIC and principal is None:
        return jsonify(error="unauthenticated", message="Log opnieuw in."), 401
    if not is_allowed(access, principal):
        return jsonify(error="forbidden", message="U hebt geen toegang tot deze gegevens."), 403
    return None


def install_guard(server: Flask, secure_cookies: bool) -> None:
    @server.before_request
    def _guard():
        path = request.path
        if path == "/_dash-update-component":
            return _check_callback() if request.method == "POST" else abort(405)
        if path.startswith(STATIC_PREFIXES) or path in OPEN_PATHS \
                or path.startswith(SELF_GUARDED_PREFIXES):
            return None
        access = page_access(path)
        if access == PUBLIC:
            return None
        principal = current_principal()
        if principal is None:
            return redirect(url_for("auth.login", next=path))
        if access is not None and not is_allowed(access, principal):
            abort(403)
        return None

    @server.after_request
    def _csrf_cookie(response):
        # Only pages need the token (Dash echoes it); the APIs' clients send keys, not cookies, and
        # at intake rates a session and two cookies per answer cost more than the answer itself.
        if request.path.startswith(("/assets/", "/_dash-component-suites/", "/open311/", "/api/", "/health",
                                    "/ready", "/metrics")):
            return response
        token = csrf_token()
        if request.cookies.get(CSRF_COOKIE) != token:
            # Readable by the page's script (not HttpOnly) so Dash can echo it in X-CSRFToken.
            response.set_cookie(CSRF_COOKIE, token, samesite="Lax", secure=secure_cookies,
                                httponly=False)
        return response
