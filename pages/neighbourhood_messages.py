"""Buurtberichten: staff write a short update, tip or call to everyone in a buurt or wijk."""

import dash
from dash import dcc, html

from auth.principal import HANDLING_ROLES
from components.dates import date_picker
from components.page_access import protected_layout
from components.resident import field
from data_access.incident_queries import incidents_with_counts
from data_access.neighbourhood_queries import public_areas
from data_access.request_session import db_session
from services.neighbourhood import KINDS

dash.register_page(__name__, path="/buurtberichten", name="Buurtberichten",
                   title="Buurtberichten - HNM Dashboard", access=HANDLING_ROLES, nav_order=70)


@protected_layout(HANDLING_ROLES)
def layout(principal, **_):
    areas = [{"label": f"{'Buurt' if a.kind == 'buurt' else 'Wijk'} {a.name}", "value": a.code}
             for a in public_areas(db_session())]
    incidents = [{"label": f"#{i['id']} {i['title']}", "value": i["id"]}
                 for i in incidents_with_counts(db_session(), principal, limit=100)]
    return html.Main([
        html.H1("Buurtbericht schrijven"),
        html.P("Het bericht staat op de buurtpagina tot de einddatum. Schrijf kort en in gewone taal; "
               "noem geen namen of adressen.", className="page-intro"),
        html.Div([
            field("Buurt of wijk", dcc.Dropdown(id="nb-area", options=areas, clearable=False)),
            html.Fieldset([html.Legend("Soort bericht"),
                           dcc.RadioItems(id="nb-kind", value="update",
                                          options=[{"label": v, "value": k} for k, v in KINDS.items()])],
                          className="choices"),
            field("Incident (alleen bij een oproep)", dcc.Dropdown(id="nb-incident", options=incidents),
                  "Reacties van bewoners op de oproep komen als melding bij dit incident."),
            field("Titel", dcc.Input(id="nb-title", type="text", maxLength=120)),
            field("Bericht", dcc.Textarea(id="nb-body", maxLength=1500, rows=5)),
            field("Zichtbaar tot en met", date_picker("nb-ends")),
            html.Button("Plaatsen", id="nb-submit", n_clicks=0, className="primary"),
            html.P(id="nb-message", role="status"),
        ], className="resident-card nb-form"),
        html.Section([html.H2("Bereik en reacties"), html.Div(id="nb-reach")], className="resident-card"),
    ], className="page neighbourhood-messages-page")
