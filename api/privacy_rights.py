"""POST /privacy/inzage: one resident's data for the privacy officer, as a JSON download or as a
readable page to print to PDF. A form POST (with the session's CSRF token) so that the address or
number asked for never lands in a URL or an access log. Only the privacy role; the scope of the
officer's organisation (services.privacy.rights); every export is audited."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, request

from auth.current import current_principal
from auth.guard import csrf_ok, is_allowed
from auth.principal import PRIVACY_ROLES
from components.dates import format_datetime
from data_access.models import utcnow
from data_access.request_session import db_session
from services.privacy.rights import RequestError, audit, export_data, find_resident, parse_lookup

blueprint = Blueprint("privacy_rights", __name__, template_folder="templates")
FORMATS = ("json", "html")


@blueprint.post("/privacy/inzage")
def export():
    principal = current_principal()
    if principal is None:
        abort(401)
    if not is_allowed(PRIVACY_ROLES, principal):
        abort(403)
    if not csrf_ok(request.form.get("csrf_token")):
        abort(400, "Sessie verlopen; laad de pagina opnieuw.")
    fmt = request.form.get("format", "html")
    if fmt not in FORMATS:
        abort(400, "Kies JSON of de leesbare versie.")
    try:
        lookup = parse_lookup(request.form.get("q"))
    except RequestError as err:
        abort(400, str(err))
    session = db_session()
    findings = find_resident(session, principal, lookup)
    now = utcnow()
    data = export_data(findings, now)
    audit(session, principal, "privacy_export", findings, extra=fmt, source=request.path)
    session.commit()
    headers = {"Cache-Control": "no-store"}
    if fmt == "json":
        name = f"inzage-{now.strftime('%Y%m%d-%H%M')}.json"
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                        headers=headers)
    html = render_template("privacy_inzage.html", data=data, findings=findings, made=format_datetime(now),
                           when=format_datetime)
    return Response(html, mimetype="text/html", headers=headers)
