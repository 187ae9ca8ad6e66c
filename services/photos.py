"""Residents' photos: checked, re-encoded without metadata (EXIF, GPS) and capped in size.

A photo arrives as the data URL of a dcc.Upload. Only JPEG and PNG up to 5 MB are accepted; the
stored image is a fresh encoding of the pixels only. Photos are never public: the handling
organisation's staff see them through /foto/<id>.
"""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.ids import row_id
from data_access.models import Report, ReportPhoto
from data_access.scoping import scoped_select
from services.workflow import WorkflowError, record

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
Image.MAX_IMAGE_PIXELS = 40_000_000     # refuse decompression bombs
REFUSED = "Dit bestand kunnen we niet gebruiken. Kies een foto (JPG of PNG) van maximaal 5 MB."


@dataclass(frozen=True)
class PreparedPhoto:
    content_type: str
    data: bytes
    width: int
    height: int


def prepare_photo(contents: str) -> PreparedPhoto:
    """The upload's pixels re-encoded without metadata; WorkflowError with a Dutch message otherwise."""
    try:
        header, encoded = (contents or "").split(",", 1)
        raw = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise WorkflowError(REFUSED) from None
    if not header.startswith("data:") or len(raw) > MAX_BYTES:
        raise WorkflowError(REFUSED)
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in FORMATS:
                raise WorkflowError(REFUSED)
            kind = image.format
            image = ImageOps.exif_transpose(image)      # keep the orientation the EXIF asked for
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            clean = Image.frombytes(image.mode, image.size, image.tobytes())   # pixels only
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise WorkflowError(REFUSED) from None
    out = io.BytesIO()
    if kind == "JPEG":
        clean.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return PreparedPhoto(FORMATS[kind], out.getvalue(), clean.width, clean.height)


def attach_photo(session: Session, report: Report, photo: PreparedPhoto) -> ReportPhoto:
    """Store the photo with the report and note it on the timeline (the caller commits)."""
    stored = ReportPhoto(report_id=report.id, content_type=photo.content_type, data=photo.data,
                         width=photo.width, height=photo.height)
    session.add(stored)
    event = record(session, report, None, "foto toegevoegd")
    event.actor_label = "melder"
    session.flush()
    return stored


def photo_for_staff(session: Session, principal: Principal, photo_id: int) -> ReportPhoto | None:
    """The photo if its report is in the principal's scope and handled by the principal's organisation."""
    if not principal.handles_reports or row_id(photo_id) is None:
        return None
    return session.scalar(scoped_select(principal, ReportPhoto).join(Report, Report.id == ReportPhoto.report_id)
                          .where(ReportPhoto.id == photo_id, Report.organisation_id == principal.organisation_id))
