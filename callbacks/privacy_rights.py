"""Verzoeken bewoners (/privacy): search one resident, erase on request. Only the privacy role;
the scope comes from the server's Principal, the query from the officer's own input."""

from dash import Input, Output, State, callback, no_update

from auth.current import current_principal, request_page
from auth.guard import guard
from auth.principal import PRIVACY_ROLES
from components.privacy import findings_view
from data_access.models import utcnow
from data_access.request_session import db_session
from services.privacy.rights import RequestError, audit, erase_resident, find_resident, parse_lookup


@callback(Output("privacy-result", "children"), Output("privacy-searched", "data"),
          Output("privacy-form-q", "value"), Output("privacy-actions", "hidden"),
          Input("privacy-search", "n_clicks"), Input("privacy-query", "n_submit"),
          Input("privacy-erased", "data"), State("privacy-query", "value"), prevent_initial_call=True)
@guard(*PRIVACY_ROLES)
def search(_clicks, _submit, _erased, query):
    try:
        lookup = parse_lookup(query)
    except RequestError as err:
        return err.args[0], None, "", True
    session, principal = db_session(), current_principal()
    findings = find_resident(session, principal, lookup)
    audit(session, principal, "privacy_search", findings, source=request_page())
    session.commit()
    return findings_view(findings), query, query, findings.empty


@callback(Output("privacy-message", "children"), Output("privacy-erased", "data"),
          Input("privacy-erase", "submit_n_clicks"), State("privacy-searched", "data"),
          prevent_initial_call=True)
@guard(*PRIVACY_ROLES)
def erase(confirmed, searched):
    if not confirmed:
        return no_update, no_update
    try:
        lookup = parse_lookup(searched)
    except RequestError:
        return "Zoek eerst de bewoner op.", no_update
    session, principal = db_session(), current_principal()
    findings = find_resident(session, principal, lookup)
    if findings.empty:
        return "Niets gevonden om te wissen.", no_update
    erasure = erase_resident(session, principal, findings, source=request_page())
    session.commit()
    return f"Gewist: {erasure.sentence()}", utcnow().isoformat()
