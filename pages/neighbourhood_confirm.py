"""Bevestigen: a new follower confirms the e-mail address with the link from the mail (no login).

A button, not the link itself, confirms: mail scanners that open every link must not subscribe anyone."""

import dash
from dash import dcc, html

from auth.guard import PUBLIC
from components.page_access import protected_layout

dash.register_page(__name__, path_template="/buurt/<code>/bevestigen/<token>", name="Bevestigen",
                   title="Buurtberichten bevestigen - HNM", access=PUBLIC, order=-1)   # before /buurt/<code>


@protected_layout(PUBLIC)
def layout(principal=None, token: str = "", **_):
    return html.Main([
        html.H1("Buurtberichten bevestigen"),
        html.Div([html.P("Wilt u een e-mail krijgen als politie of gemeente een buurtbericht plaatst? "
                         "Klik dan op bevestigen."),
                  html.Button("Bevestigen", id="confirm-follow-submit", n_clicks=0, className="primary"),
                  html.P(id="confirm-follow-status", role="status")], className="resident-card"),
        dcc.Store(id="confirm-follow-token", data=token),
    ], className="page resident-page")
