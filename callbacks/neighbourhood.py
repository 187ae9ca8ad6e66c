"""Uw buurt (public) and Buurtberichten (staff): shared reports only, counted in SQL."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dash import Input, Output, State, callback, html, no_update

from auth.current import current_principal
from auth.guard import guard
from auth.principal import HANDLING_ROLES
from components.resident import LOCAL, cells_collection, counts_table, messages_list
from data_access.models import utcnow
from data_access.neighbourhood_queries import counts_by_main, current_messages, find_area, grid_cells
from data_access.request_session import db_session
from services.neighbourhood import KINDS, post_message
from services.workflow import WorkflowError


@callback(Output("buurt-title", "children"), Output("buurt-messages", "children"),
          Output("buurt-reported", "children"), Output("buurt-done", "children"),
          Output("buurt-map-cells", "data"),
          Input("buurt-weeks", "value"), State("buurt-code", "data"))
@guard(public=True)
def show_neighbourhood(weeks, code):
    session, now = db_session(), utcnow()
    area = find_area(session, str(code or ""))
    if area is None:
        return "Buurt niet gevonden", html.P("Deze buurt kennen we niet."), None, None, cells_collection([])
    since = now - timedelta(weeks=weeks if weeks in (2, 4, 8) else 4)
    period = f"in de laatste {weeks} weken"
    return (f"{'Buurt' if area.kind == 'buurt' else 'Wijk'} {area.name}",
            messages_list(current_messages(session, area, now), KINDS),
            counts_table(f"Meldingen {period}", counts_by_main(session, area, since),
                         f"Er is niets gemeld {period}."),
            counts_table(f"Afgehandeld {period}", counts_by_main(session, area, since, closed=True),
                         f"Er is niets afgehandeld {period}."),
            cells_collection(grid_cells(session, area, since)))


def _end_of_day(date_text: str | None) -> datetime | None:
    if not date_text:
        return None
    day = datetime.fromisoformat(date_text[:10]).date()
    return datetime.combine(day, time(23, 59), tzinfo=LOCAL).astimezone(utcnow().tzinfo)


@callback(Output("nb-message", "children"), Output("nb-title", "value"), Output("nb-body", "value"),
          Input("nb-submit", "n_clicks"), State("nb-area", "value"), State("nb-kind", "value"),
          State("nb-title", "value"), State("nb-body", "value"), State("nb-ends", "date"),
          prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def write_message(_n, area_code, kind, title, body, ends):
    session = db_session()
    try:
        message = post_message(session, current_principal(), area_code, kind, title, body, _end_of_day(ends))
    except (WorkflowError, ValueError) as error:
        session.rollback()
        return str(error), no_update, no_update
    session.commit()
    link = f"/buurt/{message.area_code}"
    return html.Span(["Geplaatst. Bekijk het op ", html.A(link, href=link, id="nb-link"), "."]), "", ""
