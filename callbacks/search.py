"""The header's search box: the server looks up the query within the user's scope."""

from dash import Input, Output, State, callback, clientside_callback
from dash.exceptions import PreventUpdate

from auth.current import current_principal
from auth.guard import guard
from auth.principal import MAP_ROLES
from components.search import MAX_SHOWN, search_results
from data_access.report_search import search_reports
from data_access.request_session import db_session


@callback(Output("hnm-search-results", "children"), Input("hnm-search", "value"),
          Input("hnm-search-go", "n_clicks"), State("hnm-search", "value"), prevent_initial_call=True)
@guard(*MAP_ROLES)
def search(_value, _clicks, query):
    query = (query or "").strip()[:120]
    if not query:
        return []
    if len(query) < 2:
        raise PreventUpdate
    return search_results(query, search_reports(db_session(), current_principal(), query, MAX_SHOWN))


# After following a result (or any link) the list closes; the box keeps the query.
clientside_callback("function () { return []; }", Output("hnm-search-results", "children", allow_duplicate=True),
                    Input("_pages_location", "href"), prevent_initial_call=True)
