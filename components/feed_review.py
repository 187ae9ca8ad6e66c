"""Binnengekomen berichten: the feed review queue as a grid, and the decision form beside it."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from components.alerts import local
from services.feeds import SOURCES
from services.gazetteer import streets

LOCATION_SOURCES = {"geotag": "geotag van het bericht", "straatnaam": "straatnaam in de tekst"}
# Times as 'jjjj-mm-dd uu:mm' (local) so that sorting the column sorts by time.
COLUMNS = [
    {"field": "source", "headerName": "Bron", "width": 150},
    {"field": "posted", "headerName": "Geplaatst", "width": 140, "sort": "desc"},
    {"field": "text", "headerName": "Bericht", "flex": 3, "wrapText": True, "autoHeight": True,
     "cellStyle": {"lineHeight": "1.4", "whiteSpace": "normal"}},
    {"field": "category", "headerName": "Voorstel", "flex": 1, "wrapText": True, "autoHeight": True},
    {"field": "urgent", "headerName": "Spoed", "width": 90},
    {"field": "confidence", "headerName": "Zekerheid", "width": 110, "type": "rightAligned"},
    {"field": "location", "headerName": "Locatie", "flex": 1, "wrapText": True, "autoHeight": True},
    {"field": "reason", "headerName": "Waarom in de wachtrij", "flex": 1, "wrapText": True,
     "autoHeight": True},
]


def location_label(post) -> str:
    if post.lat is None:
        return "Geen locatie gevonden"
    place = post.street or f"{post.lat:.5f}, {post.lon:.5f}".replace(".", ",")
    return f"{place} (uit {LOCATION_SOURCES.get(post.location_source, post.location_source)})"


def queue_rows(posts, category_names: dict[str, str]) -> list[dict]:
    """One grid row per waiting post; `id` is the post's id (the server checks it again)."""
    return [{
        "id": post.id,
        "source": SOURCES.get(post.source, post.source) + (f" ({post.source_name})" if post.source_name else ""),
        "posted": local(post.posted_at, "%Y-%m-%d %H:%M"),
        "text": post.raw_text,
        "category": category_names.get(post.proposed_category or "", "Onbekend"),
        "proposed_category": post.proposed_category,
        "urgent": "spoed" if post.proposed_urgent else "geen spoed",
        "confidence": "-" if post.confidence is None else f"{post.confidence:.0%}".replace("%", "\u00a0%"),
        "location": location_label(post),
        "reason": post.reason,
    } for post in posts]


def queue_grid() -> dag.AgGrid:
    return dag.AgGrid(id="feed-grid", rowData=[], columnDefs=COLUMNS,
                      defaultColDef={"sortable": True, "filter": True, "resizable": True},
                      getRowId="params.data.id", style={"width": "100%", "height": "520px"},
                      className="ag-theme-alpine",
                      dashGridOptions={"animateRows": False, "rowSelection": {"mode": "singleRow"},
                                       "overlayNoRowsTemplate": "Geen berichten die op een besluit wachten."})


def decision_form(category_options: list[dict]) -> html.Section:
    return html.Section([
        html.H2("Besluit"),
        html.P("Kies een bericht in de lijst.", id="feed-selected", className="feed-selected"),
        html.Label("Categorie van de melding", htmlFor="feed-category"),
        dcc.Dropdown(id="feed-category", options=category_options, clearable=False,
                     placeholder="Kies een bericht"),
        html.Label("Straat, als de locatie ontbreekt of niet klopt", htmlFor="feed-street"),
        dcc.Dropdown(id="feed-street", options=sorted({s.name for s in streets()}),
                     placeholder="Locatie uit het bericht"),
        html.Button("Accepteren als melding", id="feed-accept", n_clicks=0, className="feed-accept"),
        html.Label("Reden van afwijzen", htmlFor="feed-reason"),
        dcc.Input(id="feed-reason", type="text", maxLength=500, className="feed-reason",
                  placeholder="Bijv. geen melding, dubbel, buiten ons gebied"),
        html.Button("Afwijzen", id="feed-reject", n_clicks=0, className="feed-reject"),
    ], className="feed-decision", **{"aria-label": "Besluit over het gekozen bericht"})
