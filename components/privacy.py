"""The privacy officer's pages: the request form and what was found for one resident (/privacy),
and the audit of personal-data views (/audit)."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from components.dates import DATETIME_COLUMN, date_range_picker, format_datetime
from components.grid_locale import dutch_grid_options

ERASE_WARNING = ("Weet u het zeker? Naam, e-mailadres, telefoonnummer, teksten, foto's en "
                 "buurtabonnementen van deze bewoner worden gewist. De meldingen blijven anoniem "
                 "bestaan. Dit kan niet ongedaan worden.")


def request_form(csrf_token: str) -> html.Div:
    return html.Div([
        html.Label("Referentie, e-mailadres of telefoonnummer", htmlFor="privacy-query"),
        html.Div([
            dcc.Input(id="privacy-query", type="text", debounce=False, autoComplete="off",
                      placeholder="bijv. HNM-0000123 of naam@voorbeeld.nl", className="privacy-query"),
            html.Button("Zoeken", id="privacy-search", className="button-primary"),
        ], className="privacy-search-row"),
        dcc.Store(id="privacy-searched"),
        dcc.Store(id="privacy-erased"),
        html.Div([
            # a form POST: the address or number asked for never appears in a URL
            html.Form([
                dcc.Input(type="hidden", name="csrf_token", value=csrf_token, id="privacy-form-csrf"),
                dcc.Input(type="hidden", name="q", id="privacy-form-q"),
                html.Button("Download (JSON)", type="submit", name="format", value="json", id="privacy-json"),
                html.Button("Leesbare versie (afdrukken als pdf)", type="submit", name="format", value="html",
                            id="privacy-html"),
            ], action="/privacy/inzage", method="POST", target="_blank", id="privacy-export-form",
                className="privacy-export"),
            dcc.ConfirmDialogProvider(html.Button("Gegevens wissen", id="privacy-erase-button",
                                                  className="button-danger"),
                                      id="privacy-erase", message=ERASE_WARNING),
        ], id="privacy-actions", className="privacy-actions", hidden=True),
        html.P(id="privacy-message", role="status", className="privacy-message"),
        html.Div(id="privacy-result", role="region", **{"aria-live": "polite"}),
    ], className="privacy-request")


def _facts(rows: list[tuple[str, str]]) -> html.Dl:
    items = []
    for label, value in rows:
        items += [html.Dt(label), html.Dd(value)]
    return html.Dl(items, className="privacy-facts")


def findings_view(findings) -> html.Div:
    """What was found, for the officer to check before exporting or erasing."""
    if findings.empty:
        return html.Div(html.P("Niets gevonden voor dit verzoek (binnen wat uw organisatie mag zien)."),
                        id="privacy-none")
    cards = []
    for found in findings.reports:
        report, contact = found.report, found.contact
        rows = [("Ontvangen", format_datetime(report.received_at)), ("Onderwerp", report.category.name),
                ("Behandeld door", report.organisation.name + (" (alleen politie)" if report.visibility == "politie"
                                                               else "")),
                ("Plaats", report.address or "-"), ("Tekst", report.text)]
        if contact is not None:
            rows += [("Naam", contact.name or "-"), ("E-mail", contact.email or "-"), ("Telefoon", contact.phone or "-"),
                     ("Volglink", "actief" if contact.tracking_token_hash else "niet actief")]
        rows += [("Foto's", str(len(found.photos))), ("Berichten aan de melder", str(len(found.messages)))]
        cards.append(html.Section([html.H3(f"Melding {report.reference}"), _facts(rows)],
                                  className="privacy-card", id=f"privacy-report-{report.reference}"))
    followers = [html.Li(f"Buurt {f.area_code}: {f.email} ({'bevestigd' if f.confirmed_at else 'niet bevestigd'})")
                 for f in findings.followers]
    return html.Div([
        html.P(f"Gevonden: {findings.summary()}.", id="privacy-summary"),
        *cards,
        html.Section([html.H3("Buurtabonnementen"), html.Ul(followers) if followers else html.P("Geen.")],
                     className="privacy-card"),
    ])


# --- /audit ---------------------------------------------------------------------------------

AUDIT_COLUMNS = [
    {"field": "wanneer", "headerName": "Wanneer", "minWidth": 150, "sort": "desc", **DATETIME_COLUMN},
    {"field": "gebruiker", "headerName": "Gebruiker", "minWidth": 130, "filter": True},
    {"field": "rol", "headerName": "Rol", "minWidth": 120, "filter": True},
    {"field": "wat", "headerName": "Wat", "minWidth": 150, "filter": True},
    {"field": "object", "headerName": "Van", "minWidth": 150},
    {"field": "pagina", "headerName": "Pagina", "minWidth": 130, "filter": True},
]
HEAVY_COLUMNS = [
    {"field": "gebruiker", "headerName": "Gebruiker", "minWidth": 130},
    {"field": "rol", "headerName": "Rol", "minWidth": 120},
    {"field": "inzagen", "headerName": "Inzagen", "minWidth": 90},
    {"field": "mediaan", "headerName": "Mediaan collega's", "minWidth": 140},
    {"field": "opvallend", "headerName": "Opvallend", "minWidth": 100},
]


def audit_filters(users: list[dict], start, end) -> html.Div:
    return html.Div([
        html.Div([html.Label("Periode", htmlFor="audit-period"), date_range_picker("audit-period", start, end)],
                 className="filter"),
        html.Div([html.Label("Gebruiker", htmlFor="audit-user"),
                  dcc.Dropdown(id="audit-user", options=users, placeholder="Alle gebruikers", clearable=True)],
                 className="filter audit-user"),
    ], className="filter-bar audit-filters")


def audit_grid(grid_id: str, columns: list[dict], no_rows: str, pages: bool = False) -> dag.AgGrid:
    options = {"domLayout": "autoHeight", **({"pagination": True, "paginationPageSize": 50} if pages else {})}
    return dag.AgGrid(id=grid_id, rowData=[], columnDefs=columns, columnSize="sizeToFit",
                      dashGridOptions=dutch_grid_options(options, no_rows=no_rows))
