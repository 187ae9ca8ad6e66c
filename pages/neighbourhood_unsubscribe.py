"""Afmelden: a follower stops the buurtberichten by e-mail with the secret link (no login)."""

import dash
from dash import dcc, html

from auth.guard import PUBLIC
from components.page_access import protected_layout

dash.register_page(__name__, path_template="/buurt/<code>/afmelden/<token>", name="Afmelden",
                   title="Afmelden - HNM", access=PUBLIC, order=-2)
# order: Dash matches path templates with fnmatch in registry order, and "/buurt/<code>" matches
# "/buurt/X/afmelden/Y" too; pages with an order come first.


@protected_layout(PUBLIC)
def layout(principal=None, token: str = "", **_):
    return html.Main([
        html.H1("Afmelden voor buurtberichten"),
        html.Div([html.P("Wilt u geen e-mail meer krijgen over deze buurt? Klik op afmelden. "
                         "We wissen dan uw e-mailadres."),
                  html.Button("Afmelden", id="unfollow-submit", n_clicks=0, className="primary"),
                  html.P(id="unfollow-status", role="status")], className="resident-card"),
        dcc.Store(id="unfollow-token", data=token),
    ], className="page resident-page")
