"""Open311 GeoReport v2 under /open311/: discovery, services, service definitions, requests, tokens.

Public answers never hold personal data or police-only reports; a report's description is public
only when its category allows it, and its point is rounded to about 100 m.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from flask import Blueprint, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import HTTPException

from api.clients import PUBLIC_VIEWER, area_index, client_key, rate_key, read_limit, write_limit
from api.open311_format import FORMATS, Open311Error, iso, render, render_error
from auth.limits import limiter
from data_access.models import Category, IntakeRequest, Report, utcnow
from data_access.request_session import db_session
from data_access.scoping import scoped_select
from data_access.vocabulary import CLOSED_STATUSES, LOCAL_TZ, STATUS_LABELS
from services.gazetteer import find_place
from services.group_commit import group_commit, intake_request
from services.intake import MAX_TEXT, IntakeData, IntakeError, prepare_report
from services.privacy.pseudonymise import pseudonymise
from services.region_context import current_region
from services.workflow import open311_status

blueprint = Blueprint("open311", __name__, url_prefix="/open311")
SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-28T00:00:00+01:00"
MAX_RESULTS = 1000
DEFAULT_WINDOW = timedelta(days=90)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
URGENT_VALUES = {"ja": True, "nee": False}


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, f"Onbekend formaat {fmt!r}: gebruik .json of .xml.")
    return fmt


@blueprint.errorhandler(Open311Error)
def _open311_error(error: Open311Error):
    db_session().rollback()
    return render_error((request.view_args or {}).get("fmt", "json"), error)


def _http_error(error: HTTPException):
    messages = {400: "Het verzoek kon niet worden gelezen.", 405: "Deze methode kan hier niet.",
                413: "Het verzoek is te groot (maximaal 2 MB).",
                429: "Te veel verzoeken; wacht even en probeer het opnieuw."}
    status = error.code or 500
    return _open311_error(Open311Error(status, messages.get(status, error.description or error.name)))


# Code-specific: the app's own handlers for these codes would win over a generic one here.
for _code in (400, 404, 405, 413, 415, 429):
    blueprint.register_error_handler(_code, _http_error)


# --- discovery and services -----------------------------------------------------------------

@blueprint.get("/discovery.<fmt>")
@limiter.limit(read_limit, key_func=rate_key)
def discovery(fmt):
    fmt = _format(fmt)
    endpoint = {"specification": SPEC, "url": request.url_root.rstrip("/") + "/open311/v2",
                "changeset": CHANGESET, "type": "production",
                "formats": ["text/xml", "application/json"]}
    return render(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": _contact(),
        "key_service": "Vraag een API-sleutel aan bij de beheerder van het HNM Dashboard.",
        "endpoints": [endpoint]})


def _contact() -> str:
    region = current_region()
    return f"{region.organisations['gemeente']} en {region.organisations['politie']}, HNM Dashboard ({region.name})"


def _keywords(category: Category) -> str:
    words = {w for w in re.split(r"[^a-z]+", f"{category.slug} {category.parent.name.lower()}") if len(w) > 3}
    return ",".join(sorted(words))


def _service(category: Category) -> dict:
    return {"service_code": category.slug, "service_name": category.name,
            "description": category.handling_text or None, "metadata": True, "type": "realtime",
            "keywords": _keywords(category), "group": category.parent.name}


def _categories():
    return db_session().scalars(
        select(Category).options(joinedload(Category.parent))
        .where(Category.parent_id.is_not(None), Category.active.is_(True)).order_by(Category.slug))


@blueprint.get("/v2/services.<fmt>")
@limiter.limit(read_limit, key_func=rate_key)
def services(fmt):
    fmt = _format(fmt)
    return render(fmt, "services", [_service(c) for c in _categories()])


def _category(code: str | None) -> Category:
    if not code:
        raise Open311Error(400, "service_code ontbreekt.")
    category = db_session().scalar(select(Category).where(
        Category.slug == code, Category.parent_id.is_not(None), Category.active.is_(True)))
    if category is None:
        raise Open311Error(400, f"Onbekende service_code {code!r}.")
    return category


@blueprint.get("/v2/services/<code>.<fmt>")
@limiter.limit(read_limit, key_func=rate_key)
def service_definition(code, fmt):
    fmt = _format(fmt)
    try:
        category = _category(code)
    except Open311Error:
        raise Open311Error(404, f"Onbekende service_code {code!r}.") from None
    attributes = [
        {"variable": True, "code": "spoed", "datatype": "singlevaluelist", "required": False,
         "datatype_description": "Kies ja of nee", "order": 1,
         "description": "Is er nu direct gevaar of is snelle hulp nodig? Bel bij levensgevaar 112.",
         "values": [{"key": "ja", "name": "Ja, het is spoed"}, {"key": "nee", "name": "Nee"}]},
        {"variable": False, "code": "afhandeling", "datatype": "text", "required": False,
         "datatype_description": None, "order": 2,
         "description": category.handling_text or "Wij behandelen uw melding zo snel mogelijk.",
         "values": []},
    ]
    return render(fmt, "service_definition", {"service_code": category.slug, "attributes": attributes})


# --- submitting a request -------------------------------------------------------------------

def _coordinates(form) -> tuple[float | None, float | None, str | None]:
    lat, lon, address = form.get("lat"), form.get("long"), (form.get("address_string") or "").strip()
    if lat not in (None, "") or lon not in (None, ""):
        try:
            return float(lat), float(lon), address or None
        except (TypeError, ValueError):
            raise Open311Error(400, "lat en long moeten allebei getallen zijn (WGS84).") from None
    place = find_place(address)
    if place is None:
        region = current_region()
        raise Open311Error(400, "Geef lat en long op, of een address_string met een straat in "
                                f"{region.name}." if region.streets else
                                f"Geef lat en long op: voor {region.name} is er geen stratenlijst, een "
                                "address_string alleen wordt niet geplaatst.")
    return place.lat, place.lon, address


def _intake_data(form) -> IntakeData:
    category = _category(form.get("service_code"))
    description = (form.get("description") or "").strip()
    if len(description) > MAX_TEXT:
        raise Open311Error(400, f"description is te lang (maximaal {MAX_TEXT} tekens).")
    urgent_value = (form.get("attribute[spoed]") or "").strip().lower()
    if urgent_value and urgent_value not in URGENT_VALUES:
        raise Open311Error(400, "attribute[spoed] moet 'ja' of 'nee' zijn.")
    lat, lon, address = _coordinates(form)
    name = " ".join(p for p in (form.get("first_name"), form.get("last_name")) if p) or None
    return IntakeData(text=description or f"Melding via Open311: {category.name}", channel="open311",
                      lat=lat, lon=lon, address=address, category_slug=category.slug,
                      urgent=URGENT_VALUES.get(urgent_value), contact_name=name,
                      contact_email=form.get("email") or None, contact_phone=form.get("phone") or None,
                      wants_feedback=bool(form.get("email")))


@blueprint.post("/v2/requests.<fmt>")
@limiter.limit(write_limit, key_func=rate_key)
def post_request(fmt):
    fmt = _format(fmt)
    if request.mimetype not in FORM_TYPES:
        raise Open311Error(415, "Stuur het verzoek als application/x-www-form-urlencoded of "
                                "multipart/form-data.")
    key = client_key()
    if key is None:
        raise Open311Error(403, "Ontbrekende, onbekende of ingetrokken api_key.")
    data = _intake_data(request.form)
    index, key_id, token = area_index(), key.id, secrets.token_urlsafe(16)

    def finish(report):
        return ((report.reference, report.category.handling_text or None),
                intake_request(key_id, "token", token, report.id))

    try:
        reference, notice = group_commit().submit(
            lambda writer_session: prepare_report(writer_session, data, index=index), finish,
            category_slug=data.category_slug)
    except IntakeError as error:
        raise Open311Error(400, *(f"{field}: {message}" for field, message in error.errors.items())) from None
    return render(fmt, "service_requests", [{"service_request_id": reference, "token": token,
                                             "service_notice": notice, "account_id": None}], 201)


# --- reading requests -----------------------------------------------------------------------

def _public_request(report: Report) -> dict:
    category = report.category
    address = re.sub(r"\s*\d.*$", "", report.address).strip() or None if report.address else None
    return {
        "service_request_id": report.reference,
        "status": open311_status(report.status),
        "status_notes": STATUS_LABELS.get(report.status, report.status),
        "service_name": category.name,
        "service_code": category.slug,
        "description": pseudonymise(report.text) if category.public_text else None,   # issue 17
        "agency_responsible": report.organisation.name,
        "service_notice": category.handling_text or None,
        "requested_datetime": iso(report.received_at),
        "updated_datetime": iso(report.closed_at or report.updated_at),
        "expected_datetime": iso(report.due_at),
        "address": address,            # the street only, without house number
        "address_id": None,
        "zipcode": None,
        "lat": None if report.lat is None else round(report.lat, 3),    # ~100 m grid
        "long": None if report.lon is None else round(report.lon, 3),
        "media_url": None,
    }


def _public_reports():
    return (scoped_select(PUBLIC_VIEWER, Report)
            .options(joinedload(Report.category), joinedload(Report.organisation)))


def _date(name: str) -> datetime | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        raise Open311Error(400, f"{name} is geen geldige ISO 8601-datum.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def _list(name: str) -> list[str]:
    return [v.strip() for v in (request.args.get(name) or "").split(",") if v.strip()]


@blueprint.get("/v2/requests.<fmt>")
@limiter.limit(read_limit, key_func=rate_key)
def get_requests(fmt):
    fmt = _format(fmt)
    query = _public_reports()
    ids = _list("service_request_id")
    if ids:   # the spec: with ids, every other filter is ignored
        query = query.where(Report.reference.in_(ids[:MAX_RESULTS]))
    else:
        start, end = _date("start_date"), _date("end_date")
        end = end or utcnow()
        start = start or end - DEFAULT_WINDOW
        if start > end:
            raise Open311Error(400, "start_date ligt na end_date.")
        query = query.where(Report.received_at >= start, Report.received_at <= end)
        codes = _list("service_code")
        if codes:
            query = query.join(Category, Report.category_id == Category.id).where(Category.slug.in_(codes))
        statuses = set(_list("status"))
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status moet open of closed zijn.")
        if statuses == {"open"}:
            query = query.where(Report.status.not_in(CLOSED_STATUSES))
        elif statuses == {"closed"}:
            query = query.where(Report.status.in_(CLOSED_STATUSES))
    reports = db_session().scalars(query.order_by(Report.received_at.desc()).limit(MAX_RESULTS))
    return render(fmt, "service_requests", [_public_request(r) for r in reports])


@blueprint.get("/v2/requests/<request_id>.<fmt>")
@limiter.limit(read_limit, key_func=rate_key)
def get_request(request_id, fmt):
    fmt = _format(fmt)
    report = db_session().scalar(_public_reports().where(Report.reference == request_id))
    if report is None:
        raise Open311Error(404, f"Geen openbare melding {request_id!r}.")
    return render(fmt, "service_requests", [_public_request(report)])


@blueprint.get("/v2/tokens/<token>.<fmt>")
@limiter.limit(read_limit, key_func=rate_key)
def get_token(token, fmt):
    fmt = _format(fmt)
    reference = db_session().scalar(
        scoped_select(PUBLIC_VIEWER, Report, Report.reference).join(IntakeRequest, IntakeRequest.report_id == Report.id)
        .where(IntakeRequest.kind == "token", IntakeRequest.key == token))
    if reference is None:
        raise Open311Error(404, f"Onbekend token {token!r}.")
    return render(fmt, "service_requests", [{"service_request_id": reference, "token": token}])
