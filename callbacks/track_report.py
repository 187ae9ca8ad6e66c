"""Volg uw melding (public): everything is found through the hashed token, never through an id."""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update
from sqlalchemy import select

from auth.guard import guard
from components.resident import not_found, status_view
from data_access.models import FeedbackMessage, SatisfactionAnswer
from data_access.request_session import db_session
from data_access.vocabulary import CLOSED_STATUSES, SENT
from services.photos import attach_photo, prepare_photo
from services.satisfaction import record_answer
from services.tracking import add_information, report_for_token
from services.workflow import WorkflowError


@callback(Output("track-view", "children"), Output("track-add-box", "hidden"),
          Output("track-survey-box", "hidden"),
          Input("track-token", "data"), Input("track-refresh", "data"))
@guard(public=True)
def show_report(token, _refresh):
    session = db_session()
    report = report_for_token(session, token)
    if report is None:
        return not_found(), True, True
    messages = session.scalars(select(FeedbackMessage).where(
        FeedbackMessage.report_id == report.id, FeedbackMessage.state == SENT)
        .order_by(FeedbackMessage.sent_at)).all()
    answered = session.scalar(select(SatisfactionAnswer.id).where(
        SatisfactionAnswer.report_id == report.id, SatisfactionAnswer.answered_at >= report.closed_at)
        .limit(1)) if report.closed_at else None
    survey_hidden = report.status != "afgehandeld" or answered is not None
    return status_view(report, messages), report.status in CLOSED_STATUSES, survey_hidden


@callback(Output("track-add-message", "children"), Output("track-addition", "value"),
          Input("track-add", "n_clicks"), State("track-token", "data"), State("track-addition", "value"),
          prevent_initial_call=True)
@guard(public=True)
def add(_n, token, text):
    session = db_session()
    report = report_for_token(session, token)
    if report is None:
        return "Deze link werkt niet (meer).", no_update
    try:
        add_information(session, report, text)
    except WorkflowError as error:
        session.rollback()
        return str(error), no_update
    session.commit()
    return "Bedankt, we hebben uw aanvulling toegevoegd aan uw melding.", ""


@callback(Output("track-photo-message", "children"), Input("track-photo", "contents"),
          State("track-token", "data"), prevent_initial_call=True)
@guard(public=True)
def add_photo(contents, token):
    session = db_session()
    report = report_for_token(session, token)
    if report is None:
        return "Deze link werkt niet (meer)."
    if not contents:
        return ""
    try:
        attach_photo(session, report, prepare_photo(contents))
    except WorkflowError as error:
        session.rollback()
        return str(error)
    session.commit()
    return "Bedankt, we hebben uw foto toegevoegd aan uw melding."


@callback(Output("track-answer-message", "children"), Output("track-refresh", "data"),
          Input("track-answer", "n_clicks"), State("track-token", "data"), State("track-satisfied", "value"),
          State("track-reason", "value"), State("track-answer-text", "value"), State("track-refresh", "data"),
          prevent_initial_call=True)
@guard(public=True)
def answer(_n, token, satisfied, reason, text, refresh):
    session = db_session()
    report = report_for_token(session, token)
    if report is None:
        return "Deze link werkt niet (meer).", no_update
    if satisfied not in ("ja", "nee"):
        return "Kies eerst: tevreden of niet tevreden.", no_update
    try:
        record_answer(session, report.id, satisfied == "ja", reason if satisfied == "nee" else None, text or "")
    except WorkflowError as error:
        session.rollback()
        return str(error), no_update
    session.commit()
    thanks = ("Bedankt voor uw antwoord." if satisfied == "ja"
              else "Bedankt. We kijken opnieuw naar uw melding.")
    return thanks, (refresh or 0) + 1
