"""The header's search box: the server looks up the query within the user's scope."""

from dataclasses import replace

from dash import Input, Output, State, callback, clientside_callback
from dash.exceptions import PreventUpdate

from auth.current import current_principal
from auth.guard import guard
from auth.principal import MAP_ROLES
from components.search import MAX_SHOWN, search_results
from data_access.report_search import search_reports
from data_access.request_session import db_session
from services.privacy.pseudonymise import street_only


@callback(Output("hnm-search-results", "children"), Input("hnm-search", "value"),
          Input("hnm-search-go", "n_clicks"), State("hnm-search", "value"), prevent_initial_call=True)
@guard(*MAP_ROLES)
def search(_value, _clicks, query):
    query = (query or "").strip()[:120]
    if not query:
        return []
    if len(query) < 2:
        raise PreventUpdate
    principal = current_principal()
    hits = search_reports(db_session(), principal, query, MAX_SHOWN)
    # another organisation's report shows its street, not the house number (as in the report panel)
    return search_results(query, [hit if principal.reads_as_written(hit.organisation_id, hit.category_id)
                                  else replace(hit, address=street_only(hit.address)) for hit in hits])


# After following a result (or any link) the list closes; the box keeps the query.
clientside_callback("function () { return []; }", Output("hnm-search-results", "children", allow_duplicate=True),
                    Input("_pages_location", "href"), prevent_initial_call=True)
