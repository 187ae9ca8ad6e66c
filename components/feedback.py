"""Terugkoppeling page parts: KPI tiles, state bars per group, the feedback-owed queue, send panel."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import dash_ag_grid as dag
from dash import dcc, html

from components.dates import DATETIME_COLUMN, date_range_picker, format_datetime, sortable_datetime
from components.figure_theme import graph, themed
from components.grid_locale import dutch_grid_options
from components.kpi import format_number
from components.palette import PALETTE
from data_access.feedback_queries import GROUPS, STATES, FeedbackFigures
from services.feedback_templates import KINDS

STATE_COLOURS = dict(zip(STATES, (PALETTE[3], PALETTE[1], PALETTE[5], PALETTE[2])))
DEFAULT_WEEKS = 8


def percent(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def hours(value: float | None) -> str:
    return "-" if value is None else f"{format_number(round(value, 1))} uur"


def _tile(label: str, value: str, tile_id: str, tone: str = "neutral", hint: str | None = None) -> html.Div:
    return html.Div([html.Div(value, className="kpi-value", id=f"kpi-{tile_id}"),
                     html.Div(label, className="kpi-label")], className=f"kpi-tile kpi-{tone}", title=hint)


OVERDUE_HINT = ("Meldingen uit de gekozen periode waarvan de melder terugkoppeling wil en waarvan het bericht nu "
                "over de termijn is: geen ontvangstbevestiging binnen 1 werkdag, of geen afloopbericht binnen "
                "48 uur na afhandelen.")
OVERDUE_NOTE = ("Nu te laat: meldingen uit deze periode waarvan het bericht nu over de termijn is. Niet hetzelfde "
                "als 'Melders zonder bericht' op de wall: dat zijn alle open meldingen waarvan de melder nog "
                "niets kreeg, ook als de termijn nog loopt.")


def feedback_tiles(total: FeedbackFigures | None) -> list[html.Div]:
    if total is None:
        return [html.P("Geen melders die terugkoppeling willen in deze periode.", className="page-note")]
    return [
        _tile("Melders die terugkoppeling willen", format_number(total.wanting), "fb-wanting"),
        _tile("Melders geïnformeerd", percent(total.informed_share), "fb-informed"),
        _tile("Ontvangst binnen 1 werkdag", percent(total.receipt_on_time / total.wanting), "fb-ontime"),
        _tile("Nu te laat (meldingen uit periode)", format_number(total.overdue), "fb-overdue",
              "warn" if total.overdue else "neutral", OVERDUE_HINT),
        _tile("Tijd tot eerste bericht (gem.)", hours(total.avg_hours_first), "fb-first"),
        _tile("Tijd tot afloopbericht (gem.)", hours(total.avg_hours_closing), "fb-closing"),
        _tile(f"Tevreden ({total.answers} antwoorden)", percent(total.satisfied_share), "fb-satisfied"),
    ]


def states_figure(rows: list[FeedbackFigures]) -> dict:
    """Stacked horizontal bars: feedback state per group."""
    labels = [r.label for r in rows][::-1]
    traces = [{"type": "bar", "orientation": "h", "name": name, "y": labels,
               "x": [r.states[key] for r in rows][::-1], "marker": {"color": STATE_COLOURS[key]},
               "hovertemplate": "%{y}: %{x} meldingen<extra>" + name + "</extra>"}
              for key, name in STATES.items()]
    return {"data": traces, "layout": themed({
        "barmode": "stack", "height": max(260, 40 + 32 * len(rows)),
        "xaxis": {"title": {"text": "Meldingen waarvan de melder terugkoppeling wil"}},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "yaxis": {"automargin": True}, "margin": {"l": 10, "r": 16, "t": 56, "b": 48}})}


GROUP_COLUMNS = [{"field": "groep", "headerName": "Groep", "minWidth": 170},
                 {"field": "willen", "headerName": "Willen bericht", "minWidth": 120},
                 {"field": "geinformeerd", "headerName": "Geïnformeerd", "minWidth": 120},
                 {"field": "op_tijd", "headerName": "Ontvangst op tijd", "minWidth": 140},
                 {"field": "te_laat", "headerName": "Nu te laat", "minWidth": 100,
                  "headerTooltip": OVERDUE_HINT},
                 {"field": "eerste", "headerName": "Tot eerste bericht", "minWidth": 140},
                 {"field": "afloop", "headerName": "Tot afloopbericht", "minWidth": 140},
                 {"field": "tevreden", "headerName": "Tevreden", "minWidth": 110}]


def group_rows(rows: list[FeedbackFigures]) -> list[dict]:
    return [{"groep": r.label, "willen": r.wanting, "geinformeerd": percent(r.informed_share),
             "op_tijd": percent(r.receipt_on_time / r.wanting), "te_laat": r.overdue,
             "eerste": hours(r.avg_hours_first), "afloop": hours(r.avg_hours_closing),
             "tevreden": f"{percent(r.satisfied_share)} van {r.answers}" if r.answers else "-"} for r in rows]


QUEUE_COLUMNS = [{"field": "referentie", "headerName": "Referentie", "minWidth": 130},
                 {"field": "spoed", "headerName": "Spoed", "minWidth": 80},
                 {"field": "bericht", "headerName": "Nog te sturen", "minWidth": 170},
                 {"field": "uiterlijk", "headerName": "Uiterlijk", "minWidth": 150, **DATETIME_COLUMN},
                 {"field": "te_laat", "headerName": "Te laat", "minWidth": 90},
                 {"field": "categorie", "headerName": "Categorie", "minWidth": 200},
                 {"field": "buurt", "headerName": "Buurt", "minWidth": 150},
                 {"field": "status", "headerName": "Status", "minWidth": 130},
                 {"field": "verzending", "headerName": "Verzending", "minWidth": 150}]


def queue_rows(rows, now: datetime, status_labels: dict[str, str]) -> list[dict]:
    """Grid rows of the feedback-owed queue; `id`, `version`, `owed` stay hidden (for sending)."""
    return [{"id": r.id, "version": r.version, "owed": r.owed, "referentie": r.reference,
             "spoed": "spoed" if r.urgent else "", "bericht": KINDS[r.owed],
             "uiterlijk": sortable_datetime(now + timedelta(hours=float(r.hours_left))),
             "te_laat": "te laat" if r.hours_left < 0 else "", "categorie": r.category,
             "buurt": r.buurt, "status": status_labels.get(r.status, r.status),
             "verzending": "mislukt, wordt opnieuw geprobeerd" if r.failed else ""} for r in rows]


def failed_list(rows) -> html.Div:
    if not rows:
        return html.P("Alle berichten zijn afgeleverd of staan in de wachtrij.", className="page-note")
    return html.Table([
        html.Thead(html.Tr([html.Th(h) for h in ("Melding", "Bericht", "Kanaal", "Pogingen",
                                                 "Laatste fout", "Aangemaakt")])),
        html.Tbody([html.Tr([html.Td(r.reference), html.Td(KINDS.get(r.kind, r.kind)), html.Td(r.channel),
                             html.Td(r.attempts), html.Td(r.last_error or ""), html.Td(format_datetime(r.created_at))])
                    for r in rows])], className="simple-table fb-failed")


def send_panel() -> html.Div:
    return html.Div([
        html.H2("Bericht sturen"),
        html.P("Kies een melding in de lijst. Pas de tekst aan als dat nodig is en verstuur hem.",
               id="fb-selected", className="page-note"),
        html.Label([html.Span("Soort bericht"),
                    dcc.Dropdown(id="fb-kind", options=[{"label": v, "value": k} for k, v in KINDS.items()],
                                 value="ontvangstbevestiging", clearable=False)], className="filter-field"),
        html.Label([html.Span("Tekst"), dcc.Textarea(id="fb-body", className="fb-body", value="")],
                   className="filter-field"),
        html.Button("Verstuur naar de melder", id="fb-send", n_clicks=0),
        html.Div(id="fb-send-message", role="status", className="fb-send-message"),
    ], className="fb-send-panel")


def export_links(prefix: str, params: str = "") -> html.Div:
    return html.Div([html.Span("Exporteren: "),
                     html.A("CSV", href=f"/export/{prefix}.csv{params}", id=f"{prefix}-csv"), " · ",
                     html.A("Excel", href=f"/export/{prefix}.xlsx{params}", id=f"{prefix}-xlsx")],
                    className="fb-export")


def feedback_layout(today: date, handles: bool) -> html.Div:
    group_options = [{"label": v, "value": k} for k, v in GROUPS.items()]
    return html.Div([
        html.H1("Terugkoppeling"),
        html.P("Hoe goed houden we melders op de hoogte? Alleen melders die een bericht willen tellen mee.",
               className="page-intro"),
        html.Div([
            html.Label([html.Span("Periode (ontvangen)"),
                        date_range_picker("fb-period", today - timedelta(weeks=DEFAULT_WEEKS), today)], className="filter-field"),
            html.Label([html.Span("Per"), dcc.Dropdown(id="fb-group", options=group_options,
                                                       value="organisatie", clearable=False)],
                       className="filter-field"),
        ], className="filter-bar"),
        html.Div(id="fb-message", role="status"),
        html.Div(id="fb-tiles", className="kpi-row"),
        html.P(OVERDUE_NOTE, className="page-note fb-overdue-note"),
        html.Div([
            html.Div([html.H2("Stand van de terugkoppeling"), graph("fb-states")]),
            html.Div([html.H2("Per groep"),
                      dag.AgGrid(id="fb-groups", rowData=[], columnDefs=GROUP_COLUMNS,
                                 defaultColDef={"sortable": True, "resizable": True, "flex": 1},
                                 className="ag-theme-alpine", style={"height": "320px"},
                                 dashGridOptions=dutch_grid_options()),
                      html.Div(id="fb-groups-export")]),
        ], className="analysis-two"),
        html.H2("Nog te sturen (meest dringend eerst)"),
        html.Div([
            html.Div([dag.AgGrid(id="fb-queue", rowData=[], columnDefs=QUEUE_COLUMNS,
                                 defaultColDef={"sortable": True, "resizable": True, "flex": 1},
                                 getRowId="params.data.id", className="ag-theme-alpine",
                                 style={"height": "360px"},
                                 dashGridOptions=dutch_grid_options(
                                     {"rowSelection": {"mode": "singleRow", "enableClickSelection": True,
                                                       "checkboxes": False}},
                                     no_rows="Er is geen terugkoppeling verschuldigd.")),
                      export_links("terugkoppeling-wachtrij")]),
            send_panel() if handles else html.P(
                "Berichten sturen doet de behandelende organisatie.", className="page-note"),
        ], className="fb-queue-row"),
        html.H2("Niet afgeleverd"),
        html.Div(id="fb-failed"),
        dcc.Store(id="fb-sent"),
        dcc.Interval(id="fb-refresh", interval=60_000),
    ], className="page analysis-page")
