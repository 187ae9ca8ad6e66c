"""Live kaart (placeholder until the live-map issue): reports with a location, per role."""

from datetime import timedelta

import dash
from sqlalchemy import and_

from auth.principal import MAP_ROLES
from components.page_access import protected_layout
from components.placeholder import placeholder_page
from data_access.models import Report, utcnow
from data_access.reports import count_reports
from data_access.request_session import db_session

dash.register_page(__name__, path="/kaart", name="Live kaart", title="Live kaart - HNM Dashboard",
                   access=MAP_ROLES, nav_order=10)


@protected_layout(MAP_ROLES)
def layout(principal, **_):
    session, now = db_session(), utcnow()
    located = Report.lat.is_not(None)
    return placeholder_page("Live kaart", "Meldingen met een locatie.", [
        ("Met locatie, 24 uur", count_reports(session, principal, and_(located, Report.received_at >= now - timedelta(hours=24))), "map-24h", "neutral"),
        ("Met locatie, 7 dagen", count_reports(session, principal, and_(located, Report.received_at >= now - timedelta(days=7))), "map-7d", "neutral"),
        ("Spoed, 24 uur", count_reports(session, principal, and_(Report.urgent.is_(True), Report.received_at >= now - timedelta(hours=24))), "map-urgent", "alert"),
    ])
