"""Tijdlijn: reports over time (stacked, local periods), hour x weekday, one report's events."""

import dash

from auth.principal import ANALYSIS_ROLES
from components.filter_url import analysis_filters
from components.page_access import protected_layout
from components.timeline import timeline_layout
from data_access.history import newest_report_at
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.timeline_queries import recent_references
from services.map_filters import load_options

dash.register_page(__name__, path="/tijdlijn", name="Tijdlijn", title="Tijdlijn - HNM Dashboard",
                   access=ANALYSIS_ROLES, nav_order=20)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **query):
    session = db_session()
    options = load_options(session)
    chosen, _ = analysis_filters({k: v for k, v in query.items() if isinstance(v, str)}, options, utcnow(),
                                 newest_report_at(session, principal))
    return timeline_layout(chosen, options, recent_references(session, principal))
