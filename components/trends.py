"""Trends page parts: KPI tiles with comparisons, the per-group table, channel mix and small multiples."""

from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
from dash import dcc, html

from components.dates import DUTCH_MONTHS, date_picker, date_range_picker, format_datetime
from components.feedback import hours, percent
from components.figure_theme import graph, themed
from components.grid_locale import dutch_grid_options
from components.kpi import format_number
from components.palette import PALETTE
from data_access.trend_queries import PERIODS, TREND_GROUPS, Comparison, Period, TrendKpis
from data_access.vocabulary import CHANNELS

MAX_MULTIPLES = 12
COLUMNS_PER_ROW = 4


def period_label(period: Period) -> str:
    if period.kind == "week":
        iso = period.start.isocalendar()
        return f"week {iso.week} {iso.year}"
    if period.kind == "quarter":
        return f"K{(period.start.month - 1) // 3 + 1} {period.start.year}"
    return f"{DUTCH_MONTHS[period.start.month - 1]} {period.start.year}"


def period_title(current: Period, before: Period, year: Period) -> str:
    """"december 2026 (lopend, tot 7 dec 14:05) — vergeleken met hetzelfde deel van ..." or, for a
    finished period, "november 2026 — vergeleken met oktober 2026 en november 2025"."""
    if current.partial:
        return (f"{period_label(current)} (lopende periode, tot {format_datetime(current.until)}) — "
                f"vergeleken met hetzelfde deel van {period_label(before)} en van {period_label(year)}")
    return f"{period_label(current)} — vergeleken met {period_label(before)} en {period_label(year)}"


def signed(value: float, decimals: int = 0) -> str:
    """'+12', '-3,2', '0' in Dutch notation."""
    rounded = round(value, decimals) if decimals else round(value)
    text = format_number(abs(rounded) if decimals else int(abs(rounded)))
    return "0" if rounded == 0 else f"{'+' if rounded > 0 else '-'}{text}"


# (label, value getter, formatter, how a change is written, higher is better)
KPIS = [
    ("Meldingen", lambda k: k.reports, format_number, "relative", None),
    ("Aandeel spoed", lambda k: k.urgent_share, percent, "points", None),
    ("Op tijd afgehandeld", lambda k: k.on_time_share, percent, "points", True),
    ("Tijd tot eerste bericht", lambda k: k.avg_hours_first, hours, "hours", False),
    ("Tevreden melders", lambda k: k.satisfied_share, percent, "points", True),
]


def change_text(now, before, unit: str) -> str:
    """A change as a manager reads it: counts in percent ("-20%"), shares in percentage points
    ("+4 pp"), hours in hours ("-3,2 uur"); "-" when either side has no figure."""
    if now is None or before is None:
        return "-"
    delta = now - before
    if unit == "relative":
        return signed(delta / before * 100) + "%" if before else "-"
    if unit == "points":
        return signed(delta * 100) + " pp"
    return signed(delta, 1) + " uur"


def _change(now, before, unit: str, better_up) -> html.Span:
    text = change_text(now, before, unit)
    delta = 0 if text == "-" or text.startswith("0") else now - before
    tone = "" if better_up is None or delta == 0 else ("tr-up" if (delta > 0) == better_up else "tr-down")
    return html.Span(text, className=tone)


def _compared(label: str, now, before, fmt, unit, better_up, has_data: bool) -> html.Div:
    if not has_data:        # no reports at all in that period: nothing to compare with, not a 0
        return html.Div([label, "-"], className="tr-compare tr-no-data", title="Geen gegevens over die periode.")
    return html.Div([label, fmt(before), " (", _change(now, before, unit, better_up), ")"], className="tr-compare")


def comparison_tiles(total: tuple[TrendKpis, TrendKpis, TrendKpis]) -> list[html.Div]:
    now, before, year = total
    tiles = []
    for index, (label, get, fmt, unit, better_up) in enumerate(KPIS):
        tiles.append(html.Div([
            html.Div(fmt(get(now)), className="kpi-value", id=f"kpi-tr-{index}"),
            html.Div(label, className="kpi-label"),
            _compared("vorige: ", get(now), get(before), fmt, unit, better_up, before.reports > 0),
            _compared("jaar eerder: ", get(now), get(year), fmt, unit, better_up, year.reports > 0),
        ], className="kpi-tile"))
    return tiles


