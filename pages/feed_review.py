"""Binnengekomen berichten: posts from neighbourhood apps and social media waiting for a decision."""

import dash
from dash import dcc, html

from auth.principal import HANDLING_ROLES
from components.feed_review import decision_form, queue_grid
from components.page_access import protected_layout

dash.register_page(__name__, path="/feed-beoordeling", name="Binnengekomen",
                   title="Binnengekomen berichten - HNM Dashboard", access=HANDLING_ROLES, nav_order=45)


@protected_layout(HANDLING_ROLES)
def layout(principal, **_):
    return html.Div([
        html.H1("Binnengekomen berichten"),
        html.P("Berichten uit buurtapps en openbare sociale media die de triage als melding herkent. "
               "Neem een bericht over als melding (de bron blijft erbij staan) of wijs het af. "
               "Ververst elke minuut." + (" U ziet de berichten uit uw wijken; berichten zonder "
                                          "locatie behandelt de meldkamer." if principal.limited_to_areas else ""),
               className="page-intro"),
        html.Div(id="feed-message", role="status", className="feed-message"),
        html.Div([
            html.Section(queue_grid(), className="feed-queue", **{"aria-label": "Wachtrij"}),
            decision_form([]),
        ], className="feed-layout"),
        dcc.Store(id="feed-version", data=0),
        dcc.Interval(id="feed-refresh", interval=60_000),
    ], className="page feed-page")
