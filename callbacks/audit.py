"""Auditlog (/audit): the entries and the heavy-use table for the chosen period and user."""

from dash import Input, Output, callback

from auth.current import current_principal
from auth.guard import guard
from auth.principal import AUDIT_ROLES
from components.dates import sortable_datetime
from data_access.request_session import db_session
from services.exports import parse_period
from services.privacy.audit_report import MAX_ROWS, Period, audit_entries, heavy_viewers, scoped_users


@callback(Output("audit-entries", "rowData"), Output("audit-heavy", "rowData"), Output("audit-message", "children"),
          Input("audit-period", "start_date"), Input("audit-period", "end_date"), Input("audit-user", "value"))
@guard(*AUDIT_ROLES)
def show_audit(start, end, user_id):
    try:
        period = Period(*parse_period(start, end))
    except ValueError as err:
        return [], [], str(err)
    session, principal = db_session(), current_principal()
    if user_id is not None and user_id not in {u.id for u in scoped_users(session, principal)}:
        return [], [], "Deze gebruiker valt buiten wat u mag zien."
    entries = audit_entries(session, principal, period, user_id)
    for row in entries:
        row["wanneer"] = sortable_datetime(row["wanneer"])
    heavy = heavy_viewers(session, principal, period)
    if user_id is not None:
        chosen = {u.username for u in scoped_users(session, principal) if u.id == user_id}
        heavy = [row for row in heavy if row["gebruiker"] in chosen]
    flagged = sum(row["opvallend"] == "ja" for row in heavy)
    note = f"{len(entries)} inzagen" + (f" (de nieuwste {MAX_ROWS})" if len(entries) == MAX_ROWS else "")
    return entries, heavy, f"{note}; {flagged} opvallend."
