"""Terugkoppeling: how well reporters who want to hear back are informed, and the queue of
messages still owed, from which the handling organisation sends a message from a template."""

import dash

from auth.principal import ANALYSIS_ROLES
from components.feedback import feedback_layout
from components.page_access import protected_layout
from data_access.models import utcnow
from data_access.time_buckets import LOCAL_TZ

dash.register_page(__name__, path="/terugkoppeling", name="Terugkoppeling",
                   title="Terugkoppeling - HNM Dashboard", access=ANALYSIS_ROLES, nav_order=40)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **_):
    return feedback_layout(utcnow().astimezone(LOCAL_TZ).date(), principal.handles_reports)
