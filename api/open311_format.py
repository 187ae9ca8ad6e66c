"""Open311 answers as JSON or XML (per the spec's JSON and XML conversion), and its error list."""

from __future__ import annotations

from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from flask import Response, json

from data_access.vocabulary import LOCAL_TZ

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# XML element name of one item in each list
ITEM_NAMES = {"services": "service", "service_requests": "request", "attributes": "attribute",
              "values": "value", "errors": "error", "endpoints": "endpoint", "formats": "format"}


class Open311Error(Exception):
    """An error answered as the spec's list of {code, description}."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = descriptions


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset of Europe/Amsterdam, e.g. 2026-11-28T20:15:00+01:00."""
    return moment.astimezone(LOCAL_TZ).isoformat(timespec="seconds") if moment else None


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _fill(element: Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(SubElement(element, key), item)
    elif isinstance(value, list):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for item in value:
            _fill(SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = Element(root)
    _fill(element, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(element, encoding="unicode").encode()


def render(fmt: str, root: str, value, status: int = 200) -> Response:
    """`value` as JSON, or as XML under the element `root` (a list's items get ITEM_NAMES)."""
    if fmt == "xml":
        body = to_xml(root, value)
    else:
        body = json.dumps(value, ensure_ascii=False)
    return Response(body, status=status, mimetype=FORMATS[fmt].split(";")[0],
                    content_type=FORMATS[fmt])


def render_error(fmt: str, error: Open311Error) -> Response:
    errors = [{"code": error.status, "description": d} for d in error.descriptions]
    return render(fmt if fmt in FORMATS else "json", "errors", errors, error.status)
