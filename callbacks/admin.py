"""Beheer: switch a user on or off from the users grid."""

from sqlalchemy import select
from dash import Input, Output, State, callback, no_update

from auth.current import current_principal
from auth.guard import guard
from auth.principal import ADMIN_ROLES
from auth.users import UserError, set_active
from data_access.models import AuditLog, User
from data_access.request_session import db_session


@callback(Output("admin-message", "children"), Output("admin-users", "rowData"),
          Input("admin-toggle", "n_clicks"), State("admin-users", "selectedRows"),
          State("admin-users", "rowData"), prevent_initial_call=True)
@guard(*ADMIN_ROLES)
def toggle_user(_clicks, selected, rows):
    if not selected:
        return "Kies eerst een gebruiker in de tabel.", no_update
    principal = current_principal()
    username = str(selected[0].get("gebruiker", ""))
    if username == principal.username:
        return "U kunt uzelf niet uitzetten.", no_update
    session = db_session()
    current = session.scalar(select(User.active).where(User.username == username))
    try:   # the new state follows the store, not the row the browser sent
        user = set_active(session, username, not current)
    except UserError as err:
        return str(err), no_update
    session.add(AuditLog(user_id=principal.user_id, username=principal.username,
                         action="user_enable" if user.active else "user_disable",
                         object_type="user", object_id=str(user.id)))
    session.commit()
    state = "ja" if user.active else "nee"
    new_rows = [{**row, "actief": state} if row.get("gebruiker") == user.username else row for row in rows or []]
    return f"Gebruiker {user.username} is {'aangezet' if user.active else 'uitgezet'}.", new_rows
