"""Trends: management KPIs per week, month or quarter with comparisons, per organisation and buurt."""

import dash

from auth.principal import MANAGER_ROLES
from components.page_access import protected_layout
from components.trends import trends_layout
from data_access.models import utcnow
from data_access.time_buckets import LOCAL_TZ

dash.register_page(__name__, path="/trends", name="Trends", title="Trends - HNM Dashboard",
                   access=MANAGER_ROLES, nav_order=60)


@protected_layout(MANAGER_ROLES)
def layout(principal, **_):
    return trends_layout(utcnow().astimezone(LOCAL_TZ).date())
