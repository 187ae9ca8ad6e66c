"""The Principal of the current request, built from the logged-in user on the server."""

from __future__ import annotations

from flask import g
from flask_login import current_user

from auth.principal import Principal
from auth.users import principal_for


def current_principal() -> Principal | None:
    if not current_user or not current_user.is_authenticated:
        return None
    if "hnm_principal" not in g:
        g.hnm_principal = principal_for(current_user.user)
    return g.hnm_principal


def request_page() -> str:
    """Where a request came from, for the audit log: the page a Dash callback was sent from (its
    Referer, as the browser reports it), else the route itself. Informative only, never access."""
    from urllib.parse import urlsplit

    from flask import request

    if request.path == "/_dash-update-component" and request.referrer:
        return (urlsplit(request.referrer).path or "/")[:120]
    return request.path[:120]
