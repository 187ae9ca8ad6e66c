"""Vroegsignalering: explained alerts with a small chart, and proposals to group reports."""

import dash
from dash import dcc, html

from auth.principal import ANALYSIS_ROLES
from data_access.vocabulary import ALERT_STATE_LABELS, OPEN_ALERT_STATES
from components.page_access import protected_layout

dash.register_page(__name__, path="/signalen", name="Vroegsignalering",
                   title="Vroegsignalering - HNM Dashboard", access=ANALYSIS_ROLES, nav_order=50)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **_):
    handling = principal.handles_reports
    return html.Div([
        html.H1("Vroegsignalering"),
        html.P("Meer meldingen dan verwacht (per buurt en categorie, of via één kanaal in de wijk), "
               "nieuwe hotspots en plekken die steeds terugkomen. Ververst elke minuut.",
               className="page-intro"),
        html.Div([
            html.Section([
                html.Div([html.H2("Signalen"),
                          dcc.Checklist(id="alerts-state-filter", value=list(OPEN_ALERT_STATES),
                                        options=[{"label": label, "value": state}
                                                 for state, label in ALERT_STATE_LABELS.items()],
                                        inline=True, className="alerts-filter")],
                         className="alerts-section-head"),
                html.Div(id="alerts-message", role="status", className="alerts-message"),
                html.Div(id="alerts-list", className="alerts-list"),
            ], className="alerts-column"),
            html.Section([
                html.H2("Meldingen groeperen"),
                html.P("Voorstellen om meldingen over hetzelfde voorval samen te voegen. Er wordt "
                       "niets samengevoegd zonder uw bevestiging.", className="page-intro"),
                html.Div(id="proposals-message", role="status", className="alerts-message"),
                html.Div(id="proposals-list"),
                html.Div([
                    html.H3("Incidenten samenvoegen of splitsen"),
                    html.Div([dcc.Input(id="merge-keep", type="number", placeholder="Houd incident nr."),
                              dcc.Input(id="merge-absorb", type="number", placeholder="Voeg incident nr. toe"),
                              html.Button("Samenvoegen", id="merge-button", n_clicks=0)], className="alerts-form"),
                    html.Div([dcc.Input(id="split-report", type="number", placeholder="Melding nr."),
                              html.Button("Losmaken van incident", id="split-button", n_clicks=0)],
                             className="alerts-form"),
                ], className="alerts-tools") if handling else None,
            ], className="alerts-column proposals-column"),
        ], className="alerts-layout"),
        dcc.Store(id="alerts-version", data=0),
        dcc.Store(id="proposals-version", data=0),
        dcc.Interval(id="alerts-refresh", interval=60_000),
    ], className="page alerts-page")
