"""Triagemodel page: accuracy from operators' corrections and the fairness view, for a period."""

from __future__ import annotations

from datetime import timedelta

from dash import Input, Output, callback, html

from auth.current import current_principal
from auth.guard import guard
from auth.principal import MODEL_ROLES
from components.figure_theme import graph
from components.triage_model import (
    DEFAULT_PERIOD, PERIODS, accuracy_table, confusion_table, drift_figure, summary_tiles,
)
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.triage_queries import (
    accuracy_per_buurt, accuracy_per_channel, accuracy_per_length, accuracy_per_main, confusions, drift, summary,
)
from data_access.vocabulary import CHANNELS


def _window(period) -> tuple:
    weeks = int(period if period in PERIODS else DEFAULT_PERIOD)
    end = utcnow()
    return end - timedelta(weeks=weeks), end


@callback(Output("tm-accuracy-view", "children"), Input("tm-period", "value"))
@guard(*MODEL_ROLES)
def accuracy_view(period):
    session, principal = db_session(), current_principal()
    start, end = _window(period)
    totals = summary(session, principal, start, end)
    overall = totals.right / totals.checked if totals.checked else None
    return [summary_tiles(totals),
            accuracy_table("Per hoofdcategorie (zoals die uiteindelijk werd)",
                           accuracy_per_main(session, principal, start, end), "tm-per-main", overall),
            confusion_table(confusions(session, principal, start, end)),
            graph("tm-drift", figure=drift_figure(drift(session, principal, start, end)))]


@callback(Output("tm-fairness-view", "children"), Input("tm-period", "value"))
@guard(*MODEL_ROLES)
def fairness_view(period):
    session, principal = db_session(), current_principal()
    start, end = _window(period)
    totals = summary(session, principal, start, end)
    overall = totals.right / totals.checked if totals.checked else None
    return [html.P("Wordt een buurt, een kanaal of wie kort of lang schrijft slechter geholpen? Gemiddeld goed: "
                   f"{'-' if overall is None else f'{overall:.0%}'}.", id="tm-fairness-intro"),
            accuracy_table("Per buurt", accuracy_per_buurt(session, principal, start, end), "tm-per-buurt", overall),
            accuracy_table("Per kanaal", accuracy_per_channel(session, principal, start, end, CHANNELS),
                           "tm-per-channel", overall),
            accuracy_table("Per tekstlengte", accuracy_per_length(session, principal, start, end),
                           "tm-per-length", overall)]
