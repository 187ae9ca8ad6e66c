"""The audit log: who looked at or changed which personal data, what, when. One helper for every
view of personal data (contact details, photos, exports) and every change of an account."""

from __future__ import annotations

from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import AuditLog

CLI_ACTOR = "cli"


def audit(session: Session, principal: Principal | None, action: str, object_type: str = "",
          object_id: object = "", detail: str = "", source: str = "") -> AuditLog:
    """Add one audit row (the caller commits); without a principal the actor is the command line.
    `source`: the page or route it happened on (the /audit page shows it)."""
    row = AuditLog(user_id=principal.user_id if principal else None,
                   username=principal.username if principal else CLI_ACTOR,
                   action=action, object_type=object_type, object_id=str(object_id)[:40], detail=detail,
                   source=source[:120])
    session.add(row)
    return row