GROUP_COLUMNS = [{"field": "groep", "headerName": "Groep", "minWidth": 170},
                 {"field": "meldingen", "headerName": "Meldingen", "minWidth": 110},
                 {"field": "vorige", "headerName": "Vorige periode", "minWidth": 130},
                 {"field": "jaar", "headerName": "Jaar eerder", "minWidth": 110},
                 {"field": "spoed", "headerName": "Spoed", "minWidth": 80},
                 {"field": "op_tijd", "headerName": "Op tijd", "minWidth": 90},
                 {"field": "eerste", "headerName": "Tot eerste bericht", "minWidth": 150},
                 {"field": "tevreden", "headerName": "Tevreden", "minWidth": 100}]


def group_rows(comparison: Comparison) -> list[dict]:
    """Per group; "-" for a comparison period without any data (not a 0)."""
    summed = [sum(f[i].reports for f in comparison.figures.values()) for i in range(3)]
    return [{"groep": label, "meldingen": now.reports, "vorige": before.reports if summed[1] else "-",
             "jaar": year.reports if summed[2] else "-",
             "spoed": percent(now.urgent_share), "op_tijd": percent(now.on_time_share),
             "eerste": hours(now.avg_hours_first), "tevreden": percent(now.satisfied_share)}
            for label, (now, before, year) in comparison.figures.items()]


def channel_figure(comparison: Comparison, totals: tuple[TrendKpis, TrendKpis, TrendKpis]) -> dict:
    """Channel mix: reports per channel, this period against the previous one and a year earlier."""
    channels = sorted(set().union(*(k.channels for k in totals)), key=lambda c: -totals[0].channels.get(c, 0))
    periods = (comparison.current, comparison.previous, comparison.year_earlier)
    traces = [{"type": "bar", "name": period_label(p), "x": [CHANNELS.get(c, c) for c in channels],
               "y": [kpis.channels.get(c, 0) for c in channels], "marker": {"color": colour}}
              for p, kpis, colour in zip(periods, totals, (PALETTE[0], PALETTE[5], PALETTE[1]))]
    return {"data": traces, "layout": themed({"barmode": "group", "height": 320,
                                              "yaxis": {"title": {"text": "Meldingen"}},
                                              "margin": {"l": 56, "r": 16, "t": 16, "b": 80}})}


def small_multiples(periods: list[Period], series: dict[str, list[int]]) -> dict:
    """One small line chart per buurt (shared y axis), reports per period."""
    names = list(series)[:MAX_MULTIPLES]
    if not names:
        return {"data": [], "layout": themed({"height": 200, "annotations": [{
            "text": "Geen meldingen in deze periodes", "showarrow": False, "xref": "paper", "yref": "paper",
            "x": 0.5, "y": 0.5}]})}
    rows = (len(names) + COLUMNS_PER_ROW - 1) // COLUMNS_PER_ROW
    labels = [period_label(p) for p in periods]
    top = max(max(values) for values in series.values()) or 1
    layout = {"height": 170 * rows + 40, "showlegend": False, "annotations": [],
              "margin": {"l": 40, "r": 10, "t": 30, "b": 30}}
    data, gap, gap_y = [], 0.06, min(0.3, 50 / (170 * rows))   # gap_y: room for the titles
    width, height = (1 - gap * (COLUMNS_PER_ROW - 1)) / COLUMNS_PER_ROW, (1 - gap_y * (rows - 1)) / rows
    for index, name in enumerate(names):
        row, col = divmod(index, COLUMNS_PER_ROW)
        axis = "" if index == 0 else str(index + 1)
        x0, y1 = col * (width + gap), 1 - row * (height + gap_y)
        layout[f"xaxis{axis}"] = {"domain": [x0, x0 + width], "anchor": f"y{axis}", "showticklabels": False}
        layout[f"yaxis{axis}"] = {"domain": [y1 - height, y1], "anchor": f"x{axis}", "range": [0, top * 1.1]}
        layout["annotations"].append({"text": f"<b>{name}</b> ({sum(series[name])})", "showarrow": False,
                                      "xref": "paper", "yref": "paper", "x": x0, "y": y1 + 0.01,
                                      "xanchor": "left", "yanchor": "bottom", "font": {"size": 12}})
        data.append({"type": "scatter", "mode": "lines+markers", "x": labels, "y": series[name],
                     "xaxis": f"x{axis}", "yaxis": f"y{axis}", "line": {"color": PALETTE[0]},
                     "marker": {"size": 4}, "hovertemplate": f"{name}<br>%{{x}}: %{{y}} meldingen<extra></extra>"})
    return {"data": data, "layout": themed(layout)}


