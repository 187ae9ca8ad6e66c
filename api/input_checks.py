"""Refuse unreadable input before any route or callback sees it, with a Dutch 400 in the format
the caller speaks (Open311 error list, the JSON API's error object, JSON for callbacks, an HTML page).

Refused: a NUL character or a lone surrogate anywhere (path, query, form, JSON keys and strings),
a number in JSON that is not finite (1e400 reads as infinity), JSON nested deeper than MAX_DEPTH
(the parser's recursion ended in a 500), and a pages-router request without a text pathname.
Limits of single fields (length per column) are checked where the fields are read.
"""

from __future__ import annotations

import math

from flask import Flask, jsonify, render_template, request

from api.open311_format import Open311Error, render_error
from auth.guard import CALLBACK_MAX_BYTES, PAGES_ROUTER_OUTPUT
from services.text_checks import UNSTORABLE_MESSAGE, storable

MAX_DEPTH = 64
UNREADABLE = "Het verzoek kon niet worden gelezen: de JSON is te diep genest."
NOT_FINITE = "Een getal in het verzoek is te groot of geen getal."
BAD_PATHNAME = "Onbekend paginaadres."


def _json_problem(value) -> str | None:
    """The Dutch reason this JSON value is refused, or None; walks without recursion."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return UNREADABLE
        if isinstance(item, str):
            if not storable(item):
                return UNSTORABLE_MESSAGE
        elif isinstance(item, float):
            if not math.isfinite(item):
                return NOT_FINITE
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and not storable(key):
                    return UNSTORABLE_MESSAGE
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return None


def _router_problem(body) -> str | None:
    if not isinstance(body, dict) or PAGES_ROUTER_OUTPUT not in str(body.get("output", "")):
        return None
    for item in body.get("inputs") or []:
        if isinstance(item, dict) and item.get("property") == "pathname" and not isinstance(item.get("value"), str):
            return BAD_PATHNAME
    return None


def request_problem() -> str | None:
    """Why the current request is refused, or None."""
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts += [*request.form.keys(), *request.form.values()]
    if not all(storable(text) for text in texts):
        return UNSTORABLE_MESSAGE
    if request.mimetype == "application/json" and request.content_length != 0:
        if request.path == "/_dash-update-component":
            request.max_content_length = CALLBACK_MAX_BYTES      # as the guard allows (a photo)
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            return UNREADABLE
        return _json_problem(body) or _router_problem(body)
    return None


def refusal(message: str):
    """The 400 answer in the caller's own format."""
    path = request.path
    if path.startswith("/open311/"):
        fmt = "xml" if path.endswith(".xml") else "json"
        return render_error(fmt, Open311Error(400, message))
    if path.startswith(("/api/", "/_dash")) or request.is_json:
        return jsonify(error="invoer", message=message), 400
    return render_template("error.html", title="Dit verzoek kunnen we niet lezen", message=message), 400


def install_input_checks(server: Flask) -> None:
    """Before the access guard, which reads a callback's body itself."""
    @server.before_request
    def _check_input():
        problem = request_problem()
        return refusal(problem) if problem else None
