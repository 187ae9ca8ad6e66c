"""Melden (public): draft key, live category proposal with the 112 stop, location, submit."""

from __future__ import annotations

import secrets

import dash_leaflet as dl
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse

from auth.guard import guard
from auth import limits as rate_limits
from components.resident import advice_112, proposal_text, receipt
from data_access.ids import row_id
from data_access.request_session import db_session
from services.areas import AreaIndex
from services.chat_intake import (
    ADVICE_112, DESCRIPTION_MAX, FOLLOW_UP_MAX, correction_choices, propose, submit_draft,
)
from services.gazetteer import find_place
from services.intake import IntakeData, IntakeError
from services.photos import prepare_photo
from services.region_context import current_region
from services.workflow import WorkflowError

SUBMIT_LIMIT = parse("10/hour")      # chat reports per address: stops floods, not neighbours
WHEN_TEXT = {"nu": "nu", "vandaag": "eerder vandaag", "eerder": "eerder"}
ONGOING_TEXT = {"ja": "ja", "nee": "nee", "onbekend": "weet ik niet"}
DANGER_ANSWERS = ("ja", "nee")


def _outside() -> str:
    return f"Deze plek ligt buiten {current_region().name}. Kies een plek binnen het gebied."


def new_draft_key() -> str:
    return secrets.token_urlsafe(18)


@callback(Output("intake-draft-key", "data"), Input("intake-url", "pathname"), State("intake-draft-key", "data"))
@guard(public=True)
def ensure_draft_key(_path, key):
    return no_update if key else new_draft_key()


@callback(Output("intake-proposal", "children"), Output("intake-category", "options"),
          Output("intake-category", "value"), Output("intake-proposed", "data"),
          Output("intake-proposal-box", "hidden"), Output("intake-followup-question", "children"),
          Output("intake-followup-box", "hidden"), Output("intake-stop", "children"),
          Output("intake-form", "hidden"), Output("intake-safety-box", "hidden"),
          Input("intake-text", "value"), State("intake-category", "value"), State("intake-proposed", "data"),
          State("intake-danger-answer", "data"))
@guard(public=True)
def propose_category(text, chosen, proposed, answer):
    session = db_session()
    proposal = propose(session, text or "")
    if proposal is None:    # emptied after sending: keep the receipt alone on screen
        return "", [], chosen, proposed, True, "", True, None, no_update if not text else False, True
    if proposal.life_threatening or answer == "ja":
        return "", [], chosen, proposed, True, "", True, advice_112(ADVICE_112), True, True
    choices = dict(correction_choices(session))
    choices = {proposal.sub_slug: proposal.sub_name, **choices}
    options = [{"label": name, "value": slug} for slug, name in choices.items()]
    value = proposal.sub_slug if chosen in (None, proposed) else chosen
    ask = proposal.danger == "unsure" and answer != "nee"      # the one question, until answered
    return (proposal_text(proposal.sub_name, proposal.words), options, value, proposal.sub_slug, False,
            proposal.follow_up or "", proposal.follow_up is None, None, False, not ask)


@callback(Output("intake-stop", "children", allow_duplicate=True),
          Output("intake-form", "hidden", allow_duplicate=True),
          Output("intake-safety-box", "hidden", allow_duplicate=True),
          Output("intake-danger-answer", "data"),
          Input("intake-danger-yes", "n_clicks"), Input("intake-danger-no", "n_clicks"),
          prevent_initial_call=True)
@guard(public=True)
def answer_safety_question(yes, no):
    """Yes: someone is in danger now, so the chat stops and advises 112. No: the report goes on."""
    if ctx.triggered_id == "intake-danger-yes" and yes:
        return advice_112(ADVICE_112), True, True, "ja"
    if ctx.triggered_id == "intake-danger-no" and no:
        return None, False, True, "nee"
    return no_update, no_update, no_update, no_update


@callback(Output("intake-geolocation-box", "children"), Input("intake-geolocate", "n_clicks"),
          prevent_initial_call=True)
@guard(public=True)
def ask_position(_n):
    """Mounting the component makes the browser ask for the position (only after the click)."""
    return dcc.Geolocation(id="intake-geolocation", high_accuracy=True, timeout=15000, update_now=True)


def _point(lat, lon, label: str | None):
    """A location inside the served area, or None."""
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    if AreaIndex.from_session(db_session()).locate(lat, lon) is None:
        return None
    return {"lat": lat, "lon": lon, "label": label}


def _pinned(location: dict) -> tuple:
    label = location["label"] or "de plek op de kaart"
    pin = [dl.Marker(position=[location["lat"], location["lon"]], title=label)]
    return location, pin, f"Locatie: {label}."


@callback(Output("intake-location", "data"), Output("intake-pin", "children"),
          Output("intake-location-text", "children"),
          Input("intake-map", "clickData"), Input("intake-street-search", "n_clicks"),
          Input("intake-street", "n_blur"), Input("intake-street", "n_submit"),
          State("intake-street", "value"), State("intake-location", "data"))
