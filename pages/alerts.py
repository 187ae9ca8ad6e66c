"""Vroegsignalering (placeholder until the early-warning issue): alerts per state."""

import dash

from auth.principal import ANALYSIS_ROLES
from components.page_access import protected_layout
from components.placeholder import placeholder_page
from data_access.overview import alerts_by_state
from data_access.request_session import db_session

dash.register_page(__name__, path="/signalen", name="Vroegsignalering",
                   title="Vroegsignalering - HNM Dashboard", access=ANALYSIS_ROLES, nav_order=50)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **_):
    states = alerts_by_state(db_session(), principal)
    return placeholder_page("Vroegsignalering", "Signalen van meer meldingen dan verwacht.", [
        ("Nieuw", states.get("nieuw", 0), "al-new", "alert"),
        ("Bevestigd", states.get("bevestigd", 0), "al-confirmed", "neutral"),
        ("Afgehandeld", states.get("afgehandeld", 0), "al-done", "neutral"),
    ])
