"""Trends (placeholder until the management issue): this month against the previous one."""

from datetime import timedelta

import dash
from sqlalchemy import and_

from auth.principal import MANAGER_ROLES
from components.page_access import protected_layout
from components.placeholder import placeholder_page
from data_access.models import Report, utcnow
from data_access.reports import count_reports
from data_access.request_session import db_session

dash.register_page(__name__, path="/trends", name="Trends", title="Trends - HNM Dashboard",
                   access=MANAGER_ROLES, nav_order=60)


@protected_layout(MANAGER_ROLES)
def layout(principal, **_):
    session, now = db_session(), utcnow()
    last = count_reports(session, principal, Report.received_at >= now - timedelta(days=28))
    before = count_reports(session, principal, and_(Report.received_at >= now - timedelta(days=56),
                                                    Report.received_at < now - timedelta(days=28)))
    return placeholder_page("Trends", "Meldingen per periode van vier weken (zonder persoonsgegevens).", [
        ("Laatste 4 weken", last, "tr-last", "neutral"),
        ("4 weken daarvoor", before, "tr-before", "neutral"),
    ])
