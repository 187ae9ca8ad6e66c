"""Tijdlijn: reports over time (stacked, local periods), hour x weekday, one report's events."""

import dash

from auth.principal import ANALYSIS_ROLES
from components.filter_url import parse_filters
from components.page_access import protected_layout
from components.timeline import timeline_layout
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.timeline_queries import filter_choices, recent_references
from services.intake import CHANNELS

dash.register_page(__name__, path="/tijdlijn", name="Tijdlijn", title="Tijdlijn - HNM Dashboard",
                   access=ANALYSIS_ROLES, nav_order=20)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **query):
    session = db_session()
    choices = filter_choices(session, CHANNELS)
    filters = parse_filters({k: v for k, v in query.items() if isinstance(v, str)}, choices, utcnow())
    return timeline_layout(choices, filters, recent_references(session, principal))
