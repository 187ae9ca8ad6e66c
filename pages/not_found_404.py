"""Pagina niet gevonden."""

import dash
from dash import html

from auth.guard import PUBLIC

dash.register_page(__name__, path="/404", name="Niet gevonden", access=PUBLIC)


def layout(**_):
    return html.Div([html.H1("Pagina niet gevonden"),
                     html.P("Deze pagina bestaat niet (meer)."),
                     html.A("Naar het overzicht", href="/")], className="page")
