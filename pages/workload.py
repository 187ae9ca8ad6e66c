"""Werklast: open reports, lateness, inflow/outflow, backlog and lead times per organisation,
team and (for managers) person, with the list of reports behind every number."""

import dash

from auth.principal import ANALYSIS_ROLES, MANAGER_ROLES
from components.filter_url import analysis_filters
from components.page_access import protected_layout
from components.workload import workload_layout
from data_access.history import newest_report_at
from data_access.models import utcnow
from data_access.request_session import db_session
from services.map_filters import load_options

dash.register_page(__name__, path="/werklast", name="Werklast", title="Werklast - HNM Dashboard",
                   access=ANALYSIS_ROLES, nav_order=30)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **query):
    session = db_session()
    options = load_options(session)
    chosen, _ = analysis_filters({k: v for k, v in query.items() if isinstance(v, str)}, options, utcnow(),
                                 newest_report_at(session, principal))
    return workload_layout(chosen, options, principal.has_any(MANAGER_ROLES))