@guard(public=True)
def place_pin(click, _search, _blur, _enter, street_text, stored):
    # The street is looked up when the field is left, on Enter or on "Zoek" - not per keystroke, and
    # without dcc.Input's debounce, which in Dash 4 puts the cursor back to a stale position when
    # keys arrive while a callback answer is being drawn (characters ended up out of order).
    if ctx.triggered_id == "intake-map" and click and click.get("latlng"):
        location = _point(click["latlng"]["lat"], click["latlng"]["lng"], None)
        if location is None:
            return no_update, no_update, _outside()
    elif ctx.triggered_id in ("intake-street-search", "intake-street") and street_text:
        place = find_place(street_text)
        if place is None:
            region = current_region()
            return no_update, no_update, (f"Deze straat kennen we niet in {region.name}. Tik op de kaart."
                                          if region.streets else
                                          f"Voor {region.name} hebben we geen stratenlijst. Tik op de kaart.")
        location = {"lat": place.lat, "lon": place.lon, "label": place.label}
    elif stored:
        location = stored
    else:
        return no_update, no_update, ""
    return _pinned(location)


@callback(Output("intake-location", "data", allow_duplicate=True),
          Output("intake-pin", "children", allow_duplicate=True),
          Output("intake-location-text", "children", allow_duplicate=True),
          Input("intake-geolocation", "position"), Input("intake-geolocation", "position_error"),
          prevent_initial_call=True)
@guard(public=True)
def pin_from_position(position, position_error):
    """The browser's position (after "Gebruik mijn locatie"), checked like a map pin."""
    if position:
        location = _point(position.get("lat"), position.get("lon"), "uw huidige locatie")
        return _pinned(location) if location else (no_update, no_update, _outside())
    if position_error:
        return no_update, no_update, "We konden uw locatie niet vinden. Typ de straat of tik op de kaart."
    return no_update, no_update, no_update


def _over_limit() -> bool:
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    return not rate_limits.hit(SUBMIT_LIMIT, "chat-intake", get_remote_address())


def _full_text(text, when, ongoing, follow_up, danger_answer=None) -> str:
    parts = [(text or "").strip()]
    if follow_up and follow_up.strip():
        parts.append(f"Aanvulling: {follow_up.strip()}")
    if danger_answer == "nee":
        parts.append("Iemand nu in gevaar: nee (antwoord van de melder)")
    if when:
        parts.append(f"Wanneer: {WHEN_TEXT.get(when, '')}")
    if ongoing:
        parts.append(f"Nog aan de gang: {ONGOING_TEXT.get(ongoing, '')}")
    return "\n".join(p for p in parts if p) if parts[0] else ""


@callback(Output("intake-errors", "children"), Output("intake-receipt", "children"),
          Output("intake-form", "hidden", allow_duplicate=True),
          Output("intake-draft-key", "data", allow_duplicate=True), Output("intake-text", "value"),
          Output("intake-danger-answer", "data", allow_duplicate=True), Output("intake-text-error", "children"),
          Input("intake-submit", "n_clicks"),
          State("intake-draft-key", "data"), State("intake-text", "value"), State("intake-category", "value"),
          State("intake-followup", "value"), State("intake-location", "data"), State("intake-when", "value"),
          State("intake-ongoing", "value"), State("intake-name", "value"), State("intake-email", "value"),
          State("intake-phone", "value"), State("intake-feedback", "value"), State("intake-oproep", "data"),
          State("intake-photo", "contents"), State("intake-danger-answer", "data"),
          prevent_initial_call=True)
@guard(public=True)
def submit(_n, draft_key, text, category, follow_up, location, when, ongoing, name, email, phone, feedback,
           oproep, photo, danger_answer):
    if _over_limit():
        return "U hebt veel meldingen kort na elkaar gestuurd. Probeer het later opnieuw.", *[no_update] * 6
    if len((text or "").strip()) > DESCRIPTION_MAX or len((follow_up or "").strip()) > FOLLOW_UP_MAX:
        too_long = f"Uw beschrijving is te lang: maximaal {DESCRIPTION_MAX:,} tekens.".replace(",", ".")
        return "Bekijk de fout bij uw beschrijving.", *[no_update] * 5, too_long
    try:
        prepared = prepare_photo(photo) if photo else None
    except WorkflowError as error:
        return str(error), *[no_update] * 6
    location = location or {}
    danger_answer = danger_answer if danger_answer in DANGER_ANSWERS else None
    data = IntakeData(text=_full_text(text, when, ongoing, follow_up, danger_answer), channel="chat",
                      lat=location.get("lat"), lon=location.get("lon"), address=location.get("label"),
                      category_slug=category or None, contact_name=name or None,
                      contact_email=email or None, contact_phone=phone or None,
                      wants_feedback=bool(feedback), danger_answer=danger_answer)
    try:
        result = submit_draft(db_session(), data, draft_key, row_id(oproep),
                              prepared)
    except IntakeError as error:
        db_session().rollback()
        others = [html.Li(m) for field, m in error.errors.items() if field != "text"]
        if "text" in error.errors:        # shown next to the box it is about
            others.append(html.Li("Bekijk de fout bij uw beschrijving."))
        return html.Ul(others), *[no_update] * 5, error.errors.get("text", "")
    return "", receipt(result.reference, result.token, result.advice), True, new_draft_key(), "", None, ""


@callback(Output("intake-photo-message", "children"), Input("intake-photo", "contents"),
          State("intake-photo", "filename"), prevent_initial_call=True)
@guard(public=True)
def photo_chosen(contents, filename):
    if not contents:
        return ""
    try:
        prepare_photo(contents)
    except WorkflowError as error:
        return str(error)
    return f"Foto gekozen: {filename or 'foto'}. Deze gaat mee met uw melding."
