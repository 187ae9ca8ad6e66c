"""Mijn instellingen: a staff member chooses which e-mails to get while on duty (urgent reports,
alerts in what this role may see). Each person sets only their own; the server takes the person from
the session."""

import dash
from dash import html

from auth.principal import HANDLING_ROLES
from components.page_access import protected_layout
from components.staff_settings import notification_form
from data_access.models import StaffNotificationSetting
from data_access.request_session import db_session

dash.register_page(__name__, path="/instellingen", name="Instellingen", title="Mijn instellingen - HNM Dashboard",
                   access=HANDLING_ROLES, nav_order=95)


@protected_layout(HANDLING_ROLES)
def layout(principal, **_):
    scope = ("uw wijken" if principal.limited_to_areas else
             "alles wat de politie ziet" if principal.is_police else
             "de gedeelde meldingen die de deelregels uw organisatie laten zien" if principal.category_limited else
             "de gedeelde meldingen")
    return html.Div([html.H1("Mijn instellingen"),
                     notification_form(db_session().get(StaffNotificationSetting, principal.user_id), scope)],
                    className="page settings-page")
