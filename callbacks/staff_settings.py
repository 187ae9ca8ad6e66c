"""Mijn instellingen: save the staff member's own e-mail choices."""

from dash import Input, Output, State, callback

from auth.current import current_principal
from auth.guard import guard
from auth.principal import HANDLING_ROLES
from data_access.request_session import db_session
from components.staff_settings import ALERTS, DUTY, URGENT
from services.staff_notifications import save_setting
from services.workflow import WorkflowError


@callback(Output("staff-notify-status", "children"), Input("staff-notify-save", "n_clicks"),
          State("staff-notify-email", "value"), State("staff-notify-options", "value"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def save_staff_notifications(_n, email, options):
    options = set(options or [])
    session = db_session()
    try:
        setting = save_setting(session, current_principal(), email, DUTY in options, URGENT in options,
                               ALERTS in options)
    except WorkflowError as error:
        session.rollback()
        return str(error)
    session.commit()
    if not setting.on_duty:
        return "Opgeslagen. U krijgt nu geen e-mail."
    kinds = [label for on, label in ((setting.urgent_reports, "spoedmeldingen"), (setting.alerts, "signalen")) if on]
    return f"Opgeslagen. U krijgt e-mail over {' en '.join(kinds) or 'niets (kies spoedmeldingen of signalen)'}."
