"""Tijdlijn: filters to the URL, the URL to figures, a reference to its ordered events."""

from datetime import timedelta

from dash import Input, Output, State, callback, ctx, html

from auth.current import current_principal
from auth.guard import guard
from auth.principal import ANALYSIS_ROLES
from components.filter_url import analysis_filters, filter_inputs, search_from_controls
from components.kpi import format_number
from components.palette import NORMAL_COLOUR, URGENT_COLOUR, category_colours
from components.timeline import counts_figure, events_table, heatmap_figure
from data_access.history import newest_report_at
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.time_buckets import LOCAL_TZ, bucket_for_range
from data_access.timeline_queries import (
    STACKS, counts_over_time, find_incident_id, find_report_id, hour_weekday_counts,
    timeline_events,
)
from data_access.vocabulary import CHANNELS, STATUS_LABELS
from services.map_filters import URGENCY, load_options


@callback(Output("tl-url", "search"), *[Input(i, p) for i, p in filter_inputs("tl")], State("tl-url", "search"),
          prevent_initial_call=True)
@guard(*ANALYSIS_ROLES)
def timeline_filters_to_url(*values):
    return search_from_controls(load_options(db_session()), values[-1], *values[:-1])


@callback(Output("tl-counts", "figure"), Output("tl-heatmap", "figure"), Output("tl-message", "children"),
          Input("tl-url", "search"), Input("tl-stack", "value"))
@guard(*ANALYSIS_ROLES)
def update_timeline(search, stack):
    session, principal = db_session(), current_principal()
    options = load_options(session)
    _, filters = analysis_filters(search, options, utcnow(), newest_report_at(session, principal))
    stack = stack if stack in STACKS else "categorie"
    bucket = bucket_for_range(filters.first_local_day, filters.last_local_day)
    rows = counts_over_time(session, principal, filters, bucket, stack)
    labels = {"urgentie": URGENCY, "kanaal": CHANNELS}.get(stack, {})
    colours = {"categorie": category_colours(options.main),
               "urgentie": {"ja": URGENT_COLOUR, "nee": NORMAL_COLOUR}}.get(stack)
    first = filters.start.astimezone(LOCAL_TZ).replace(tzinfo=None)
    last = (filters.end - timedelta(microseconds=1)).astimezone(LOCAL_TZ).replace(tzinfo=None)   # end: exclusive
    total = sum(n for *_, n in rows)
    message = [html.P(error, className="form-error") for error in filters.errors] + [
        html.P(f"{format_number(total)} meldingen in deze periode.", id="tl-total")]
    return (counts_figure(rows, labels, bucket, first, last, colours),
            heatmap_figure(hour_weekday_counts(session, principal, filters)), message)


@callback(Output("tl-events", "children"), Input("tl-ref", "value"), Input("tl-pick", "value"),
          prevent_initial_call=True)
@guard(*ANALYSIS_ROLES)
def show_events(reference, picked):
    text = (picked if ctx.triggered_id == "tl-pick" else reference) or ""
    if not text.strip():
        return ""
    session, principal = db_session(), current_principal()
    report_id = find_report_id(session, principal, text)
    incident_id = None if report_id else find_incident_id(session, principal, text)
    if report_id is None and incident_id is None:
        return html.P("Geen melding of incident gevonden met deze referentie, of u hebt er geen toegang toe. "
                      "Gebruik bijvoorbeeld HNM-0000123 of INC-12.", className="form-error")
    events = timeline_events(session, principal, report_id=report_id, incident_id=incident_id)
    title = text.strip().upper() if report_id else f"Incident {incident_id}"
    return [html.H3(f"{title}: {len(events)} gebeurtenissen"),
            events_table(events, STATUS_LABELS, show_reference=incident_id is not None)]
