"""Binnengekomen berichten: the feed review queue as a grid, and the decision form beside it."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from components.dates import DATETIME_COLUMN, sortable_datetime
from components.grid_locale import dutch_grid_options
from services.feeds import SOURCES
from services.gazetteer import streets

LOCATION_SOURCES = {"geotag": "geotag van het bericht", "straatnaam": "straatnaam in de tekst"}
_WRAP = {"wrapText": True, "autoHeight": True}
COLUMNS = [
    {"field": "source", "headerName": "Bron", "width": 150, **_WRAP},
    {"field": "posted", "headerName": "Geplaatst", "width": 150, "sort": "desc", **DATETIME_COLUMN},
    {"field": "text", "headerName": "Bericht", "flex": 2, "minWidth": 240, **_WRAP},
    {"field": "proposal", "headerName": "Voorstel (triage)", "flex": 1.2, "minWidth": 170, **_WRAP},
    {"field": "location", "headerName": "Locatie", "flex": 1, "minWidth": 150, **_WRAP},
    {"field": "reason", "headerName": "Waarom", "flex": 1, "minWidth": 150, **_WRAP},
]


def location_label(post) -> str:
    if post.lat is None:
        return "Geen locatie gevonden"
    place = post.street or f"{post.lat:.5f}, {post.lon:.5f}".replace(".", ",")
    return f"{place} (uit {LOCATION_SOURCES.get(post.location_source, post.location_source)})"


def proposal_label(post, category_names: dict[str, str]) -> str:
    """'Grofvuil, geen spoed (80 %)': category, urgency and the classifier's confidence."""
    category = category_names.get(post.proposed_category or "", "Onbekende categorie")
    urgency = "spoed" if post.proposed_urgent else "geen spoed"
    if post.confidence is None:
        return f"{category}, {urgency}"
    return f"{category}, {urgency} ({post.confidence:.0%})".replace("%", "\u00a0%")


def queue_rows(posts, category_names: dict[str, str]) -> list[dict]:
    """One grid row per waiting post; `id` is the post's id (the server checks it again)."""
    return [{
        "id": post.id,
        "source": SOURCES.get(post.source, post.source) + (f" ({post.source_name})" if post.source_name else ""),
        "posted": sortable_datetime(post.posted_at),
        "text": post.raw_text,
        "proposal": proposal_label(post, category_names),
        "proposed_category": post.proposed_category,
        "location": location_label(post),
        "reason": post.reason,
    } for post in posts]


def queue_grid() -> dag.AgGrid:
    return dag.AgGrid(id="feed-grid", rowData=[], columnDefs=COLUMNS,
                      defaultColDef={"sortable": True, "filter": True, "resizable": True},
                      getRowId="params.data.id", style={"width": "100%", "height": "520px"},
                      className="ag-theme-alpine",
                      dashGridOptions=dutch_grid_options(
                          {"animateRows": False, "rowSelection": {"mode": "singleRow", "enableClickSelection": True}},
                          no_rows="Geen berichten die op een besluit wachten."))


def decision_form(category_options: list[dict]) -> html.Section:
    names = sorted({s.name for s in streets()})
    return html.Section([
        html.H2("Besluit"),
        html.P("Kies een bericht in de lijst.", id="feed-selected", className="feed-selected"),
        html.Label("Categorie van de melding", htmlFor="feed-category"),
        dcc.Dropdown(id="feed-category", options=category_options, clearable=False,
                     placeholder="Kies een bericht"),
        html.Label("Straat, als de locatie ontbreekt of niet klopt", htmlFor="feed-street"),
        dcc.Dropdown(id="feed-street", options=names, disabled=not names,
                     placeholder="Locatie uit het bericht" if names else "Geen stratenlijst in het regiobestand"),
        html.Button("Accepteren als melding", id="feed-accept", n_clicks=0, className="feed-accept"),
        html.Label("Reden van afwijzen", htmlFor="feed-reason"),
        dcc.Input(id="feed-reason", type="text", maxLength=500, className="feed-reason",
                  placeholder="Bijv. geen melding, dubbel, buiten ons gebied"),
        html.Button("Afwijzen", id="feed-reject", n_clicks=0, className="feed-reject"),
    ], className="feed-decision", **{"aria-label": "Besluit over het gekozen bericht"})
