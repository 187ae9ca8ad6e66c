"""Layout pieces of the Triagemodel page: the model in use, accuracy from corrections, drift and
fairness tables. Counts and shares only: no report text, no personal data."""

from __future__ import annotations

from datetime import datetime

import plotly.graph_objects as go
from dash import dcc, html

from components.dates import format_date, format_datetime
from components.figure_theme import themed
from components.kpi import kpi_row, kpi_tile
from components.palette import PALETTE
from services.triage.registry import threshold_text

PERIODS = {"4": "4 weken", "8": "8 weken", "13": "13 weken", "26": "26 weken"}
DEFAULT_PERIOD = "8"
# A group whose accuracy is this far below the overall figure, on enough reports, is flagged.
FAIRNESS_GAP = 0.10
FAIRNESS_MIN = 10


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}".replace(".", ",")


def model_card(info, decisions: list[dict]) -> html.Section:
    """The model in use: version, training data, thresholds, measured scores, last retrainings."""
    meta = info.meta
    scores = meta.get("evaluation") or {}
    trained = datetime.fromisoformat(meta["trained_at"]) if meta.get("trained_at") else None
    rows = [("Versie", info.version), ("Getraind op", format_date(trained) or "-"),
            ("Herkomst", "meegeleverd met de software" if info.shipped else "hertraind en in gebruik genomen"),
            ("Trainingsteksten", f"{meta.get('corpus_rows', '?')} synthetisch, {meta.get('dev_rows', 0)} "
                                 f"onafhankelijk geschreven, {meta.get('extra_rows', 0)} correcties, "
                                 f"{meta.get('imported_rows', 0)} geïmporteerd"),
            ("Drempels", threshold_text(meta.get("thresholds") or {}))]
    score_rows = []
    for name, figures in scores.items():
        if not isinstance(figures, dict) or "main_accuracy" not in figures:
            continue
        score_rows.append(html.Tr([html.Td(name.replace("_", " ")), html.Td(f"{figures.get('n', '-')}"),
                                   html.Td(_rate(figures.get("main_accuracy"))),
                                   html.Td(_rate(figures.get("emergency_recall") or figures.get("urgent_recall"))),
                                   html.Td(_rate(figures.get("false_urgent")))]))
    measured = html.Table([
        html.Caption("Gemeten op evaluatiesets (95%-betrouwbaarheidsinterval)"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in
                            ("Set", "Teksten", "Hoofdcategorie goed", "Spoed herkend", "Onterecht spoed")])),
        html.Tbody(score_rows)], className="simple-table", id="tm-scores") if score_rows else html.P(
        "Voor dit model zijn nog geen scores vastgelegd.")
    history = html.Ul([html.Li(f"{_when(d.get('at'))}: kandidaat {d.get('candidate_version')} "
                               f"{'in gebruik genomen' if d.get('promoted') else 'niet in gebruik genomen'} "
                               f"({d.get('reason', '')})") for d in decisions], id="tm-decisions") \
        if decisions else html.P("Nog geen hertraining gedaan.", id="tm-decisions")
    return html.Section([
        html.H2("Model in gebruik"),
        html.Dl([item for label, value in rows for item in (html.Dt(label), html.Dd(value))],
                className="tm-facts", id="tm-model"),
        measured,
        html.H3("Laatste hertrainingen"),
        history,
    ], className="tm-section")


def _when(stamp: str | None) -> str:
    return format_datetime(datetime.fromisoformat(stamp)) if stamp else "-"


def _rate(figures: dict | None) -> str:
    if not figures:
        return "-"
    lo, hi = figures.get("ci95", [None, None])
    interval = f" ({percent(lo)}-{percent(hi)})" if lo is not None else ""
    return f"{percent(figures.get('value'))}{interval}"


def summary_tiles(summary) -> html.Div:
    share = summary.right / summary.checked if summary.checked else None
    review = summary.needed_review / summary.triaged if summary.triaged else None
    return html.Div([
        kpi_row([kpi_tile("Voorstellen gedaan", summary.triaged, "tm-triaged"),
                 kpi_tile("Door een medewerker opgepakt", summary.checked, "tm-checked")]),
        html.Ul([
            html.Li(["Hoofdcategorie goed (niet gecorrigeerd): ", html.Strong(percent(share), id="tm-accuracy")]),
            html.Li(["Voorstellen die beoordeling nodig hadden: ", html.Strong(percent(review), id="tm-review")]),
            html.Li(["Waarvan mogelijk iemand in gevaar: ", html.Strong(f"{summary.safety_checks}", id="tm-safety")]),
            html.Li(["Achteraf spoed gemaakt (gemist): ", html.Strong(f"{summary.urgency_missed}", id="tm-missed")]),
            html.Li(["Achteraf geen spoed (onterecht spoed): ", html.Strong(f"{summary.urgency_needless}")]),
            html.Li(["Gemiddelde zekerheid van het model: ", html.Strong(percent(summary.mean_confidence))]),
        ], className="tm-summary"),
    ])


