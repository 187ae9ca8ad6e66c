"""Triagemodel: the model in use, how well its proposals held up, drift and fairness (managers, beheerder)."""

import dash

from auth.principal import MODEL_ROLES
from components.page_access import protected_layout
from components.triage_model import model_card, page_layout
from services.triage.registry import list_models
from services.triage.retrain import recent_decisions

dash.register_page(__name__, path="/triagemodel", name="Triagemodel", title="Triagemodel - HNM Dashboard",
                   access=MODEL_ROLES, nav_order=85)


@protected_layout(MODEL_ROLES)
def layout(principal, **_):
    active = next(info for info in list_models() if info.active)
    return page_layout(model_card(active, recent_decisions(5)), principal.reads_reports)
