"""Melden: the residents' chat intake (no login), phone first."""

import dash
from dash import dcc, html
from flask import current_app

from auth.guard import PUBLIC
from components.page_access import protected_layout
from components.resident import bubble, field, photo_upload, pin_map, safety_question
from services.chat_intake import DESCRIPTION_MAX, FOLLOW_UP_MAX, SAFETY_QUESTION
from data_access.request_session import db_session
from services.region_context import current_region
from services.neighbourhood import open_oproep

dash.register_page(__name__, path="/melden", name="Melden", title="Melding maken - HNM", access=PUBLIC)

WHEN = [{"label": "Nu", "value": "nu"}, {"label": "Eerder vandaag", "value": "vandaag"},
        {"label": "Eerder", "value": "eerder"}]
ONGOING = [{"label": "Ja", "value": "ja"}, {"label": "Nee", "value": "nee"}, {"label": "Weet ik niet", "value": "onbekend"}]
SESSION = {"persistence": True, "persistence_type": "session"}


@protected_layout(PUBLIC)
def layout(principal=None, oproep: str = "", **_):
    settings, region = current_app.config["HNM_SETTINGS"], current_region()
    call = open_oproep(db_session(), int(oproep)) if str(oproep).isdigit() else None
    return html.Main([
        html.H1("Reageren op een oproep" if call else "Melding maken"),
        html.P(["U reageert op de oproep: ", html.Strong(call.title)], id="intake-oproep-title",
               className="intake-notice") if call else None,
        html.P("Spoed of levensgevaar? Bel altijd 112. Geen spoed, wel politie: bel 0900-8844.",
               className="intake-notice"),
        html.P(html.A("Hoe wij uw melding behandelen", href="/hoe-wij-werken", id="intake-how-link"),
               className="intake-how"),
        html.Div(id="intake-stop", **{"aria-live": "assertive"}),
        html.Div([
            bubble("Wat is er gebeurd? Beschrijf het in uw eigen woorden."),
            field("Uw beschrijving", dcc.Textarea(id="intake-text", maxLength=DESCRIPTION_MAX, rows=4, **SESSION),
                  f"Maximaal {DESCRIPTION_MAX:,} tekens.".replace(",", ".")),
            html.P(id="intake-text-error", role="alert", className="field-error"),
            html.Div(bubble(safety_question(SAFETY_QUESTION)), id="intake-safety-box", hidden=True,
                     role="alert"),
            html.Div([
                bubble(html.Div(id="intake-proposal")),
                html.Fieldset([html.Legend("Onderwerp"),
                               dcc.RadioItems(id="intake-category", options=[], **SESSION)],
                              className="choices"),
                html.Div([bubble(html.P(id="intake-followup-question")),
                          field("Uw antwoord", dcc.Textarea(id="intake-followup", maxLength=FOLLOW_UP_MAX, rows=2,
                                                            **SESSION))],
                         id="intake-followup-box", hidden=True),
            ], id="intake-proposal-box", hidden=True, **{"aria-live": "polite"}),
            # without a street list in the region file an address cannot be placed: only the map
            bubble("Waar is het? Typ de straat, tik op de kaart of gebruik uw locatie." if region.streets else
                   "Waar is het? Tik op de kaart of gebruik uw locatie.", id="intake-where"),
            html.Div([field("Straat", dcc.Input(id="intake-street", type="text", autoComplete="street-address",
                                                **SESSION)),
                      html.Button("Zoek", id="intake-street-search", n_clicks=0, className="secondary")],
                     className="street-row", hidden=not region.streets),
            html.Button("Gebruik mijn locatie", id="intake-geolocate", n_clicks=0, className="secondary"),
            html.Div(id="intake-geolocation-box"),
            pin_map(settings.tile_url, settings.tile_attribution, region.center, region.zoom),
            html.P(id="intake-location-text", role="status", className="location-text"),
            bubble("Hebt u een foto? Dat mag, maar het hoeft niet."),
            photo_upload("intake-photo"),
            bubble("Wanneer gebeurde het?"),
            html.Fieldset([html.Legend("Wanneer"), dcc.RadioItems(id="intake-when", options=WHEN, **SESSION)],
                          className="choices"),
            bubble("Is het nu nog aan de gang?"),
            html.Fieldset([html.Legend("Nog aan de gang"),
                           dcc.RadioItems(id="intake-ongoing", options=ONGOING, **SESSION)],
                          className="choices"),
            bubble("Wilt u horen wat we ermee doen? Uw gegevens zijn niet verplicht. "
                   "Alleen de behandelaar ziet ze."),
            field("Naam (niet verplicht)", dcc.Input(id="intake-name", type="text", autoComplete="name", **SESSION)),
            field("E-mail (niet verplicht)", dcc.Input(id="intake-email", type="email", autoComplete="email",
                                                       **SESSION)),
            field("Telefoon (niet verplicht)", dcc.Input(id="intake-phone", type="tel", autoComplete="tel",
                                                         **SESSION)),
            html.Fieldset([html.Legend("Bericht terug"),
                           dcc.Checklist(id="intake-feedback", options=[
                               {"label": "Ja, ik wil bericht over mijn melding", "value": "ja"}], **SESSION)],
                          className="choices"),
            html.Div(id="intake-errors", role="alert", className="form-errors"),
            html.Button("Versturen", id="intake-submit", n_clicks=0, className="primary"),
        ], id="intake-form", className="chat"),
        html.Div(id="intake-receipt"),
        dcc.Store(id="intake-oproep", data=call.id if call else None),
        dcc.Store(id="intake-location", storage_type="session"),
        dcc.Store(id="intake-draft-key", storage_type="session"),
        dcc.Store(id="intake-proposed", storage_type="session"),
        dcc.Store(id="intake-danger-answer", storage_type="memory"),
        dcc.Location(id="intake-url", refresh=False),
    ], className="page resident-page intake-page")
