"""Uw buurt: what was reported and done in a buurt or wijk, and the current buurtberichten (no login)."""

import dash
from dash import dcc, html
from flask import current_app

from auth.guard import PUBLIC
from components.page_access import protected_layout
from components.resident import cells_legend, coarse_map, field
from data_access.neighbourhood_queries import find_area
from data_access.request_session import db_session
from services.region_context import current_region
from services.neighbourhood import count_view

dash.register_page(__name__, path_template="/buurt/<code>", name="Uw buurt", title="Uw buurt - HNM",
                   access=PUBLIC)
WEEKS = [{"label": f"Laatste {n} weken", "value": n} for n in (2, 4, 8)]


@protected_layout(PUBLIC)
def layout(principal=None, code: str = "", **_):
    settings, region = current_app.config["HNM_SETTINGS"], current_region()
    session = db_session()
    if find_area(session, code or "") is None:
        return html.Main([
            html.H1("Buurt niet gevonden", id="buurt-title"),
            html.P("Deze buurt of wijk kennen we niet. Kijk of de link klopt, of open de link uit uw e-mail "
                   "of brief opnieuw.", id="buurt-not-found"),
            html.P(html.A("Iets melden", href="/melden", className="button-link")),
        ], className="page resident-page buurt-page")
    count_view(session, code)
    session.commit()
    return html.Main([
        html.H1("Uw buurt", id="buurt-title"),
        html.Fieldset([html.Legend("Periode"), dcc.RadioItems(id="buurt-weeks", options=WEEKS, value=4,
                                                              inline=True)], className="choices"),
        html.Section([html.H2("Buurtberichten"), html.Div(id="buurt-messages")], className="resident-card"),
        # the figures first; on a phone the open problems and the follow form come after them
        html.Section([html.H2("Wat werd er gemeld?"), html.Div(id="buurt-reported")], className="resident-card"),
        html.Section([html.H2("U meldde, wij deden"), html.Div(id="buurt-done")], className="resident-card"),
        html.Section([html.H2("Waar?"),
                      html.P("Elk vlak is ongeveer 200 bij 200 meter. Zo is geen huis te herkennen. Hoe donkerder "
                             "het vlak, hoe meer meldingen."),
                      coarse_map("buurt-map", settings.tile_url, settings.tile_attribution, region.center, region.zoom),
                      cells_legend()],
                     className="resident-card"),
        html.Section([html.H2("Ziet u dit ook?"),
                      html.P("Ziet u een van deze problemen ook? Laat het weten, dan hoeft u geen nieuwe "
                             "melding te maken."),
                      html.Div(id="buurt-problems"), html.P(id="buurt-seen-status", role="status")],
                     className="resident-card"),
        html.Section([html.H2("Volg deze buurt"),
                      html.P("Krijg een e-mail als politie of gemeente een buurtbericht plaatst. "
                             "U kunt zich altijd weer afmelden."),
                      field("Uw e-mailadres", dcc.Input(id="buurt-follow-email", type="email", autoComplete="email")),
                      html.Button("Volg deze buurt", id="buurt-follow", n_clicks=0, className="primary"),
                      html.P(id="buurt-follow-status", role="status")], className="resident-card"),
        dcc.Store(id="buurt-code", data=code),
    ], className="page resident-page buurt-page")
