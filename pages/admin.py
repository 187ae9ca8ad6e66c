"""Beheer: the users of the store (create and disable with `flask --app app users ...`), the
scheduled jobs (last run, next run, failures) and the region configuration (read-only)."""

import dash
import dash_ag_grid as dag
from dash import html
from flask import current_app
from sqlalchemy import func, select

from auth.principal import ADMIN_ROLES, ROLE_LABELS
from components.grid_locale import dutch_grid_options
from components.jobs import jobs_section
from components.page_access import protected_layout
from components.placeholder import placeholder_page
from components.region_info import region_section
from data_access.models import Area, User
from data_access.job_queries import job_states, runners
from data_access.overview import users_by_role
from data_access.request_session import db_session
from services.region_context import current_region

dash.register_page(__name__, path="/beheer", name="Beheer", title="Beheer - HNM Dashboard",
                   access=ADMIN_ROLES, nav_order=90)


@protected_layout(ADMIN_ROLES)
def layout(principal, **_):
    session = db_session()
    users = session.scalars(select(User).order_by(User.username)).all()
    rows = [{"gebruiker": u.username, "naam": u.display_name, "organisatie": u.organisation.code,
             "rollen": ", ".join(ROLE_LABELS[r.role] for r in u.roles),
             "actief": "ja" if u.active else "nee"} for u in users]
    grid = dag.AgGrid(id="admin-users", rowData=rows, columnSize="sizeToFit",
                      columnDefs=[{"field": f, "headerName": f.capitalize()} for f in rows[0]] if rows else [],
                      dashGridOptions=dutch_grid_options({"domLayout": "autoHeight", "rowSelection": {"mode": "singleRow"}}))
    counts = users_by_role(session)
    settings = current_app.config["HNM_SETTINGS"]
    stored = dict(session.execute(select(Area.kind, func.count()).group_by(Area.kind)).all())
    return placeholder_page("Beheer", "Gebruikers en rollen.",
                            [(ROLE_LABELS[r], n, f"role-{r}", "neutral") for r, n in sorted(counts.items())],
                            extra=html.Div([grid, html.Button("Gebruiker aan/uit zetten", id="admin-toggle"),
                                            html.P(id="admin-message", role="status"),
                                            jobs_section(job_states(session), runners(session)),
                                            region_section(current_region(), settings.tile_url,
                                                           settings.tile_attribution, stored)]))
