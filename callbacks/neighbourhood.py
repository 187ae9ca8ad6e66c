"""Uw buurt (public) and Buurtberichten (staff): shared reports only, counted in SQL."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from dash import ALL, Input, Output, State, callback, ctx, html, no_update
from flask import current_app, session as browser_session
from flask_limiter.util import get_remote_address
from limits import parse

from auth.current import current_principal
from auth.guard import guard
from auth.limits import limiter
from auth.principal import HANDLING_ROLES
from components.resident import (
    MAX_SHARED_PROBLEMS, cells_collection, cells_viewport, counts_table, messages_list, reach_table, shared_problems_list,
)
from data_access.models import utcnow
from data_access.neighbourhood_queries import (
    counts_by_main, current_messages, find_area, grid_cells, message_reach, open_shared_problems, recent_messages,
)
from data_access.request_session import db_session
from data_access.vocabulary import LOCAL_TZ
from services.area_followers import confirm, follow, notify_followers, unfollow
from services.neighbourhood import KINDS, confirm_seen, post_message
from services.workflow import WorkflowError

RESIDENT_LIMIT = parse("30/hour")     # "ik zie dit ook" and follow requests per address
TOO_MANY = "U hebt dit heel vaak kort na elkaar gedaan. Probeer het later opnieuw."


def _over_limit(action: str) -> bool:
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    return not limiter.limiter.hit(RESIDENT_LIMIT, action, get_remote_address())


def _since(weeks) -> datetime:
    return utcnow() - timedelta(weeks=weeks if weeks in (2, 4, 8) else 4)


@callback(Output("buurt-title", "children"), Output("buurt-messages", "children"),
          Output("buurt-reported", "children"), Output("buurt-done", "children"),
          Output("buurt-map-cells", "data"), Output("buurt-problems", "children"), Output("buurt-map", "viewport"),
          Input("buurt-weeks", "value"), State("buurt-code", "data"))
@guard(public=True)
def show_neighbourhood(weeks, code):
    session, now = db_session(), utcnow()
    area = find_area(session, str(code or ""))
    if area is None:
        return "Buurt niet gevonden", html.P("Deze buurt kennen we niet."), None, None, cells_collection([]), None, \
            no_update
    since = _since(weeks)
    period = f"in de laatste {weeks} weken"
    cells = grid_cells(session, area, since)
    return (f"{'Buurt' if area.kind == 'buurt' else 'Wijk'} {area.name}",
            messages_list(current_messages(session, area, now), KINDS),
            counts_table(f"Meldingen {period}", counts_by_main(session, area, since),
                         f"Er is niets gemeld {period}."),
            counts_table(f"Afgehandeld {period}", counts_by_main(session, area, since, closed=True),
                         f"Er is niets afgehandeld {period}."),
            cells_collection(cells),
            shared_problems_list(open_shared_problems(session, area, since, MAX_SHARED_PROBLEMS + 1)),
            cells_viewport(cells))


@callback(Output("buurt-seen-status", "children"), Output("buurt-problems", "children", allow_duplicate=True),
          Input({"type": "seen-too", "target": ALL}, "n_clicks"), State("buurt-code", "data"),
          State("buurt-weeks", "value"), prevent_initial_call=True)
@guard(public=True)
def seen_too(clicks, code, weeks):
    if not ctx.triggered_id or not any(clicks or []):
        return no_update, no_update
    if _over_limit("seen-too"):
        return TOO_MANY, no_update
    session = db_session()
    browser_key = browser_session.setdefault("resident_key", secrets.token_urlsafe(18))
    try:
        answer = confirm_seen(session, ctx.triggered_id["target"], browser_key)
    except WorkflowError as error:
        session.rollback()
        return str(error), no_update
    session.commit()
    area = find_area(session, str(code or ""))
    problems = shared_problems_list(open_shared_problems(session, area, _since(weeks), MAX_SHARED_PROBLEMS + 1)) \
        if area else no_update
    return answer, problems


@callback(Output("buurt-follow-status", "children"), Output("buurt-follow-email", "value"),
          Input("buurt-follow", "n_clicks"), State("buurt-follow-email", "value"), State("buurt-code", "data"),
          prevent_initial_call=True)
@guard(public=True)
def follow_area(_n, email, code):
    if _over_limit("follow-area"):
        return TOO_MANY, no_update
    session = db_session()
    try:
        follower = follow(session, str(code or ""), email)
    except WorkflowError as error:
        session.rollback()
        return str(error), no_update
    session.commit()
    return (f"Bijna klaar. We hebben een e-mail gestuurd naar {follower.email}. Klik op de link in die e-mail "
            f"om te bevestigen. Pas daarna krijgt u buurtberichten."), ""


@callback(Output("confirm-follow-status", "children"), Input("confirm-follow-submit", "n_clicks"),
          State("confirm-follow-token", "data"), prevent_initial_call=True)
@guard(public=True)
def confirm_following(_n, token):
    session = db_session()
    follower = confirm(session, current_app.config["SECRET_KEY"], token)
    if follower is None:
        return "Deze link werkt niet (meer). Vraag op de buurtpagina opnieuw om buurtberichten."
    session.commit()
    return "Gelukt. U krijgt nu een e-mail bij elk nieuw buurtbericht. Afmelden kan met de link in elke e-mail."


@callback(Output("unfollow-status", "children"), Input("unfollow-submit", "n_clicks"),
          State("unfollow-token", "data"), prevent_initial_call=True)
@guard(public=True)
def stop_following(_n, token):
    session = db_session()
    if not unfollow(session, current_app.config["SECRET_KEY"], token):
        return "Deze link werkt niet (meer). Misschien bent u al afgemeld."
    session.commit()
    return "U bent afgemeld. We hebben uw e-mailadres gewist."


def _end_of_day(date_text: str | None) -> datetime | None:
    if not date_text:
        return None
    day = datetime.fromisoformat(date_text[:10]).date()
    return datetime.combine(day, time(23, 59), tzinfo=LOCAL_TZ).astimezone(utcnow().tzinfo)


@callback(Output("nb-message", "children"), Output("nb-title", "value"), Output("nb-body", "value"),
          Input("nb-submit", "n_clicks"), State("nb-area", "value"), State("nb-kind", "value"),
          State("nb-title", "value"), State("nb-body", "value"), State("nb-ends", "date"),
          State("nb-incident", "value"), prevent_initial_call=True)
@guard(*HANDLING_ROLES)
def write_message(_n, area_code, kind, title, body, ends, incident_id):
    session = db_session()
    try:
        message = post_message(session, current_principal(), area_code, kind, title, body, _end_of_day(ends),
                               incident_id=int(incident_id) if incident_id else None)
        notified = notify_followers(session, message)
    except (WorkflowError, ValueError) as error:
        session.rollback()
        return str(error), no_update, no_update
    session.commit()
    link = f"/buurt/{message.area_code}"
    return html.Span([f"Geplaatst en klaargezet voor {notified} volgers. Bekijk het op ",
                      html.A(link, href=link, id="nb-link"), "."]), "", ""


@callback(Output("nb-reach", "children"), Input("nb-message", "children"))
@guard(*HANDLING_ROLES)
def show_reach(_message):
    session, principal = db_session(), current_principal()
    messages = recent_messages(session, principal.organisation_id)
    return reach_table(messages, message_reach(session, messages, utcnow().astimezone(LOCAL_TZ).date()), KINDS)
