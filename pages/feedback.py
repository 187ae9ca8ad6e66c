"""Terugkoppeling (placeholder until the feedback issue): messages to reporters per state."""

import dash

from auth.principal import ANALYSIS_ROLES
from components.page_access import protected_layout
from components.placeholder import placeholder_page
from data_access.overview import feedback_by_state
from data_access.request_session import db_session

dash.register_page(__name__, path="/terugkoppeling", name="Terugkoppeling",
                   title="Terugkoppeling - HNM Dashboard", access=ANALYSIS_ROLES, nav_order=40)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **_):
    states = feedback_by_state(db_session(), principal)
    return placeholder_page("Terugkoppeling", "Berichten aan melders.", [
        ("Verzonden", states.get("verzonden", 0), "fb-sent", "neutral"),
        ("In de wachtrij", states.get("wachtrij", 0), "fb-queued", "neutral"),
        ("Mislukt", states.get("mislukt", 0), "fb-failed", "warn"),
    ])
