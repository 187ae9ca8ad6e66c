"""Figures and tables of the Timeline page (plain figure dicts: fast, one theme, Dutch labels)."""

from __future__ import annotations

from datetime import datetime, timezone

from dash import dcc, html

from components.dates import format_datetime
from components.figure_theme import DUTCH_WEEKDAYS, graph, themed
from components.filter_url import filter_bar
from components.palette import PALETTE
from data_access.time_buckets import Bucket, bucket_starts
from data_access.vocabulary import EVENT_LABELS

# Plotly's Dutch locale writes %b as "nov": the axis reads "8 nov", as components/dates.py writes days
TICK_FORMATS = {"hour": "%-d %b %H:%M", "day": "%-d %b", "week": "%-d %b %Y", "month": "%b %Y"}
BUCKET_LABELS = {"hour": "uur", "day": "dag", "week": "week", "month": "maand"}
STACK_OPTIONS = [{"label": "Categorie", "value": "categorie"}, {"label": "Urgentie", "value": "urgentie"},
                 {"label": "Kanaal", "value": "kanaal"}]


def duration_text(seconds: float) -> str:
    """'2 d 3 u', '3 u 05 m' or '7 m'."""
    minutes = int(round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} u"
    return f"{hours} u {mins:02d} m" if hours else f"{mins} m"


def counts_figure(rows: list[tuple[str, str, int]], labels: dict[str, str], bucket: Bucket,
                  first: datetime, last: datetime, colours: dict[str, str] | None = None) -> dict:
    """Stacked bars per local period; `labels` maps a stack key to its Dutch name, `colours` to its
    colour (main categories and urgency keep theirs, components/palette.py; others take turns)."""
    colours = colours or {}
    starts = bucket_starts(first, last, bucket)
    keys = sorted({key for _, key, _ in rows}, key=lambda k: labels.get(k, k))
    counts = {(p[:19], k): n for p, k, n in rows}
    x = [s.strftime("%Y-%m-%d %H:%M:%S") for s in starts]
    traces = [{"type": "bar", "name": labels.get(key, key), "x": x, "y": [counts.get((s, key), 0) for s in x],
               "marker": {"color": colours.get(key, PALETTE[i % len(PALETTE)])},
               "hovertemplate": "%{x|" + TICK_FORMATS[bucket] + "}<br>" + labels.get(key, key).replace("%", "%%")
                                + ": %{y}<extra></extra>"}
              for i, key in enumerate(keys)]
    return {"data": traces, "layout": themed({
        "barmode": "stack", "title": {"text": f"Meldingen per {BUCKET_LABELS[bucket]} (lokale tijd)"},
        "yaxis": {"title": {"text": "Aantal meldingen"}, "rangemode": "tozero"},
        "xaxis": {"type": "date", "tickformat": TICK_FORMATS[bucket], "rangeslider": {"visible": True, "thickness": 0.06},
                  "rangeselector": {"buttons": [
                      {"count": 1, "label": "1 dag", "step": "day", "stepmode": "backward"},
                      {"count": 7, "label": "1 week", "step": "day", "stepmode": "backward"},
                      {"count": 1, "label": "1 maand", "step": "month", "stepmode": "backward"},
                      {"step": "all", "label": "alles"}]}},
        "height": 440, "margin": {"l": 56, "r": 16, "t": 48, "b": 40},
        "legend": {"orientation": "v", "x": 1.01, "y": 1, "font": {"size": 12}}})}


def heatmap_figure(counts: dict[tuple[int, int], int]) -> dict:
    z = [[counts.get((weekday, hour), 0) for hour in range(24)] for weekday in range(7)]
    return {"data": [{"type": "heatmap", "z": z, "x": [f"{h:02d}" for h in range(24)], "y": DUTCH_WEEKDAYS,
                      "colorscale": [[0, "#f7fbff"], [0.5, "#56B4E9"], [1, "#0072B2"]],
                      "hovertemplate": "%{y} %{x}:00 uur: %{z} meldingen<extra></extra>",
                      "colorbar": {"title": {"text": "Aantal"}}}],
            "layout": themed({"title": {"text": "Uur van de dag x weekdag (lokale tijd)"},
                              "xaxis": {"title": {"text": "Uur"}},
                              "yaxis": {"autorange": "reversed"}, "height": 320})}


def event_label(kind: str, to_value: str | None, status_labels: dict[str, str]) -> str:
    if kind == "status":
        return f"Status: {status_labels.get(to_value or '', to_value or '')}"
    return EVENT_LABELS.get(kind, kind.capitalize())


def events_table(events, status_labels: dict[str, str], show_reference: bool) -> html.Table:
    """Events in order with the time since the previous event."""
    header = (["Melding"] if show_reference else []) + ["Wanneer", "Gebeurtenis", "Door", "Toelichting",
                                                         "Tijd sinds vorige"]
    rows, previous = [], None
    for event in events:
        at = event.at if event.at.tzinfo else event.at.replace(tzinfo=timezone.utc)
        since = "" if previous is None else duration_text((at - previous).total_seconds())
        previous = at
        cells = ([event.reference] if show_reference else []) + [
            format_datetime(at), event_label(event.kind, event.to_value, status_labels), event.actor,
            event.detail, since]
        rows.append(html.Tr([html.Td(c) for c in cells]))
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(rows)],
                      className="simple-table events-table", id="tl-events-table")


def timeline_layout(chosen, options, recent: list[tuple[int, str, str]]) -> html.Div:
    """The Timeline page: filters (in the URL), reports over time, heat map, one report's events."""
    return html.Div([
        html.H1("Tijdlijn"),
        html.P("Meldingen door de tijd, in Nederlandse tijd. De filters staan in de adresbalk, "
               "zodat u een weergave kunt delen.", className="page-intro"),
        dcc.Location(id="tl-url", refresh=False),
        filter_bar("tl", chosen, options),
        html.Div(id="tl-message", className="analysis-message", role="status"),
        html.Div([html.Span("Stapel op: "), dcc.RadioItems(id="tl-stack", options=STACK_OPTIONS,
                                                           value="categorie", inline=True)],
                 className="analysis-toggle"),
        dcc.Loading(graph("tl-counts")),
        graph("tl-heatmap"),
        html.H2("Verloop van een melding of incident"),
        html.Div([
            html.Label([html.Span("Referentie"), dcc.Input(
                id="tl-ref", type="text", debounce=True, placeholder="HNM-0000123 of INC-12",
                className="analysis-input")], className="filter-field"),
            html.Label([html.Span("Of kies een recente melding"), dcc.Dropdown(
                id="tl-pick", options=[{"label": f"{ref} - {category}", "value": ref}
                                       for _, ref, category in recent], placeholder="Kies...")],
                className="filter-field filter-wide"),
        ], className="filter-bar"),
        html.Div(id="tl-events", className="analysis-events"),
    ], className="page analysis-page")
