"""JSON intake for the project's own apps (POST /api/v1/meldingen) and the feed (POST /api/v1/feed).

A client sends its X-API-Key; an Idempotency-Key makes a retried submission safe: the same key with
the same body gets the stored answer again, the same key with another body gets 409.
"""

from __future__ import annotations

import hashlib
import json
import math

from flask import Blueprint, Response, jsonify, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from api.clients import area_index, client_key, rate_key, write_limit
from api.openapi import openapi_document
from auth.limits import limiter
from data_access.request_session import db_session
from data_access.vocabulary import STATUS_LABELS
from services.feeds import FeedError, receive_post
from services.group_commit import group_commit, intake_request, stored_answers
from services.intake import (
    ADVICE_112, CHANNELS, IntakeData, IntakeError, check_safety, prepare_report, triage_options,
)

blueprint = Blueprint("intake_json", __name__, url_prefix="/api/v1")
APP_CHANNELS = ("app", "chat", "web")
HTTP_MESSAGES = {400: "Het verzoek kon niet worden gelezen.", 404: "Dit adres bestaat niet.",
                 405: "Deze methode kan hier niet.", 413: "Het verzoek is te groot (maximaal 2 MB).",
                 429: "Te veel verzoeken; wacht even en probeer het opnieuw."}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, errors: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


@blueprint.errorhandler(ApiError)
def _api_error(error: ApiError):
    db_session().rollback()
    body = {"error": error.code, "message": error.message}
    if error.errors:
        body["errors"] = error.errors
    return jsonify(body), error.status


def _http_error(error: HTTPException):
    status = error.code or 500
    return _api_error(ApiError(status, "http_%d" % status, HTTP_MESSAGES.get(status, error.name)))


# Code-specific: the app's own handlers for these codes would win over a generic one here.
for _code in (400, 404, 405, 413, 415, 429):
    blueprint.register_error_handler(_code, _http_error)


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(request.url_root.rstrip("/")))


def _json_body() -> dict:
    if request.mimetype != "application/json":
        raise ApiError(415, "content_type", "Stuur de gegevens als application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "json", "De inhoud is geen geldig JSON-object.")
    return body


def _authenticated():
    key = client_key()
    if key is None:
        raise ApiError(403, "api_key", "Ontbrekende, onbekende of ingetrokken API-sleutel (X-API-Key).")
    return key


def _number(value, field: str, errors: dict) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        errors[field] = "Dit moet een getal zijn."
        return None
    return float(value)


def _string(body: dict, field: str, errors: dict, required: bool = False) -> str | None:
    value = body.get(field)
    if value is None or value == "":
        if required:
            errors[field] = "Dit veld is verplicht."
        return None
    if not isinstance(value, str):
        errors[field] = "Dit moet tekst zijn."
        return None
    return value


def _intake_data(body: dict) -> IntakeData:
    errors: dict[str, str] = {}
    text = _string(body, "text", errors, required=True)
    channel = _string(body, "channel", errors) or "app"
    if "channel" not in errors and channel not in APP_CHANNELS:
        errors["channel"] = f"Kies een van: {', '.join(APP_CHANNELS)}."
    category = _string(body, "category", errors)
    address = _string(body, "address", errors)
    urgent = body.get("urgent")
    if urgent is not None and not isinstance(urgent, bool):
        errors["urgent"] = "Dit moet true of false zijn."
        urgent = None
    lat, lon = _number(body.get("lat"), "lat", errors), _number(body.get("lon"), "lon", errors)
    if (body.get("lat") is None) != (body.get("lon") is None):
        errors["location"] = "Geef lat en lon allebei op."
    contact = body.get("contact") or {}
    if not isinstance(contact, dict):
        errors["contact"] = "Dit moet een object zijn met name, email en phone."
        contact = {}
    contact_fields = {f: _string(contact, f, errors) for f in ("name", "email", "phone")}
    wants_feedback = contact.get("wants_feedback", False)
    if not isinstance(wants_feedback, bool):
        errors["contact.wants_feedback"] = "Dit moet true of false zijn."
    if errors:
        raise ApiError(422, "validation", "Niet alle velden zijn goed ingevuld.", errors)
    return IntakeData(text=text, channel=channel, lat=lat, lon=lon, address=address,
                      category_slug=category, urgent=urgent,
                      contact_name=contact_fields["name"], contact_email=contact_fields["email"],
                      contact_phone=contact_fields["phone"], wants_feedback=bool(wants_feedback))


def _replay(stored, body_hash: str) -> Response:
    """The stored answer to an earlier attempt with this Idempotency-Key; 409 for another body."""
    if stored.body_hash != body_hash:
        raise ApiError(409, "idempotency_conflict", "Deze Idempotency-Key is al gebruikt voor een "
                                                    "andere melding. Gebruik een nieuwe sleutel.")
    response = Response(stored.response, status=stored.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


@blueprint.post("/meldingen")
@limiter.limit(write_limit, key_func=rate_key)
def submit():
    body = _json_body()
    session = db_session()
    key = _authenticated()
    idempotency_key = (request.headers.get("Idempotency-Key") or "").strip()
    if len(idempotency_key) > 120:
        raise ApiError(400, "idempotency_key", "De Idempotency-Key is te lang (maximaal 120 tekens).")
    body_hash = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    data = _intake_data(body)
    safety = check_safety(data)
    index, key_id = area_index(), key.id
    # A retry is looked up in the writer's transaction (one SELECT per batch): the request itself
    # needs no connection. Retries never share a batch.
    claim = (key_id, idempotency_key) if idempotency_key else None

    def finish(report):
        values = report.values
        answer = json.dumps({
            "reference": report.reference, "status": values["status"],
            "status_label": STATUS_LABELS[values["status"]], "category": report.category.slug,
            "category_name": report.category.name, "urgent": values["urgent"],
            "advice": ADVICE_112 if safety.life else None, "safety_check": values["safety_check"],
            "channel": CHANNELS[values["channel"]],
            "received_at": values["received_at"].isoformat(timespec="seconds")}, ensure_ascii=False)
        stored = intake_request(key_id, "idempotency", idempotency_key, report.id, body_hash,
                                answer) if claim else None
        return answer, stored

    try:
        answer = group_commit().submit(
            lambda writer_session: prepare_report(writer_session, data, index=index, **triage_options(safety)),
            finish, claim=claim, replay=(lambda stored: _replay(stored, body_hash)) if claim else None,
            category_slug=data.category_slug or safety.proposed_slug)
    except IntakeError as error:
        raise ApiError(422, "validation", "Niet alle velden zijn goed ingevuld.", error.errors) from None
    except IntegrityError:          # the same key arrived twice at once: the first one won
        session.rollback()          # a fresh snapshot, with the other request's commit in it
        stored = stored_answers(session, [claim]).get(claim) if claim else None
        if stored is None:
            raise
        return _replay(stored, body_hash)
    if isinstance(answer, Response):         # the stored answer to an earlier attempt
        return answer
    return Response(answer, status=201, mimetype="application/json")


@blueprint.post("/feed")
@limiter.limit(write_limit, key_func=rate_key)
def feed():
    body = _json_body()
    session = db_session()
    _authenticated()
    try:
        post, created = receive_post(session, body, index=area_index())
    except FeedError as error:
        raise ApiError(422, "validation", "Niet alle velden zijn goed ingevuld.", error.errors) from None
    session.commit()
    return jsonify({"id": post.id, "state": post.state, "is_report": post.state == "te_beoordelen",
                    "reason": post.reason, "proposed_category": post.proposed_category,
                    "location_source": post.location_source or None}), 201 if created else 200
