"""Tijdlijn (placeholder until the timeline issue): inflow per period for the role."""

from datetime import timedelta

import dash

from auth.principal import ANALYSIS_ROLES
from components.page_access import protected_layout
from components.placeholder import placeholder_page
from data_access.models import Report, utcnow
from data_access.reports import count_reports
from data_access.request_session import db_session

dash.register_page(__name__, path="/tijdlijn", name="Tijdlijn", title="Tijdlijn - HNM Dashboard",
                   access=ANALYSIS_ROLES, nav_order=20)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **_):
    session, now = db_session(), utcnow()
    tiles = [(label, count_reports(session, principal, Report.received_at >= now - delta), tile_id, "neutral")
             for label, delta, tile_id in (("Afgelopen 24 uur", timedelta(days=1), "tl-1d"),
                                           ("Afgelopen 7 dagen", timedelta(days=7), "tl-7d"),
                                           ("Afgelopen 30 dagen", timedelta(days=30), "tl-30d"))]
    return placeholder_page("Tijdlijn", "Binnengekomen meldingen per periode.", tiles)
