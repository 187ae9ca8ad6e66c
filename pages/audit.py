"""Auditlog: who viewed which contact details, photos and exports, when and from which page; and
who views far more personal data than colleagues in the same role. Privacy officer and beheerder."""

from datetime import timedelta

import dash
from dash import html

from auth.principal import AUDIT_ROLES
from components.page_access import protected_layout
from components.privacy import AUDIT_COLUMNS, HEAVY_COLUMNS, audit_filters, audit_grid
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.time_buckets import LOCAL_TZ
from services.privacy.audit_report import RULE, scoped_users

dash.register_page(__name__, path="/audit", name="Auditlog", title="Auditlog - HNM Dashboard",
                   access=AUDIT_ROLES, nav_order=93)
DEFAULT_DAYS = 30


@protected_layout(AUDIT_ROLES)
def layout(principal, **_):
    today = utcnow().astimezone(LOCAL_TZ).date()
    users = [{"label": f"{u.display_name} ({u.username})", "value": u.id}
             for u in scoped_users(db_session(), principal)]
    whose = ("alle gebruikers" if principal.has_any({"beheerder"})
             else f"de gebruikers van de {principal.organisation}")
    return html.Div([
        html.H1("Auditlog persoonsgegevens"),
        html.P(f"Wie bekeek welke contactgegevens, foto's en exports, wanneer en vanaf welke pagina; "
               f"van {whose}.", className="page-intro"),
        audit_filters(users, (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(), today.isoformat()),
        html.P(id="audit-message", role="status", className="page-note"),
        html.H2("Opvallend gebruik"),
        html.P(RULE, id="audit-rule", className="page-note"),
        audit_grid("audit-heavy", HEAVY_COLUMNS, "Niemand bekeek persoonsgegevens in deze periode."),
        html.H2("Alle inzagen"),
        audit_grid("audit-entries", AUDIT_COLUMNS, "Geen inzagen in deze periode.", pages=True),
    ], className="page audit-page")
