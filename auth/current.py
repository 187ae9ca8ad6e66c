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
