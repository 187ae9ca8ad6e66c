"""Figures and grids of the Workload page (plain figure dicts, one theme, Dutch labels)."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from components.dates import DATETIME_COLUMN, sortable_datetime
from components.figure_theme import graph, round_axis, themed
from components.filter_url import filter_bar
from components.grid_locale import dutch_grid_options
from components.kpi import format_number
from components.palette import PALETTE
from components.report_panel import report_panel

METRIC_LABELS = {"open": "Open", "op_tijd": "Op tijd", "te_laat": "Te laat", "drie_x": "Meer dan 3x te laat",
                 "instroom": "Instroom (periode)", "uitstroom": "Uitstroom (periode)"}
METRIC_TONES = {"te_laat": "warn", "drie_x": "alert"}
LEVEL_OPTIONS = [{"label": "Organisatie", "value": "organisatie"}, {"label": "Team", "value": "team"},
                 {"label": "Persoon", "value": "persoon"}]
STAGE_LABELS = {"gemeld": "Gemeld", "in_behandeling": "In behandeling", "afgehandeld": "Afgehandeld"}
_GRID_STYLE = {"height": "360px", "width": "100%"}


def kpi_buttons(totals: dict[str, int]) -> list[html.Button]:
    """KPI tiles that open the list of reports behind the number."""
    return [html.Button([html.Div(format_number(totals[m]), className="kpi-value", id=f"kpi-wl-{m}"),
                         html.Div(label, className="kpi-label")],
                        id={"type": "wl-kpi", "metric": m}, n_clicks=0,
                        className=f"kpi-tile kpi-{METRIC_TONES.get(m, 'neutral')} kpi-button",
                        title=f"Toon de meldingen: {label.lower()}")
            for m, label in METRIC_LABELS.items()]


def group_columns(level: str) -> list[dict]:
    names = [{"field": "organisation", "headerName": "Organisatie"}]
    if level in ("team", "persoon"):
        names.append({"field": "team", "headerName": "Team"})
    if level == "persoon":
        names.append({"field": "person", "headerName": "Persoon"})
    numbers = [{"field": m, "headerName": label, "type": "numericColumn", "filter": "agNumberColumnFilter",
                "cellClass": ["ag-right-aligned-cell", "drill-cell"]} for m, label in METRIC_LABELS.items()]
    return names + numbers + [{"field": "oldest", "headerName": "Oudste open melding", **DATETIME_COLUMN}]


def group_row_data(rows) -> list[dict]:
    return [{"key": r.key, "organisation": r.organisation, "team": r.team, "person": r.person,
             **r.counts, "oldest": sortable_datetime(r.oldest_open)} for r in rows]


def group_grid() -> dag.AgGrid:
    return dag.AgGrid(id="wl-groups", rowData=[], columnDefs=group_columns("organisatie"),
                      defaultColDef={"sortable": True, "filter": True, "resizable": True, "flex": 1},
                      getRowId="params.data.key", style={"width": "100%"}, className="ag-theme-alpine",
                      dashGridOptions=dutch_grid_options({"animateRows": False, "domLayout": "autoHeight"}))


# Times as 'jjjj-mm-dd uu:mm' (local) so that sorting the column sorts by time.
DRILL_COLUMNS = [{"field": "reference", "headerName": "Referentie"},
                 {"field": "received", "headerName": "Ontvangen", **DATETIME_COLUMN},
                 {"field": "category", "headerName": "Categorie"},
                 {"field": "buurt", "headerName": "Buurt"},
                 {"field": "status", "headerName": "Status"},
                 {"field": "due", "headerName": "Termijn", **DATETIME_COLUMN}]


def drill_row_data(rows: list[dict], status_labels: dict[str, str]) -> list[dict]:
    return [{"id": r["id"], "reference": r["reference"], "received": sortable_datetime(r["received_at"]),
             "category": r["category"], "buurt": r["buurt"], "status": status_labels.get(r["status"], r["status"]),
             "due": sortable_datetime(r["due_at"])} for r in rows]


def drill_grid() -> dag.AgGrid:
    return dag.AgGrid(id="wl-drill", rowData=[], columnDefs=DRILL_COLUMNS,
                      defaultColDef={"sortable": True, "filter": True, "resizable": True, "flex": 1},
                      getRowId="params.data.id", style=_GRID_STYLE, className="ag-theme-alpine",
                      dashGridOptions=dutch_grid_options(
                          {"animateRows": False}, no_rows="Klik op een getal hierboven om de meldingen erachter te zien."))


def flow_figure(daily) -> dict:
    x = [d.strftime("%Y-%m-%d") for d, *_ in daily]
    per_day = max([max(i, o) for _, i, o, _ in daily], default=0)
    backlog = max([b for *_, b in daily], default=0)
    return {"data": [
        {"type": "bar", "name": "Instroom", "x": x, "y": [i for _, i, _, _ in daily], "marker": {"color": PALETTE[0]}},
        {"type": "bar", "name": "Uitstroom", "x": x, "y": [o for _, _, o, _ in daily], "marker": {"color": PALETTE[1]}},
        {"type": "scatter", "mode": "lines", "name": "Werkvoorraad (einde dag)", "x": x,
         "y": [b for *_, b in daily], "yaxis": "y2", "line": {"color": PALETTE[7], "width": 2}}],
        "layout": themed({"title": {"text": "Instroom, uitstroom en werkvoorraad per dag"}, "barmode": "group",
                          "xaxis": {"type": "date"},
                          "yaxis": {"title": {"text": "Meldingen per dag"}, **round_axis(per_day)},
                          "yaxis2": {"title": {"text": "Werkvoorraad", "standoff": 12}, "overlaying": "y",
                                     "side": "right", "showgrid": False, **round_axis(backlog)},
                          "margin": {"l": 56, "r": 64, "t": 48, "b": 40}, "height": 360})}


def age_figure(distribution: list[tuple[str, int]]) -> dict:
    return {"data": [{"type": "bar", "x": [name for name, _ in distribution], "y": [n for _, n in distribution],
                      "marker": {"color": PALETTE[4]}, "hovertemplate": "%{x}: %{y} open<extra></extra>"}],
            "layout": themed({"title": {"text": "Leeftijd van open meldingen"},
                              "yaxis": {"title": {"text": "Open meldingen"}}, "height": 300})}


def lateness_figure(totals: dict[str, int]) -> dict:
    parts = [("op_tijd", PALETTE[2]), ("te_laat", PALETTE[1]), ("drie_x", PALETTE[3])]
    return {"data": [{"type": "bar", "orientation": "h", "name": METRIC_LABELS[m], "y": ["Open"],
                      "x": [totals[m]], "marker": {"color": colour}} for m, colour in parts],
            "layout": themed({"title": {"text": "Open meldingen en de afhandeltermijn"}, "barmode": "stack",
                              "height": 190, "legend": {"orientation": "h", "y": -0.35, "traceorder": "normal"}})}


def lead_time_table(medians) -> html.Table:
    rows = [html.Tr([html.Td(f"{STAGE_LABELS[a]} → {STAGE_LABELS[b]}"),
                     html.Td("-" if hours is None else f"{hours:.1f} uur".replace(".", ",")),
                     html.Td(format_number(n))]) for a, b, hours, n in medians]
    return html.Table([html.Thead(html.Tr([html.Th("Stap"), html.Th("Mediane doorlooptijd"),
                                           html.Th("Meldingen")])), html.Tbody(rows)],
                      className="simple-table", id="wl-lead-times")


def handover_table(handovers) -> html.Div:
    if not handovers:
        return html.P("Geen overdrachten tussen politie en gemeente in deze periode.", id="wl-handovers")
    return html.Table([html.Thead(html.Tr([html.Th("Van"), html.Th("Naar"), html.Th("Aantal")])),
                       html.Tbody([html.Tr([html.Td(a), html.Td(b), html.Td(format_number(n))])
                                   for a, b, n in handovers])], className="simple-table", id="wl-handovers")


def workload_layout(chosen, options, person_level: bool) -> html.Div:
    """The Workload page; `person_level` offers the per-person view (team leads / managers)."""
    levels = LEVEL_OPTIONS if person_level else LEVEL_OPTIONS[:2]
    return html.Div([
        html.H1("Werklast"),
        html.P("Open meldingen, instroom en uitstroom per organisatie en team. Klik op een getal "
               "voor de meldingen erachter.", className="page-intro"),
        dcc.Location(id="wl-url", refresh=False),
        filter_bar("wl", chosen, options),
        html.Div(id="wl-message", className="analysis-message", role="status"),
        html.Div(id="wl-kpis", className="kpi-row"),
        graph("wl-lateness"),
        html.Div([html.Span("Per: "), dcc.RadioItems(id="wl-level", options=levels, value="organisatie",
                                                     inline=True)], className="analysis-toggle"),
        group_grid(),
        html.H2(id="wl-drill-title", children="Meldingen achter een getal"),
        html.P("Klik op een getal in de tegels of de tabel hierboven; klik op een melding om die te openen.",
               className="page-intro"),
        drill_grid(),
        html.Div([graph("wl-flow"),
                  graph("wl-age")], className="analysis-two"),
        html.Div([html.Div([html.H2("Doorlooptijd per stap"), html.Div(id="wl-lead")]),
                  html.Div([html.H2("Overdrachten"), html.Div(id="wl-handover")])], className="analysis-two"),
        dcc.Store(id="selected-report"),
        report_panel(),
    ], className="page analysis-page")
