"""The report panel: one report to read and work, opened from the map, a queue or the ticker.

Pages that use it hold `dcc.Store(id="selected-report")` with data {"id": <report id>} and include
`report_panel()`; the panel's callbacks (callbacks/report_panel.py) fill it on the server and
call `panel_body(view)` with what the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dash_leaflet as dl
from dash import dcc, html

from components.dates import format_datetime
from data_access.models import FeedbackMessage, Incident, Report, ReportEvent
from data_access.report_details import NEARBY_METRES
from data_access.vocabulary import CHANNELS, EVENT_LABELS, MESSAGE_STATE_LABELS, STATUS_LABELS, value_label
from services.feedback_templates import KINDS
from services.privacy.pseudonymise import pseudonymise, street_only

SLA_TONES = {"op tijd": "ok", "bijna": "warn", "te laat": "alert", "geen termijn": "neutral"}


@dataclass
class PanelView:
    """Everything the panel shows, gathered (and scoped) by the callback."""
    report: Report
    events: list[ReportEvent]
    related: list[tuple[Report, int]]      # (report, metres away), nearest first
    incident: Incident | None
    feedback: list[FeedbackMessage]
    sla: str
    team: str
    assignee: str
    buurt: str | None
    tile_url: str
    tile_attribution: str
    shows_contact_button: bool = False
    show_feedback_text: bool = False
    actions: dict | None = None     # options for the action forms; None: read-only
    templates: dict[str, str] = field(default_factory=dict)
    photo_ids: list[int] = field(default_factory=list)   # only filled for the handling organisation
    category_names: dict[str, str] = field(default_factory=dict)   # slug -> name, for the timeline
    # another organisation's (shared) report: its text, notes and house number leave the handling
    # organisation, so they are pseudonymised (issue 17)
    pseudonymised: bool = False


def report_panel() -> html.Div:
    """A side panel, hidden until a report is selected."""
    return html.Aside([
        html.Div([
            html.H2("Melding", id="report-panel-title", className="report-panel-title"),
            html.Button("Sluiten", id="report-panel-close", n_clicks=0, className="report-panel-close",
                        **{"aria-label": "Melding sluiten"}),
        ], className="report-panel-header"),
        html.Div(id="report-panel-message", className="report-panel-message", role="status"),
        html.Div(id="report-panel-body", className="report-panel-body"),
        dcc.Store(id="report-panel-loaded"),     # {"id", "version"} of what the user sees
        dcc.Store(id="report-panel-outcome"),    # the last action's result
    ], id="report-panel", className="report-panel report-panel-hidden",
        **{"aria-label": "Melding bekijken en behandelen"})


def local_time(moment) -> str:
    return format_datetime(moment) or "-"


def panel_title(report: Report) -> str:
    return f"{report.reference} · {report.category.name}"


def message(text: str, ok: bool) -> html.Div:
    return html.Div(text, className=f"rp-note rp-note-{'ok' if ok else 'error'}")


def _badge(text: str, tone: str) -> html.Span:
    return html.Span(text, className=f"rp-badge rp-badge-{tone}")


def _facts(rows: list[tuple[str, object]]) -> html.Dl:
    items = []
    for label, value in rows:
        items += [html.Dt(label), html.Dd(value)]
    return html.Dl(items, className="rp-facts")


def _mini_map(view: PanelView):
    report = view.report
    if report.lat is None or report.lon is None:
        return html.P("Deze melding heeft geen punt op de kaart.", className="rp-muted")
    centre = [report.lat, report.lon]
    return dl.Map([dl.TileLayer(url=view.tile_url, attribution=view.tile_attribution),
                   dl.CircleMarker(center=centre, radius=9, color="#D55E00", fillOpacity=0.8)],
                  center=centre, zoom=16, id="report-panel-map", className="rp-map",
                  style={"height": "170px"})


def _summary(view: PanelView) -> html.Section:
    report = view.report
    badges = [_badge("Spoed" if report.urgent else "Geen spoed", "alert" if report.urgent else "neutral"),
              _badge(STATUS_LABELS.get(report.status, report.status), "info"),
              _badge(f"Termijn: {view.sla}", SLA_TONES.get(view.sla, "neutral"))]
    if report.visibility == "politie":
        badges.append(_badge("Alleen politie", "police"))
    if report.safety_check and report.status == "gemeld":
        badges.append(_badge("Controleer eerst: mogelijk iemand in gevaar", "alert"))
    if report.needs_triage:
        badges.append(_badge("Triage onzeker: controleer de categorie", "warn"))
    address = street_only(report.address) if view.pseudonymised else report.address
    place = ", ".join(p for p in (address, view.buurt) if p) or "-"
    return html.Section([
        html.Div(badges, className="rp-badges"),
        html.P(pseudonymise(report.text) if view.pseudonymised else report.text, className="rp-text",
               id="report-panel-text"),
        _facts([("Ontvangen", local_time(report.received_at)),
                ("Kanaal", CHANNELS.get(report.channel, report.channel)),
                ("Categorie", f"{report.main_category.name} › {report.category.name}"),
                ("Locatie", place),
                ("Organisatie", report.organisation.name),
                ("Team / behandelaar", f"{view.team} / {view.assignee}"),
                ("Afhandelen voor", local_time(report.due_at))]),
        _mini_map(view),
    ], className="rp-section")


def _contact(view: PanelView):
    if not view.shows_contact_button:
        return None
    return html.Section([
        html.H3("Melder"),
        html.Button("Toon contactgegevens", id="report-panel-contact-button", n_clicks=0,
                    className="rp-secondary"),
        html.Div(id="report-panel-contact", className="rp-contact"),
        html.P("Elke keer dat u dit opent, wordt dat vastgelegd.", className="rp-muted"),
    ], className="rp-section")


def contact_details(contact) -> html.Div:
    if contact is None:
        return html.P("De melder heeft geen contactgegevens achtergelaten.", className="rp-muted")
    return _facts([("Naam", contact.name or "-"), ("E-mail", contact.email or "-"),
                   ("Telefoon", contact.phone or "-"),
                   ("Wil terugkoppeling", "ja" if contact.wants_feedback else "nee")])


def _field(name: str, component_type, **kwargs):
    return component_type(id={"type": "rp-field", "name": name}, **kwargs)


def _action(name: str, label: str, secondary: bool = False) -> html.Button:
    return html.Button(label, id={"type": "rp-action", "name": name}, n_clicks=0,
                       className="rp-secondary" if secondary else "rp-primary")


def _form(title: str, *children) -> html.Details:
    return html.Details([html.Summary(title), html.Div(list(children), className="rp-form")],
                        className="rp-details")


def _actions(view: PanelView):
    options = view.actions
    if options is None:
        return html.P("U kunt deze melding alleen bekijken.", className="rp-muted rp-readonly")
    report = view.report
    status_choices = [{"label": STATUS_LABELS[s], "value": s} for s in options["statuses"]]
    kinds = list(view.templates)
    forms = [
        _form("Status wijzigen",
              _field("status", dcc.Dropdown, options=status_choices, clearable=False,
                     placeholder="Kies de nieuwe status"),
              _field("status_note", dcc.Input, type="text", placeholder="Toelichting (mag leeg)",
                     className="rp-input"),
              _action("status", "Status wijzigen")),
        _form("Toewijzen",
              _field("team", dcc.Dropdown, options=options["teams"], value=report.team_id,
                     placeholder="Team"),
              _field("assignee", dcc.Dropdown, options=options["users"], value=report.assignee_id,
                     placeholder="Persoon"),
              _action("assign", "Toewijzen")),
        _form("Categorie of urgentie corrigeren",
              _field("category", dcc.Dropdown, options=options["categories"],
                     value=report.category.slug, clearable=False),
              _action("category", "Categorie wijzigen"),
              _field("urgency", dcc.RadioItems, value="spoed" if report.urgent else "geen",
                     options=[{"label": "Spoed", "value": "spoed"},
                              {"label": "Geen spoed", "value": "geen"}], inline=True),
              _action("urgency", "Urgentie wijzigen")),
        _form("Interne notitie",
              _field("note", dcc.Textarea, placeholder="Alleen voor collega's zichtbaar",
                     className="rp-textarea"),
              _action("note", "Notitie toevoegen")),
        _form("Incident",
              _field("incident", dcc.Dropdown, options=options["incidents"],
                     placeholder="Kies een open incident"),
              _action("link", "Koppelen"),
              _action("unlink", "Loskoppelen", secondary=True) if report.incident_id else None),
        _form("Overdragen",
              _field("handover_org", dcc.Dropdown, options=options["organisations"],
                     value=options["organisations"][0]["value"] if options["organisations"] else None,
                     clearable=False),
              _field("handover_share", dcc.Checklist, value=[],
                     options=[{"label": " Maak gedeeld: de organisaties die de deelregels van deze categorie "
                                        "noemen (zoals de gemeente) mogen deze melding zien",
                               "value": "gedeeld"}]) if report.visibility == "politie" else None,
              _field("handover_note", dcc.Input, type="text", placeholder="Toelichting",
                     className="rp-input"),
              _action("handover", "Overdragen")),
        _form("Terugkoppeling aan de melder",
              _field("feedback_kind", dcc.Dropdown, options=[{"label": KINDS[k], "value": k} for k in kinds],
                     value=kinds[0] if kinds else None, clearable=False),
              _field("feedback_body", dcc.Textarea, value=view.templates.get(kinds[0], "") if kinds else "",
                     className="rp-textarea rp-textarea-tall"),
              _action("feedback", "Versturen")),
    ]
    return html.Section([html.H3("Behandelen")] + forms, className="rp-section rp-actions")


def _incident_and_related(view: PanelView) -> html.Section:
    incident = html.P(f"Incident: {view.incident.title}", className="rp-incident") if view.incident \
        else html.P("Niet gekoppeld aan een incident.", className="rp-muted")
    rows = [html.Li([html.Span(r.reference, className="rp-ref"), f" {distance} m · {local_time(r.received_at)} · ",
                     r.category.name, f" · {STATUS_LABELS.get(r.status, r.status)}"])
            for r, distance in view.related]
    related = html.Ul(rows, className="rp-list") if rows else \
        html.P(f"Geen andere meldingen binnen {NEARBY_METRES} m in deze dagen.", className="rp-muted")
    return html.Section([html.H3("Incident en meldingen in de buurt"),
                         html.P(f"Binnen {NEARBY_METRES} m en 3 dagen ervoor of erna, dichtstbij eerst.",
                                className="rp-muted"), incident, related],
                        className="rp-section")


def _photos(view: PanelView):
    if not view.photo_ids:
        return None
    links = [html.A(f"Foto {n}", href=f"/foto/{photo_id}", target="_blank", rel="noopener",
                    className="rp-photo-link") for n, photo_id in enumerate(view.photo_ids, 1)]
    return html.Section([html.H3("Foto's van de melder"), html.P(links, className="rp-photos")],
                        className="rp-section")


def _feedback(view: PanelView) -> html.Section:
    rows = [html.Li([html.Strong(KINDS.get(m.kind, m.kind)),
                     f" · {local_time(m.created_at)} · {MESSAGE_STATE_LABELS.get(m.state, m.state)}",
                     html.Div(m.body, className="rp-feedback-body") if view.show_feedback_text else None])
            for m in view.feedback]
    return html.Section([html.H3("Terugkoppeling tot nu toe"),
                         html.Ul(rows, className="rp-list") if rows else
                         html.P("Nog geen terugkoppeling gestuurd.", className="rp-muted")],
                        className="rp-section")


def _event_change(event: ReportEvent, category_names: dict[str, str]) -> str:
    def label(value):       # Dutch words, never codes such as "web" or "ontvangstbevestiging"
        return category_names.get(value) or value_label(value)
    if event.from_value is None and event.to_value is None:
        return ""
    if event.from_value is None:
        return str(label(event.to_value))
    return f"{label(event.from_value)} → {label(event.to_value) if event.to_value is not None else '-'}"


def _timeline(view: PanelView) -> html.Section:
    rows = [html.Li([html.Div([html.Span(local_time(e.at), className="rp-time"),
                               html.Span(EVENT_LABELS.get(e.kind, e.kind), className="rp-kind"),
                               html.Span(e.actor_label, className="rp-actor")], className="rp-event-head"),
                     html.Div(_event_change(e, view.category_names), className="rp-change")
                     if _event_change(e, view.category_names) else None,
                     html.Div(pseudonymise(e.detail) if view.pseudonymised else e.detail, className="rp-detail")
                     if e.detail else None],
                    className=f"rp-event rp-event-{e.kind}")
            for e in reversed(view.events)]
    return html.Section([html.H3("Tijdlijn"), html.Ol(rows, className="rp-timeline")],
                        className="rp-section")


def panel_body(view: PanelView) -> list:
    return [_summary(view), _contact(view), _actions(view), _photos(view), _incident_and_related(view),
            _feedback(view), _timeline(view)]
