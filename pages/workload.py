"""Werklast (placeholder until the workload issue): open reports per organisation and team."""

import dash
from dash import html

from auth.principal import ANALYSIS_ROLES
from components.page_access import protected_layout
from components.placeholder import placeholder_page
from data_access.models import utcnow
from data_access.overview import headline_counts, open_by_team
from data_access.request_session import db_session

dash.register_page(__name__, path="/werklast", name="Werklast", title="Werklast - HNM Dashboard",
                   access=ANALYSIS_ROLES, nav_order=30)


@protected_layout(ANALYSIS_ROLES)
def layout(principal, **_):
    session = db_session()
    c = headline_counts(session, principal, utcnow())
    rows = open_by_team(session, principal)
    table = html.Table([html.Thead(html.Tr([html.Th("Organisatie"), html.Th("Team"), html.Th("Open")])),
                        html.Tbody([html.Tr([html.Td(o), html.Td(t), html.Td(n)]) for o, t, n in rows])],
                       className="simple-table", id="workload-table")
    return placeholder_page("Werklast", "Open meldingen per organisatie en team.", [
        ("Open", c["open"], "wl-open", "neutral"),
        ("Over de termijn", c["overdue"], "wl-overdue", "warn"),
    ], extra=table)
