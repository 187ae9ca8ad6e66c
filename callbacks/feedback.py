"""Terugkoppeling: figures per period and group, the feedback-owed queue, and sending a message."""

from __future__ import annotations

from datetime import timedelta

from dash import Input, Output, State, callback, ctx, html, no_update

from auth.current import current_principal
from auth.guard import guard
from auth.principal import ANALYSIS_ROLES, HANDLING_ROLES
from components.feedback import export_links, failed_list, feedback_tiles, group_rows, queue_rows, states_figure
from data_access.feedback_queries import GROUPS, combined, failed_messages, feedback_figures, feedback_queue
from data_access.models import Category, utcnow
from data_access.reports import get_report
from data_access.request_session import db_session
from data_access.trend_queries import local_midnight
from data_access.vocabulary import STATUS_LABELS
from services.exports import parse_period
from services.feedback_templates import KINDS, render
from services.report_actions import send_feedback
from services.workflow import WorkflowError

@callback(Output("fb-tiles", "children"), Output("fb-states", "figure"), Output("fb-groups", "rowData"),
          Output("fb-groups-export", "children"), Output("fb-message", "children"),
          Input("fb-period", "start_date"), Input("fb-period", "end_date"), Input("fb-group", "value"))
@guard(*ANALYSIS_ROLES)
def update_figures(start, end, group):
    try:
        first, last = parse_period(start, end)
    except ValueError as err:
        return no_update, no_update, no_update, no_update, html.P(str(err), className="form-error")
    group = group if group in GROUPS else "organisatie"
    session, principal, now = db_session(), current_principal(), utcnow()
    window = (local_midnight(first), local_midnight(last + timedelta(days=1)))
    rows = feedback_figures(session, principal, *window, now, group)
    params = f"?van={first.isoformat()}&tot={last.isoformat()}&per={group}"
    return (feedback_tiles(combined(rows)), states_figure(rows), group_rows(rows),
            export_links("terugkoppeling", params), None)


@callback(Output("fb-queue", "rowData"), Output("fb-failed", "children"),
          Input("fb-refresh", "n_intervals"), Input("fb-sent", "data"))
@guard(*ANALYSIS_ROLES)
def refresh_queue(_n, _sent):
    session, principal, now = db_session(), current_principal(), utcnow()
    own_only = principal.handles_reports   # staff see what they can send; managers see all
    return (queue_rows(feedback_queue(session, principal, now, own_only), now, STATUS_LABELS),
            failed_list(failed_messages(session, principal)))


@callback(Output("fb-body", "value"), Output("fb-selected", "children"), Output("fb-kind", "value"),
          Output("fb-send-message", "children", allow_duplicate=True),
          Input("fb-queue", "selectedRows"), Input("fb-kind", "value"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def fill_template(selected, kind):
    """The template for the chosen row; choosing a row also picks the kind of message it owes, and
    clears what the send button said about an earlier choice ("kies eerst een melding")."""
    if not selected:       # nothing chosen (also right after a send): keep what the send said
        return "", "Kies een melding in de lijst.", no_update, no_update
    if ctx.triggered_id == "fb-queue" and selected[0].get("owed") in KINDS:
        kind = selected[0]["owed"]
    principal, session = current_principal(), db_session()
    report = get_report(session, principal, int(selected[0].get("id", 0)))
    if report is None:
        return "", "Melding niet gevonden of geen toegang.", no_update, None
    if report.organisation_id != principal.organisation_id:
        return "", f"{report.reference}: berichten stuurt de behandelende organisatie.", no_update, None
    try:
        body = render(kind, report, session.get(Category, report.category_id))
    except KeyError:
        return "", "Kies het soort bericht.", no_update, None
    return body, f"Melding {report.reference}", kind, None


@callback(Output("fb-send-message", "children"), Output("fb-sent", "data"), Output("fb-queue", "selectedRows"),
          Input("fb-send", "n_clicks"), State("fb-queue", "selectedRows"), State("fb-kind", "value"),
          State("fb-body", "value"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def send(_clicks, selected, kind, body):
    """Put the message in the outbox; after a send the form starts empty (no report chosen, no text),
    so a second click cannot send the same text again."""
    if not selected:
        return html.P("Kies eerst een melding in de lijst.", className="form-error"), no_update, no_update
    principal, session = current_principal(), db_session()
    try:
        message = send_feedback(session, principal, int(selected[0].get("id", 0)),
                                int(selected[0].get("version", 0)), kind, body)
    except (WorkflowError, ValueError, TypeError) as err:
        session.rollback()
        text = str(err) if isinstance(err, WorkflowError) else "Ongeldige keuze."
        return html.P(text, className="form-error"), no_update, no_update
    session.commit()
    return (html.P(f"Bericht klaargezet voor verzending naar de melder van {selected[0].get('referentie', '')}.",
                   className="fb-ok"), message.id, [])
