"""Vroegsignalering: alert cards with their small chart, and grouping-proposal cards."""

from __future__ import annotations

from datetime import datetime, timedelta

from dash import html

from components.dates import format_datetime
from components.figure_theme import graph, themed
from components.palette import PALETTE
from data_access.time_buckets import LOCAL_TZ
from data_access.vocabulary import ALERT_KIND_LABELS, ALERT_STATE_LABELS, CHANNELS, VISIBILITY_LABELS

STATE_ACTIONS = {"bevestigd": "Bevestigen", "afgewezen": "Afwijzen", "afgehandeld": "Afhandelen"}


def _local_moment(at: datetime) -> str:
    """A moment as Plotly's date text in Dutch local time (Plotly dates carry no zone)."""
    return at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S")


def observed_expected_figure(bins: list[datetime], observed: list[int], expected: float,
                             hourly: bool) -> dict:
    """Observed per hour (or day) as bars against the expected level as a line, on a real time axis
    in Dutch local time: each bar stands over its own hour (or day) from start to end, so
    yesterday's 01:00 and today's 01:00 are two bars and the last hour is drawn at the right."""
    step = (bins[1] - bins[0]) if len(bins) > 1 else timedelta(hours=1 if hourly else 24)
    x = [_local_moment(start + step / 2) for start in bins]
    edges = [_local_moment(bins[0]), _local_moment(bins[-1] + step)] if bins else []
    when = "%{x|%-d %b %H:%M}" if hourly else "%{x|%-d %b %Y}"
    return {"data": [
        {"type": "bar", "x": x, "y": observed, "name": "gemeld", "marker": {"color": PALETTE[0]},
         "width": step.total_seconds() * 1000 * 0.85,
         "hovertemplate": when + ": %{y} meldingen<extra></extra>"},
        {"type": "scatter", "mode": "lines", "x": edges, "y": [round(expected, 2)] * len(edges),
         "name": "verwacht", "line": {"color": PALETTE[1], "width": 3, "dash": "dash"},
         "hovertemplate": "verwacht %{y:.1f}<extra></extra>"}],
        "layout": themed({"height": 186, "margin": {"l": 32, "r": 8, "t": 8, "b": 44},
                          "showlegend": True, "legend": {"orientation": "h", "y": 1.15, "x": 0},
                          "xaxis": {"type": "date", "range": edges, "nticks": 6},
                          "yaxis": {"range": [0, max([*observed, expected, 1]) * 1.15], "tickformat": "d",
                                    "dtick": max(1, (max([*observed, 1]) + 3) // 4)},
                          "bargap": 0.15})}


def alert_card(alert: dict, figure: dict, may_change: bool) -> html.Div:
    buttons = []
    if may_change:
        buttons = [html.Button(label, id={"type": "alert-state", "alert": alert["id"], "state": state},
                               className=f"alert-action alert-action-{state}", n_clicks=0)
                   for state, label in STATE_ACTIONS.items() if state != alert["state"]]
    return html.Div([
        html.Div([
            html.Span(ALERT_KIND_LABELS.get(alert["kind"], alert["kind"]), className=f"alert-kind alert-kind-{alert['kind']}"),
            html.Span(ALERT_STATE_LABELS.get(alert["state"], alert["state"]), className=f"alert-state alert-state-{alert['state']}"),
            html.Span(VISIBILITY_LABELS.get(alert["visibility"], alert["visibility"]), className="alert-visibility"),
            html.Span(f"kanaal {CHANNELS.get(alert['channel'], alert['channel'])}", className="alert-channel")
            if alert.get("channel") else None,
            html.Span(f"{format_datetime(alert['window_start'])} - {format_datetime(alert['window_end'])}",
                      className="alert-window"),
        ], className="alert-head"),
        html.P(alert["explanation"], className="alert-explanation"),
        graph(figure=figure, toolbar=False, className="alert-chart"),
        html.Div(buttons, className="alert-actions"),
    ], className="alert-card", id=f"alert-{alert['id']}")


def alert_list(cards: list[html.Div]) -> list:
    if not cards:
        return [html.P("Geen signalen met deze status.", className="alerts-empty")]
    return cards


def proposal_card(proposal: dict, may_decide: bool) -> html.Div:
    target = (f"incident {proposal['incident_id']}" if proposal["incident_id"]
              else f"melding {proposal['candidate_ref']}")
    buttons = []
    if may_decide:
        buttons = [html.Button(label, id={"type": "proposal-action", "proposal": proposal["id"], "action": action},
                               className=f"proposal-action proposal-action-{action}", n_clicks=0)
                   for action, label in (("bevestigen", "Samenvoegen"), ("afwijzen", "Niet samenvoegen"))]
    score = f"{proposal['score']:.2f}".replace(".", ",")
    return html.Div([
        html.Div([html.Strong(f"{proposal['report_ref']} hoort mogelijk bij {target}"),
                  html.Span(f"score {score}", className="proposal-score")], className="alert-head"),
        html.P(f"Nieuw: {proposal['report_text']}", className="proposal-text"),
        html.P(f"Eerder: {proposal['candidate_text']}", className="proposal-text"),
        html.P(f"Waarom: {proposal['reasons']}.", className="proposal-reasons"),
        html.Div(buttons, className="alert-actions"),
    ], className="proposal-card", id=f"proposal-{proposal['id']}")


def proposal_list(cards: list[html.Div]) -> list:
    return cards or [html.P("Geen open voorstellen.", className="alerts-empty")]
