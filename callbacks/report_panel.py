"""The report panel: open a report (scoped by the server's Principal), act on it, show contact.

The report id and version come from the browser; every load goes through get_report with the
principal, every action through services (editable_report checks organisation and version).
"""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, no_update
from dash.exceptions import PreventUpdate
from flask import current_app

from auth.current import current_principal, request_page
from auth.guard import guard
from auth.principal import HANDLING_ROLES, MAP_ROLES
from components.report_panel import (
    PanelView, contact_details, message, panel_body, panel_title,
)
from data_access import report_details as details
from data_access.ids import row_id
from data_access.models import Team, User, utcnow
from data_access.reports import get_report, reporter_contact
from data_access.request_session import db_session
from services import report_actions as actions
from services.feedback_templates import render, templates_for
from services.workflow import WorkflowError, allowed_transitions, change_status

HIDDEN, SHOWN = "report-panel report-panel-hidden", "report-panel"
NOT_FOUND = "Melding niet gevonden of u hebt geen toegang."


def _report_id(data) -> int | None:
    return row_id(data.get("id")) if isinstance(data, dict) else None


def _action_options(session, principal, report) -> dict:
    return {
        "statuses": allowed_transitions(report.status),
        "teams": [{"label": t.name, "value": t.id} for t in details.assignable_teams(session, principal)],
        "users": [{"label": u.display_name, "value": u.id} for u in details.assignable_users(session, principal)],
        "categories": [{"label": f"{c.name} ({c.parent.name})", "value": c.slug}
                       for c in details.sub_categories(session, handled_by=report.organisation_id)],
        "incidents": [{"label": f"{i.title} ({i.id})", "value": i.id}
                      for i in details.open_incidents(session, principal, utcnow())],
        "organisations": [{"label": o.name, "value": o.code} for o in details.handover_targets(session, report)],
    }


def _view(session, principal, report) -> PanelView:
    settings = current_app.config["HNM_SETTINGS"]
    handles = principal.may_see_personal_data_of(report.organisation_id)      # works the report
    personal = principal.may_see_personal_data_of(report.organisation_id, report.category_id)
    team = session.get(Team, report.team_id) if report.team_id else None
    assignee = session.get(User, report.assignee_id) if report.assignee_id else None
    return PanelView(
        report=report, events=details.timeline(session, principal, report),
        related=details.related_reports(session, principal, report),
        incident=details.incident_of(session, principal, report),
        feedback=details.feedback_messages(session, report),
        sla=actions.sla_state(report, utcnow()),
        team=team.name if team else "geen team", assignee=assignee.display_name if assignee else "niemand",
        buurt=details.area_name(session, report.buurt_code),
        tile_url=settings.tile_url, tile_attribution=settings.tile_attribution,
        shows_contact_button=personal, show_feedback_text=personal,
        pseudonymised=not principal.reads_as_written(report.organisation_id, report.category_id),
        photo_ids=details.photo_ids(session, report) if handles else [],
        category_names=details.category_names(session),
        actions=_action_options(session, principal, report) if handles else None,
        templates={kind: render(kind, report, report.category)
                   for kind in templates_for(report.category, report.status)} if handles else {})


@callback(Output("report-panel", "className"), Output("report-panel-title", "children"),
          Output("report-panel-body", "children"), Output("report-panel-loaded", "data"),
          Output("report-panel-message", "children"),
          Input("selected-report", "data"), Input("report-panel-outcome", "data"),
          Input("report-panel-close", "n_clicks"), prevent_initial_call=True)
@guard(*MAP_ROLES)
def show_report(selected, outcome, _close):
    trigger = ctx.triggered_id
    if trigger == "report-panel-close":
        return HIDDEN, "Melding", [], None, ""
    note = ""
    if trigger == "report-panel-outcome":
        if not outcome:
            raise PreventUpdate
        note = message(outcome["message"], outcome["ok"])
        if not outcome.get("reload"):
            return no_update, no_update, no_update, no_update, note
        report_id = _report_id(outcome)
    else:
        report_id = _report_id(selected)
    if report_id is None:
        return HIDDEN, "Melding", [], None, ""
    session, principal = db_session(), current_principal()
    report = get_report(session, principal, report_id)
    if report is None:
        return SHOWN, "Melding", [], None, message(NOT_FOUND, False)
    return (SHOWN, panel_title(report), panel_body(_view(session, principal, report)),
            {"id": report.id, "version": report.version}, note)


