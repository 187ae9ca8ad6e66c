"""Trends: management KPIs per week, month or quarter with comparisons, per organisation and buurt."""

import dash

from auth.principal import MANAGER_ROLES
from components.page_access import protected_layout
from components.trends import trends_layout
from data_access.history import newest_report_at
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.time_buckets import LOCAL_TZ
from data_access.trend_queries import period_containing, period_with_data
from services.region_context import current_region

dash.register_page(__name__, path="/trends", name="Trends", title="Trends - HNM Dashboard",
                   access=MANAGER_ROLES, nav_order=60)


@protected_layout(MANAGER_ROLES)
def layout(principal, **_):
    """Opens on this month, or on the month of the newest report when this month has none yet
    (a history that ended earlier)."""
    today = utcnow().astimezone(LOCAL_TZ).date()
    newest = newest_report_at(db_session(), principal)
    if newest is not None and newest < period_containing("month", today).utc_range[0]:
        today = newest.astimezone(LOCAL_TZ).date()
    return trends_layout(today, period_with_data(db_session(), principal, today), current_region().periods)
