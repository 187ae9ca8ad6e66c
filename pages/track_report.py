"""Volg uw melding: the resident's private link to one report (no login)."""

import dash
from dash import dcc, html

from auth.guard import PUBLIC
from components.page_access import protected_layout
from components.resident import field, photo_upload
from services.satisfaction import REASONS

dash.register_page(__name__, path_template="/volg/<token>", name="Volg uw melding",
                   title="Volg uw melding - HNM", access=PUBLIC)


@protected_layout(PUBLIC)
def layout(principal=None, token: str = "", **_):
    return html.Main([
        html.H1("Volg uw melding"),
        html.Div(id="track-view", **{"aria-live": "polite"}),
        html.Section([
            html.H2("Iets toevoegen"),
            field("Wat wilt u nog laten weten?", dcc.Textarea(id="track-addition", maxLength=1000, rows=3)),
            html.Button("Toevoegen", id="track-add", n_clicks=0, className="primary"),
            html.P(id="track-add-message", role="status"),
            html.H3("Een foto toevoegen"),
            photo_upload("track-photo"),
        ], id="track-add-box", className="resident-card", hidden=True),
        html.Section([
            html.H2("Wat vindt u van de afhandeling?"),
            html.Fieldset([html.Legend("Bent u tevreden?"),
                           dcc.RadioItems(id="track-satisfied", options=[
                               {"label": "Tevreden", "value": "ja"}, {"label": "Niet tevreden", "value": "nee"}])],
                          className="choices"),
            html.Fieldset([html.Legend("Waarom niet? (niet verplicht)"),
                           dcc.RadioItems(id="track-reason", options=[{"label": label, "value": key}
                                                                      for key, label in REASONS.items()])],
                          className="choices"),
            field("Toelichting (niet verplicht)", dcc.Textarea(id="track-answer-text", maxLength=1000, rows=3)),
            html.Button("Antwoord versturen", id="track-answer", n_clicks=0, className="primary"),
            html.P(id="track-answer-message", role="status"),
        ], id="track-survey-box", className="resident-card", hidden=True),
        dcc.Store(id="track-token", data=token),
        dcc.Store(id="track-refresh", data=0),
    ], className="page resident-page track-page")
