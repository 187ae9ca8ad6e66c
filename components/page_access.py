"""Page layouts check their own access on the server (the pages router runs for everyone)."""

from __future__ import annotations

from functools import wraps

from dash import html

from auth.current import current_principal
from auth.guard import PUBLIC, is_allowed


def no_access(message: str = "U hebt geen toegang tot deze pagina.") -> html.Div:
    return html.Div([html.H1("Geen toegang"), html.P(message),
                     html.A("Naar het overzicht", href="/")], className="page no-access")


def protected_layout(access):
    """Wrap a page's layout(**kwargs): render it only for a principal that `access` allows."""
    def decorate(layout):
        @wraps(layout)
        def checked(**kwargs):
            principal = current_principal()
            if access != PUBLIC and principal is None:
                return no_access("Log in om deze pagina te zien.")
            if not is_allowed(access, principal):
                return no_access()
            kwargs.pop("principal", None)    # a query parameter may not pose as the principal
            return layout(principal=principal, **kwargs)
        return checked
    return decorate
