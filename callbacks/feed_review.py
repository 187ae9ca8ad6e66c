"""Binnengekomen berichten: list the review queue, show the chosen post, accept or reject it."""

from dash import Input, Output, State, callback, ctx, no_update
from sqlalchemy.exc import IntegrityError, OperationalError

from auth.current import current_principal
from auth.guard import guard
from auth.principal import HANDLING_ROLES
from components.feed_review import queue_rows
from data_access.report_details import sub_categories
from data_access.request_session import db_session
from services.feeds import STALE, FeedError, accept_post, is_pending, reject_post, review_queue
from services.gazetteer import streets
from services.intake import IntakeError


@callback(Output("feed-grid", "rowData"), Output("feed-category", "options"),
          Output("feed-grid", "selectedRows"),
          Input("feed-version", "data"), Input("feed-refresh", "n_intervals"))
@guard(*HANDLING_ROLES)
def show_queue(_version, _tick):
    """The queue; after a decision the selection is cleared (a refresh keeps it)."""
    session = db_session()
    categories = sub_categories(session)
    names = {c.slug: c.name for c in categories}
    options = [{"label": c.name, "value": c.slug} for c in categories]
    selection = [] if ctx.triggered_id == "feed-version" else no_update
    return queue_rows(review_queue(session, current_principal()), names), options, selection


@callback(Output("feed-selected", "children"), Output("feed-category", "value"),
          Output("feed-street", "value"), Input("feed-grid", "selectedRows"))
@guard(*HANDLING_ROLES)
def show_selected(rows):
    """Only echoes the chosen row to its own user; every decision checks the post again."""
    row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
    if row is None:
        return "Kies een bericht in de lijst.", None, None
    return f"Gekozen: {str(row.get('text', ''))[:160]}", row.get("proposed_category"), None


@callback(Output("feed-message", "children"), Output("feed-version", "data"),
          Input("feed-accept", "n_clicks"), Input("feed-reject", "n_clicks"),
          State("feed-grid", "selectedRows"), State("feed-category", "value"), State("feed-street", "value"),
          State("feed-reason", "value"), State("feed-version", "data"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def decide(_accept, _reject, rows, category, street_name, reason, version):
    if ctx.triggered_id not in ("feed-accept", "feed-reject") or not ctx.triggered[0].get("value"):
        return no_update, no_update
    try:
        post_id = int(rows[0]["id"])
    except (TypeError, ValueError, KeyError, IndexError):
        return "Kies eerst een bericht in de lijst.", no_update
    session, principal = db_session(), current_principal()
    try:
        if ctx.triggered_id == "feed-accept":
            street = next((s for s in streets() if s.name == street_name), None)
            report = accept_post(session, principal, post_id,
                                 category_slug=category if isinstance(category, str) else None,
                                 lat=street.lat if street else None, lon=street.lon if street else None,
                                 address=street.name if street else None)
            message = f"Bericht overgenomen als melding {report.reference}."
        else:
            reject_post(session, principal, post_id, reason if isinstance(reason, str) else "")
            message = "Bericht afgewezen."
        session.commit()
    except (FeedError, IntakeError) as error:
        session.rollback()
        return " ".join(error.errors.values()), (version or 0) + 1
    except (IntegrityError, OperationalError):
        # Someone else decided at the same moment, or the store was busy: nothing was written.
        session.rollback()
        busy = "Opslaan lukte niet omdat het druk is; probeer het opnieuw."
        return busy if is_pending(session, principal, post_id) else STALE, (version or 0) + 1
    return message, (version or 0) + 1
