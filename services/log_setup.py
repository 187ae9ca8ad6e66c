"""Logs as one JSON object per line (production) or readable text (demo), both with the request id.

Every record, from the app's own loggers and from libraries, goes through structlog's
ProcessorFormatter on the root logger; `bind_request_id` puts the current request's id in a context
variable that each record of that request carries (`request_id`).
"""

from __future__ import annotations

import logging
import re
import sys
import uuid

import structlog

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_SHARED = [structlog.contextvars.merge_contextvars, structlog.stdlib.add_log_level, structlog.stdlib.add_logger_name,
           structlog.processors.TimeStamper(fmt="iso", utc=True)]
QUIET = {"alembic": logging.WARNING, "apscheduler": logging.WARNING, "werkzeug": logging.WARNING}


def configure_logging(log_format: str, stream=None, level: int = logging.INFO) -> logging.Handler:
    """Install the one handler on the root logger (again: replaces the earlier one)."""
    if log_format == "json":
        render = [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    else:
        render = [structlog.dev.ConsoleRenderer(colors=False)]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED, processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *render])
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    handler.hnm_handler = True
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "hnm_handler", False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)
    return handler


def request_id_from(header: str | None) -> str:
    """The client's (or proxy's) X-Request-ID when it is a sane token, else a new one."""
    return header if header and _VALID_ID.match(header) else uuid.uuid4().hex


def bind_request_id(request_id: str) -> None:
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id)


def clear_request_id() -> None:
    structlog.contextvars.clear_contextvars()
