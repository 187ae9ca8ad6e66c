"""Privacy: the privacy officer answers one resident's request (inzage, export, wissen)."""

import dash
from dash import html

from auth.guard import csrf_token
from auth.principal import PRIVACY_ROLES
from components.page_access import protected_layout
from components.privacy import request_form

dash.register_page(__name__, path="/privacy", name="Verzoeken bewoners", title="Privacy - HNM Dashboard",
                   access=PRIVACY_ROLES, nav_order=92)


@protected_layout(PRIVACY_ROLES)
def layout(principal, **_):
    scope = ("Als privacyfunctionaris van de politie vindt u alle meldingen, ook die alleen voor de politie zijn."
             if principal.is_police else
             "Als privacyfunctionaris van uw organisatie vindt u alleen de gedeelde meldingen die de deelregels "
             "van de regio u laten zien en de meldingen die uw organisatie behandelt; meldingen die alleen voor "
             "de politie zijn, behandelt de privacyfunctionaris van de politie."
             if principal.category_limited else
             "Als privacyfunctionaris van de gemeente vindt u alleen gedeelde meldingen; meldingen die "
             "alleen voor de politie zijn, behandelt de privacyfunctionaris van de politie.")
    return html.Div([
        html.H1("Verzoeken van bewoners"),
        html.P("Zoek alles wat over één bewoner is opgeslagen: met de referentie van een melding, een "
               "e-mailadres of een telefoonnummer. U kunt het downloaden voor de bewoner, of het wissen "
               "als de bewoner dat vraagt. Elke zoekactie, download en wisactie komt in het auditlog.",
               className="page-intro"),
        html.P(scope, className="page-note"),
        request_form(csrf_token()),
    ], className="page privacy-page")