# A newly opened report starts at its top (the panel kept the previous report's scroll position);
# reloading the same report after an action keeps the place the user was working at.
clientside_callback(
    """function (loaded) {
        var id = loaded ? loaded.id : null;
        if (id !== null && id !== window.hnmPanelReportId) {
            ["report-panel-body", "report-panel"].forEach(function (name) {
                var element = document.getElementById(name);
                if (element) { element.scrollTop = 0; }
            });
        }
        window.hnmPanelReportId = id;
        return window.dash_clientside.no_update;
    }""",
    Output("report-panel-body", "title"), Input("report-panel-loaded", "data"), prevent_initial_call=True)


def _perform(session, principal, name: str, report_id: int, version: int, fields: dict) -> str:
    """Run one action; returns the Dutch confirmation."""
    if name == "status":
        if not fields.get("status"):
            raise WorkflowError("Kies eerst de nieuwe status.")
        change_status(session, principal, report_id, version, fields["status"], fields.get("status_note") or "")
        return "De status is gewijzigd."
    if name == "assign":
        actions.assign(session, principal, report_id, version, fields.get("team"), fields.get("assignee"))
        return "De melding is toegewezen."
    if name == "category":
        actions.change_category(session, principal, report_id, version, fields.get("category") or "")
        return "De categorie is gecorrigeerd."
    if name == "urgency":
        actions.change_urgency(session, principal, report_id, version, fields.get("urgency") == "spoed")
        return "De urgentie is gecorrigeerd."
    if name == "note":
        actions.add_note(session, principal, report_id, version, fields.get("note") or "")
        return "De notitie is toegevoegd."
    if name == "link":
        if not fields.get("incident"):
            raise WorkflowError("Kies eerst een incident.")
        actions.link_incident(session, principal, report_id, version, int(fields["incident"]))
        return "De melding is aan het incident gekoppeld."
    if name == "unlink":
        actions.unlink_incident(session, principal, report_id, version)
        return "De melding is losgekoppeld van het incident."
    if name == "handover":
        actions.hand_over(session, principal, report_id, version, fields.get("handover_org") or "",
                          share="gedeeld" in (fields.get("handover_share") or []),
                          note=fields.get("handover_note") or "")
        return "De melding is overgedragen."
    if name == "feedback":
        actions.send_feedback(session, principal, report_id, version, fields.get("feedback_kind") or "",
                              fields.get("feedback_body") or "")
        return "De terugkoppeling staat klaar voor verzending."
    raise WorkflowError("Onbekende actie.")


@callback(Output("report-panel-outcome", "data"),
          Input({"type": "rp-action", "name": ALL}, "n_clicks"),
          State({"type": "rp-field", "name": ALL}, "value"),
          State("report-panel-loaded", "data"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def act(clicks, _values, loaded):
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(clicks or []) or not ctx.triggered[0].get("value"):
        raise PreventUpdate
    report_id, version = _report_id(loaded), (loaded or {}).get("version")
    if report_id is None or not isinstance(version, int):
        return {"id": report_id, "ok": False, "reload": False, "message": NOT_FOUND}
    fields = {item["id"]["name"]: item.get("value") for item in ctx.states_list[0]}
    session, principal = db_session(), current_principal()
    try:
        text = _perform(session, principal, trigger["name"], report_id, version, fields)
    except (WorkflowError, ValueError) as err:
        session.rollback()
        return {"id": report_id, "ok": False, "reload": False, "message": str(err)}
    session.commit()
    return {"id": report_id, "ok": True, "reload": True, "message": text}


@callback(Output("report-panel-contact", "children"), Input("report-panel-contact-button", "n_clicks"),
          State("report-panel-loaded", "data"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def show_contact(clicks, loaded):
    if not clicks:
        raise PreventUpdate
    session, principal = db_session(), current_principal()
    report = get_report(session, principal, _report_id(loaded) or 0)
    if report is None or not principal.may_see_personal_data_of(report.organisation_id, report.category_id):
        return message("Contactgegevens zijn alleen voor de behandelende organisatie.", False)
    contact = reporter_contact(session, principal, report, source=request_page())
    session.commit()            # the audit row of this view
    return contact_details(contact)


@callback(Output({"type": "rp-field", "name": "feedback_body"}, "value"),
          Input({"type": "rp-field", "name": "feedback_kind"}, "value"),
          State("report-panel-loaded", "data"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def fill_feedback_template(kind, loaded):
    session, principal = db_session(), current_principal()
    report = get_report(session, principal, _report_id(loaded) or 0)
    if report is None or kind is None or not principal.may_see_personal_data_of(report.organisation_id):
        raise PreventUpdate
    try:
        return render(kind, report, report.category)
    except KeyError:
        raise PreventUpdate from None
