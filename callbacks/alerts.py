"""Vroegsignalering: alert list with charts, alert state changes, grouping decisions."""

from dash import ALL, Input, Output, State, callback, ctx, no_update

from auth.current import current_principal
from auth.guard import guard
from auth.principal import ANALYSIS_ROLES, HANDLING_ROLES
from components.alerts import alert_card, alert_list, observed_expected_figure, proposal_card, proposal_list
from data_access.alert_queries import get_alert, list_alerts, observed_per_bin
from data_access.incident_queries import open_proposals
from data_access.reports import get_report
from data_access.request_session import db_session
from services import incident_grouping
from services.early_warning import change_alert_state
from services.privacy.pseudonymise import pseudonymise
from services.workflow import WorkflowError


@callback(Output("alerts-list", "children"), Input("alerts-state-filter", "value"),
          Input("alerts-version", "data"), Input("alerts-refresh", "n_intervals"))
@guard(*ANALYSIS_ROLES)
def show_alerts(states, _version, _tick):
    principal, session = current_principal(), db_session()
    cards = []
    for row in list_alerts(session, principal, [s for s in states or [] if isinstance(s, str)]):
        bins, observed, expected = observed_per_bin(session, principal, get_alert(session, principal, row["id"]))
        figure = observed_expected_figure(bins, observed, expected, hourly=row["kind"] == "piek")
        cards.append(alert_card(row, figure, principal.handles_reports))
    return alert_list(cards)


@callback(Output("alerts-message", "children"), Output("alerts-version", "data"),
          Input({"type": "alert-state", "alert": ALL, "state": ALL}, "n_clicks"),
          State("alerts-version", "data"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def change_state(_clicks, version):
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered[0].get("value"):
        return no_update, no_update
    session = db_session()
    try:
        alert = change_alert_state(session, current_principal(), int(trigger["alert"]), str(trigger["state"]))
    except (WorkflowError, ValueError, TypeError) as err:
        session.rollback()
        return str(err), no_update
    session.commit()
    return f"Signaal is nu '{alert.state}'.", (version or 0) + 1


@callback(Output("proposals-list", "children"), Input("proposals-version", "data"),
          Input("alerts-refresh", "n_intervals"))
@guard(*ANALYSIS_ROLES)
def show_proposals(_version, _tick):
    principal = current_principal()
    return proposal_list([proposal_card(_as_readable(p, principal), principal.may_see_personal_data_of(p["organisation_id"]))
                          for p in open_proposals(db_session(), principal)])


def _as_readable(proposal: dict, principal) -> dict:
    """Both texts as written for the handling organisation (and one a sharing rule names),
    pseudonymised for everyone else (issue 17)."""
    report, candidate = (principal.reads_as_written(proposal["organisation_id"], c) for c in proposal["category_ids"])
    return {**proposal, "report_text": proposal["report_text"] if report else pseudonymise(proposal["report_text"]),
            "candidate_text": proposal["candidate_text"] if candidate else pseudonymise(proposal["candidate_text"])}


@callback(Output("proposals-message", "children"), Output("proposals-version", "data"),
          Input({"type": "proposal-action", "proposal": ALL, "action": ALL}, "n_clicks"),
          Input("merge-button", "n_clicks"), Input("split-button", "n_clicks"),
          State("merge-keep", "value"), State("merge-absorb", "value"), State("split-report", "value"),
          State("proposals-version", "data"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def decide(_clicks, _merge, _split, keep, absorb, split_report, version):
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered[0].get("value"):
        return no_update, no_update
    principal, session = current_principal(), db_session()
    try:
        message = _apply(session, principal, trigger, keep, absorb, split_report)
    except (WorkflowError, ValueError, TypeError) as err:
        session.rollback()
        return str(err) if isinstance(err, WorkflowError) else "Vul geldige nummers in.", no_update
    session.commit()
    return message, (version or 0) + 1


def _apply(session, principal, trigger, keep, absorb, split_report) -> str:
    if trigger == "merge-button":
        incident = incident_grouping.merge(session, principal, int(keep), int(absorb))
        return f"Incident {int(absorb)} is samengevoegd met incident {incident.id}."
    if trigger == "split-button":
        report = get_report(session, principal, int(split_report))
        if report is None:
            raise WorkflowError("Melding niet gevonden of geen toegang.")
        incident_grouping.split(session, principal, report.id, report.version)
        return f"Melding {report.reference} is losgemaakt van het incident."
    proposal_id = int(trigger["proposal"])
    if trigger["action"] == "bevestigen":
        incident = incident_grouping.confirm(session, principal, proposal_id)
        return f"Samengevoegd in incident {incident.id}."
    incident_grouping.reject(session, principal, proposal_id)
    return "Voorstel afgewezen; de meldingen blijven apart."
