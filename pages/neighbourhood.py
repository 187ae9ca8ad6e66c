"""Uw buurt: what was reported and done in a buurt or wijk, and the current buurtberichten (no login)."""

import dash
from dash import dcc, html
from flask import current_app

from auth.guard import PUBLIC
from components.page_access import protected_layout
from components.resident import coarse_map

dash.register_page(__name__, path_template="/buurt/<code>", name="Uw buurt", title="Uw buurt - HNM",
                   access=PUBLIC)
WEEKS = [{"label": f"Laatste {n} weken", "value": n} for n in (2, 4, 8)]


@protected_layout(PUBLIC)
def layout(principal=None, code: str = "", **_):
    settings = current_app.config["HNM_SETTINGS"]
    return html.Main([
        html.H1("Uw buurt", id="buurt-title"),
        html.Fieldset([html.Legend("Periode"), dcc.RadioItems(id="buurt-weeks", options=WEEKS, value=4,
                                                              inline=True)], className="choices"),
        html.Section([html.H2("Buurtberichten"), html.Div(id="buurt-messages")], className="resident-card"),
        html.Section([html.H2("Wat werd er gemeld?"), html.Div(id="buurt-reported")], className="resident-card"),
        html.Section([html.H2("U meldde, wij deden"), html.Div(id="buurt-done")], className="resident-card"),
        html.Section([html.H2("Waar?"),
                      html.P("Elk vlak is ongeveer 200 bij 200 meter. Zo is geen huis te herkennen."),
                      coarse_map("buurt-map", settings.tile_url, settings.tile_attribution)],
                     className="resident-card"),
        dcc.Store(id="buurt-code", data=code),
    ], className="page resident-page buurt-page")
