"""Working a report: assign, correct, note, link to an incident, hand over, send feedback.

Every function takes the server-built Principal and the version the user loaded, refuses with a
Dutch WorkflowError (or ConflictError for a stale version) and leaves nothing half-written, and
puts one event on the report's timeline. Status changes go through services.workflow.change_status.
The caller commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import HANDLING_ROLES, Principal
from data_access.models import (
    Category, FeedbackMessage, Incident, Organisation, Report, ReporterContact, Team, User,
)
from data_access.report_details import handover_targets, sub_categories
from data_access.scoping import scoped_select
from services.feedback_templates import KINDS
from services.workflow import (
    CLOSED_STATUSES, WorkflowError, due_at_for, editable_report, flush_or_conflict, record,
)

CORRECTION = "correctie"
MAX_NOTE = 2000
MAX_FEEDBACK = 4000
# The team that receives a report handed over to an organisation.
DEFAULT_TEAMS = {"politie": "meldkamer", "gemeente": "regie"}
SLA_ALMOST = 0.2          # "bijna": less than this share of the handling term is left


def urgency_label(urgent: bool) -> str:
    return "spoed" if urgent else "geen spoed"


def sla_state(report: Report, now: datetime) -> str:
    """op tijd | bijna | te laat (open reports against due_at; closed ones against closed_at)."""
    if report.due_at is None:
        return "geen termijn"
    moment = report.closed_at if report.status in CLOSED_STATUSES and report.closed_at else now
    if moment > report.due_at:
        return "te laat"
    if report.status in CLOSED_STATUSES:
        return "op tijd"
    term = (report.due_at - report.received_at).total_seconds()
    left = (report.due_at - now).total_seconds()
    return "bijna" if term > 0 and left < SLA_ALMOST * term else "op tijd"


def _team_label(session: Session, team_id: int | None) -> str:
    return session.get(Team, team_id).name if team_id else "geen team"


def _user_label(session: Session, user_id: int | None) -> str:
    return session.get(User, user_id).display_name if user_id else "niemand"


def assign(session: Session, principal: Principal, report_id: int, expected_version: int,
           team_id: int | None = None, assignee_id: int | None = None) -> Report:
    """Give the report to a team and/or a person of the handling organisation."""
    report = editable_report(session, principal, report_id, expected_version)
    if team_id is None and assignee_id is None:
        raise WorkflowError("Kies een team of een persoon.")
    team = session.get(Team, team_id) if team_id is not None else None
    if team_id is not None and (team is None or team.organisation_id != report.organisation_id):
        raise WorkflowError("Dit team hoort niet bij de behandelende organisatie.")
    if assignee_id is not None:
        user = session.get(User, assignee_id)
        if user is None or not user.active or user.organisation_id != report.organisation_id \
                or not {r.role for r in user.roles} & HANDLING_ROLES:
            raise WorkflowError("Deze persoon kan meldingen van deze organisatie niet behandelen.")
        if team is None and user.team_id is not None:
            team_id = user.team_id
    before = f"{_team_label(session, report.team_id)} / {_user_label(session, report.assignee_id)}"
    if team_id is not None:
        report.team_id = team_id
    if assignee_id is not None:
        report.assignee_id = assignee_id
    after = f"{_team_label(session, report.team_id)} / {_user_label(session, report.assignee_id)}"
    if before == after:
        raise WorkflowError("De melding is al zo toegewezen.")
    record(session, report, principal, "toewijzing", before, after)
    flush_or_conflict(session)
    return report


def change_category(session: Session, principal: Principal, report_id: int, expected_version: int,
                    sub_slug: str) -> Report:
    """Correct the (sub)category; the triage model learns from these corrections."""
    report = editable_report(session, principal, report_id, expected_version)
    category = session.scalar(select(Category).where(
        Category.slug == sub_slug, Category.parent_id.is_not(None), Category.active.is_(True)))
    if category is None:
        raise WorkflowError("Kies een bestaande subcategorie.")
    if category not in sub_categories(session, handled_by=report.organisation_id):
        raise WorkflowError(f"{report.organisation.name} behandelt geen meldingen van de categorie "
                            f"'{category.name}' (zie de deelregels van de regio); draag de melding over.")
    if category.id == report.category_id:
        raise WorkflowError("De melding heeft deze categorie al.")
    record(session, report, principal, CORRECTION, report.category.slug, category.slug,
           f"Categorie gecorrigeerd: {report.category.name} → {category.name}")
    report.category, report.main_category = category, category.parent
    report.needs_triage = False         # a person decided the category
    report.due_at = due_at_for(category, report.received_at, report.urgent)
    flush_or_conflict(session)
    return report


def change_urgency(session: Session, principal: Principal, report_id: int, expected_version: int,
                   urgent: bool) -> Report:
    report = editable_report(session, principal, report_id, expected_version)
    if bool(urgent) == report.urgent:
        raise WorkflowError(f"De melding staat al op {urgency_label(report.urgent)}.")
    record(session, report, principal, CORRECTION, urgency_label(report.urgent),
           urgency_label(urgent), "Urgentie gecorrigeerd")
    report.urgent = bool(urgent)
    report.safety_check = False         # a person decided whether it is urgent
    report.due_at = due_at_for(report.category, report.received_at, report.urgent)
    flush_or_conflict(session)
    return report


def add_note(session: Session, principal: Principal, report_id: int, expected_version: int,
             text: str) -> Report:
    """An internal note: staff only, never sent to the reporter."""
    report = editable_report(session, principal, report_id, expected_version)
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Schrijf eerst een notitie.")
    if len(text) > MAX_NOTE:
        raise WorkflowError(f"De notitie is te lang (maximaal {MAX_NOTE} tekens).")
    record(session, report, principal, "notitie", detail=text)
    flush_or_conflict(session)
    return report


def _linkable_incident(session: Session, principal: Principal, incident_id: int | None) -> Incident:
    incident = session.scalar(scoped_select(principal, Incident).where(Incident.id == incident_id))
    if incident is None:
        raise WorkflowError("Incident niet gevonden of geen toegang.")
    return incident


def link_incident(session: Session, principal: Principal, report_id: int, expected_version: int,
                  incident_id: int) -> Report:
    """Link the report to an open incident. The event names the incident's title, so it is as
    visible as the stricter of report and incident: a shared report's link to a police incident
    is police-only (the title of a confirmed police incident is a police report's text)."""
    report = editable_report(session, principal, report_id, expected_version)
    incident = _linkable_incident(session, principal, incident_id)
    if incident.status != "open":
        raise WorkflowError("Dit incident is afgesloten; een melding kunt u alleen aan een open incident koppelen.")
    if report.incident_id == incident.id:
        raise WorkflowError("De melding hoort al bij dit incident.")
    record(session, report, principal, "incident", report.incident_id, incident.id,
           f"Gekoppeld aan incident: {incident.title}", quoting=incident.visibility)
    report.incident_id = incident.id
    flush_or_conflict(session)
    return report


def unlink_incident(session: Session, principal: Principal, report_id: int,
                    expected_version: int) -> Report:
    report = editable_report(session, principal, report_id, expected_version)
    if report.incident_id is None:
        raise WorkflowError("De melding hoort niet bij een incident.")
    incident = _linkable_incident(session, principal, report.incident_id)
    record(session, report, principal, "incident", report.incident_id, None,
           "Losgekoppeld van het incident", quoting=incident.visibility)
    report.incident_id = None
    flush_or_conflict(session)
    return report


def hand_over(session: Session, principal: Principal, report_id: int, expected_version: int,
              to_organisation: str, share: bool = False, note: str = "") -> Report:
    """Overdragen: another organisation's default team takes the report over. The region's sharing
    rules say which organisations may handle the report's category (politie and gemeente unless
    the region says otherwise; a partner only where a rule names it); every hand-over is an event
    on the timeline, so the history stays whoever holds the report.

    A police-only report leaves the police only when the police user explicitly shares it
    (`share=True` makes it 'gedeeld', recorded as its own event)."""
    report = editable_report(session, principal, report_id, expected_version)
    target = session.scalar(select(Organisation).where(Organisation.code == to_organisation))
    if target is None:
        raise WorkflowError("Onbekende organisatie.")
    if target.id == report.organisation_id:
        raise WorkflowError("De melding ligt al bij deze organisatie.")
    if report.status in CLOSED_STATUSES:
        raise WorkflowError("Een afgesloten melding kunt u niet overdragen. Heropen hem eerst.")
    if report.visibility == "politie" and target.code != "politie" and not share:
        raise WorkflowError("Dit is een melding alleen voor de politie. Maak hem eerst 'gedeeld' "
                            "als de gemeente hem mag zien; anders kunt u hem niet overdragen.")
    if target not in handover_targets(session, report):
        raise WorkflowError(f"{target.name} behandelt geen meldingen van de categorie "
                            f"'{report.category.name}' (zie de deelregels van de regio).")
    team = session.scalar(select(Team).where(Team.organisation_id == target.id,
                                             Team.code == DEFAULT_TEAMS.get(target.code, "")))
    if team is None:
        team = session.scalar(select(Team).where(Team.organisation_id == target.id).order_by(Team.id))
    if share and report.visibility != "gedeeld":
        before, report.visibility = report.visibility, "gedeeld"
        record(session, report, principal, "zichtbaarheid", before, "gedeeld",
               f"Gedeeld met {target.name} voor overdracht")
    record(session, report, principal, "overdracht", report.organisation.name, target.name,
           (note or "").strip()[:MAX_NOTE])
    report.organisation, report.team = target, team
    report.assignee_id = None
    flush_or_conflict(session)
    return report


def send_feedback(session: Session, principal: Principal, report_id: int, expected_version: int,
                  kind: str, body: str) -> FeedbackMessage:
    """Queue a terugkoppeling for the reporter (the outbox delivers it) and note it on the timeline."""
    report = editable_report(session, principal, report_id, expected_version)
    if kind not in KINDS:
        raise WorkflowError("Kies het soort bericht.")
    body = (body or "").strip()
    if not body:
        raise WorkflowError("Het bericht is leeg.")
    if len(body) > MAX_FEEDBACK:
        raise WorkflowError(f"Het bericht is te lang (maximaal {MAX_FEEDBACK} tekens).")
    # Only whether the reporter can be reached is read here; nobody sees the details.
    reachable = session.execute(select(ReporterContact.email.is_not(None), ReporterContact.phone.is_not(None))
                                .where(ReporterContact.report_id == report.id)).first()
    if reachable is None or not any(reachable):
        raise WorkflowError("Van deze melder hebben we geen e-mailadres of telefoonnummer. "
                            "Terugkoppeling is niet mogelijk.")
    message = FeedbackMessage(report_id=report.id, kind=kind, body=body,
                              channel="email" if reachable[0] else "sms",
                              created_by_id=principal.user_id, state="wachtrij")
    session.add(message)
    record(session, report, principal, "terugkoppeling", to_value=kind,
           detail=f"{KINDS[kind]} klaargezet voor verzending")
    flush_or_conflict(session)
    return message
