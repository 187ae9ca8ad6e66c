"""Overzicht: the landing page after login, with the role's headline counts (refreshing)."""

import dash
from dash import dcc, html

from auth.guard import LOGGED_IN
from components.home import headline_tiles
from components.page_access import protected_layout
from data_access.models import utcnow
from data_access.overview import headline_counts
from data_access.request_session import db_session

dash.register_page(__name__, path="/", name="Overzicht", title="Overzicht - HNM Dashboard",
                   access=LOGGED_IN, nav_order=0)


@protected_layout(LOGGED_IN)
def layout(principal, **_):
    if not principal.reads_reports:
        if principal.has_any({"privacy"}):
            return html.Div([html.H1("Overzicht"),
                             html.P("Als privacyfunctionaris beantwoordt u verzoeken van bewoners; meldingen "
                                    "ziet u alleen als een bewoner ernaar vraagt."),
                             html.A("Naar verzoeken van bewoners", href="/privacy")], className="page")
        return html.Div([html.H1("Overzicht"),
                         html.P("Als beheerder beheert u gebruikers en instellingen; meldingen "
                                "zijn niet voor deze rol."),
                         html.A("Naar beheer", href="/beheer")], className="page")
    counts = headline_counts(db_session(), principal, utcnow())
    return html.Div([
        html.H1("Overzicht"),
        html.P("Meldingen die u mag zien, nu. Ververst elke 30 seconden.", className="page-intro"),
        html.Div(headline_tiles(counts), id="home-tiles", className="kpi-row"),
        dcc.Interval(id="home-refresh", interval=30_000),
    ], className="page")
