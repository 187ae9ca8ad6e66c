"""/foto/<id>: a resident's photo for the staff of the organisation that handles the report;
every view is written to the audit log (with the page that linked to it)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, request

from auth.current import current_principal
from data_access.audit import audit
from data_access.request_session import db_session
from services.photos import photo_for_staff

blueprint = Blueprint("photos", __name__)


@blueprint.get("/foto/<int:photo_id>")
def photo(photo_id: int):
    principal = current_principal()
    if principal is None:
        abort(401)
    session = db_session()
    found = photo_for_staff(session, principal, photo_id)
    if found is None:
        abort(404)
    source = urlsplit(request.referrer).path if request.referrer else request.path
    audit(session, principal, "view_photo", "report", found.report_id, f"foto {found.id}", source=source or "/")
    session.commit()
    return Response(found.data, mimetype=found.content_type,
                    headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