def accuracy_table(caption: str, rows, table_id: str, overall: float | None = None) -> html.Table | html.P:
    """Groups with their checked count and share right; a group far below the overall figure is marked."""
    if not rows:
        return html.P(f"{caption}: nog geen opgepakte meldingen met een voorstel in deze periode.", id=table_id)
    body = []
    for row in rows:
        low = (overall is not None and row.share is not None and row.checked >= FAIRNESS_MIN
               and row.share < overall - FAIRNESS_GAP)
        body.append(html.Tr([html.Td(row.label), html.Td(f"{row.checked}"), html.Td(percent(row.share)),
                             html.Td("lager dan gemiddeld" if low else "", className="tm-flag" if low else "")],
                            className="tm-low" if low else None))
    return html.Table([html.Caption(caption),
                       html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                           ("Groep", "Opgepakt", "Goed voorgesteld", "Let op")])),
                       html.Tbody(body)], className="simple-table tm-table", id=table_id)


def confusion_table(rows) -> html.Table | html.P:
    if not rows:
        return html.P("Geen verwisselingen in deze periode.", id="tm-confusions")
    return html.Table([html.Caption("Meest voorkomende verwisselingen"),
                       html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Voorgesteld", "Werd", "Aantal")])),
                       html.Tbody([html.Tr([html.Td(c.proposed), html.Td(c.final), html.Td(f"{c.count}")])
                                   for c in rows])], className="simple-table tm-table", id="tm-confusions")


def drift_figure(weeks) -> go.Figure:
    """Per week: share proposed right, share needing review and mean confidence."""
    x = [w.week for w in weeks]
    figure = go.Figure(layout=themed({"title": "Verloop per week", "yaxis": {"tickformat": ".0%", "range": [0, 1]},
                                      "height": 320}))
    figure.add_trace(go.Scatter(x=x, y=[w.right / w.checked if w.checked else None for w in weeks],
                                name="goed voorgesteld", mode="lines+markers", line={"color": PALETTE[2]}))
    figure.add_trace(go.Scatter(x=x, y=[w.needed_review / w.triaged if w.triaged else None for w in weeks],
                                name="beoordeling nodig", mode="lines+markers", line={"color": PALETTE[1]}))
    figure.add_trace(go.Scatter(x=x, y=[w.mean_confidence for w in weeks], name="gemiddelde zekerheid",
                                mode="lines", line={"color": PALETTE[0], "dash": "dot"}))
    return figure


def page_layout(model_section, reads_reports: bool) -> html.Main:
    controls = html.Div([
        html.Label("Periode", htmlFor="tm-period"),
        dcc.RadioItems(id="tm-period", options=[{"label": v, "value": k} for k, v in PERIODS.items()],
                       value=DEFAULT_PERIOD, inline=True),
    ], className="tm-controls")
    if reads_reports:
        figures = dcc.Tabs(id="tm-tabs", value="nauwkeurigheid", children=[
            dcc.Tab(label="Nauwkeurigheid", value="nauwkeurigheid", children=html.Div(id="tm-accuracy-view")),
            dcc.Tab(label="Eerlijkheid", value="eerlijkheid", children=html.Div(id="tm-fairness-view")),
        ])
    else:
        figures = html.P("De cijfers uit correcties van medewerkers ziet u niet: uw rol leest geen meldingen. "
                         "Managers zien ze binnen hun eigen bereik.", className="page-note", id="tm-no-reports")
    return html.Main([
        html.H1("Triagemodel"),
        html.P("Het model stelt bij elke nieuwe melding een onderwerp en urgentie voor; een medewerker beslist. "
               "Hier ziet u hoe vaak het voorstel klopte volgens de correcties van medewerkers.",
               className="page-intro"),
        model_section,
        html.Section([html.H2("Hoe goed waren de voorstellen?"), controls if reads_reports else None, figures],
                     className="tm-section"),
        html.P("Goed voorgesteld = de hoofdcategorie is niet gecorrigeerd nadat een medewerker de melding oppakte. "
               f"Een groep met minstens {FAIRNESS_MIN} meldingen die {FAIRNESS_GAP:.0%} of meer onder het "
               "gemiddelde zit, is gemarkeerd.".replace(".", ",", 0), className="page-note"),
    ], className="page triage-model-page")