def evaluation_links(periods) -> html.P:
    """The printable evaluation report of each of the region's evaluation periods."""
    links = []
    for index, period in enumerate(periods):
        links += [" · " if index else "", html.A(
            period.label, href=f"/export/evaluatie?van={period.start.isoformat()}&tot={period.end.isoformat()}",
            target="_blank", id=f"tr-evaluation-{index}")]
    if not links:
        links = ["kies een periode in het regiobestand (periods)."]
    return html.P(["Evaluatieperiodes van de regio: ", *links],
                  className="page-note", id="tr-evaluation-periods")


def trends_layout(today: date, evaluation_period: tuple[date, date], periods=()) -> html.Div:
    return html.Div([
        html.H1("Trends"),
        html.P("Kerncijfers per periode, vergeleken met de vorige periode en met dezelfde periode een jaar "
               "eerder. Zonder persoonsgegevens.", className="page-intro"),
        html.Div([
            html.Label([html.Span("Periode"), dcc.RadioItems(
                id="tr-kind", options=[{"label": v, "value": k} for k, v in PERIODS.items()], value="month",
                inline=True, className="analysis-toggle")], className="filter-field"),
            html.Label([html.Span("Periode met de datum"), date_picker("tr-day", today)],
                className="filter-field"),
            html.Label([html.Span("Per"), dcc.RadioItems(
                id="tr-group", options=[{"label": v, "value": k} for k, v in TREND_GROUPS.items()],
                value="organisatie", inline=True, className="analysis-toggle")], className="filter-field"),
        ], className="filter-bar"),
        html.Div(id="tr-message", role="status"),
        html.H2(id="tr-title"),
        html.Div(id="tr-tiles", className="kpi-row"),
        html.Div([
            html.Div([html.H2("Per groep"),
                      dag.AgGrid(id="tr-groups", rowData=[], columnDefs=GROUP_COLUMNS,
                                 defaultColDef={"sortable": True, "resizable": True, "flex": 1},
                                 className="ag-theme-alpine", style={"height": "300px"},
                                 dashGridOptions=dutch_grid_options()),
                      html.Div(id="tr-export")]),
            html.Div([html.H2("Kanalen"), graph("tr-channels")]),
        ], className="analysis-two"),
        html.H2("Meldingen per buurt (laatste 12 periodes)"),
        graph("tr-multiples"),
        html.H2("Evaluatierapport"),
        html.Div([
            html.Label([html.Span("Periode van het rapport"),
                        date_range_picker("tr-eval-period", *evaluation_period)], className="filter-field"),
            html.A("Open het rapport", href=evaluation_href(*evaluation_period), target="_blank",
                   id="tr-evaluation", className="button-link"),
        ], className="filter-bar"),
        html.P("Afdrukbaar, ook als pdf via 'Afdrukken'. Eerst staan de laatste 8 weken met meldingen gekozen.",
               className="page-note", id="tr-evaluation-note"),
        evaluation_links(periods),
    ], className="page analysis-page")


def evaluation_href(first: date, last: date) -> str:
    return f"/export/evaluatie?van={first.isoformat()}&tot={last.isoformat()}"
