"""Overzicht: refreshes the headline tiles while the page is open."""

from dash import Input, Output, callback

from auth.current import current_principal
from auth.guard import guard
from auth.principal import READING_ROLES
from components.home import headline_tiles
from data_access.models import utcnow
from data_access.overview import headline_counts
from data_access.request_session import db_session


@callback(Output("home-tiles", "children"), Input("home-refresh", "n_intervals"))
@guard(*READING_ROLES)
def refresh_headline(_n):
    return headline_tiles(headline_counts(db_session(), current_principal(), utcnow()))
