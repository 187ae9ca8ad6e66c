"""The app shell: header with the role's navigation, the synthetic-data notice, page container."""

from __future__ import annotations

import dash
from dash import dcc, html

from auth.current import current_principal
from auth.guard import PUBLIC, is_allowed
from auth.principal import MAP_ROLES, ROLE_LABELS
from components.search import search_box


def nav_pages(principal) -> list[dict]:
    """Registered pages that show in the navigation and that this principal may use."""
    pages = [p for p in dash.page_registry.values() if p.get("nav_order") is not None]
    return sorted((p for p in pages if is_allowed(p.get("access"), principal)),
                  key=lambda p: p["nav_order"])


def shell_layout(demo: bool):
    def layout():
        principal = current_principal()
        if principal is None:      # residents: their own header, no way into the staff pages
            header = [html.A([html.Span("HNM", className="brand-mark"), " Het Nieuwe Melden"],
                             href="/melden", className="brand", id="resident-brand"),
                      html.Nav([html.A("Iets melden", href="/melden", className="nav-link")],
                               className="nav resident-nav", **{"aria-label": "Navigatie voor bewoners"})]
        else:
            header = [html.A([html.Span("HNM", className="brand-mark"), " Dashboard"],
                             href="/", className="brand")]
        if principal is not None:
            header.append(html.Nav(
                [dcc.Link(p["name"], href=p["path"], className="nav-link", id=f"nav-{p['module'].split('.')[-1]}")
                 for p in nav_pages(principal) if p.get("access") != PUBLIC],
                className="nav", **{"aria-label": "Hoofdnavigatie"}))
            if is_allowed(MAP_ROLES, principal):
                header.append(search_box())
            header.append(html.Div([
                html.Span(principal.display_name, className="user-name"),
                html.Span(f"{principal.organisation.capitalize()} · "
                          + ", ".join(ROLE_LABELS[r] for r in sorted(principal.roles)),
                          className="user-role"),
                html.A("Uitloggen", href="/logout", className="logout", id="logout-link"),
            ], className="user-box"))
        notice = html.Div("Demo: alle meldingen, namen en berichten zijn synthetisch (verzonnen).",
                          className="synthetic-notice", role="note") if demo else None
        return html.Div([
            html.Header(header, className="app-header"),
            notice,
            html.Main(dash.page_container, className="app-main", role="main"),
        ], className="app-shell")

    return layout
