"""The search box in the header of every staff page: a reference, a street and house number, or
words of the text. Its results open the report panel on /kaart (`/kaart?melding=<id>`)."""

from __future__ import annotations

from dash import dcc, html

from data_access.vocabulary import STATUS_LABELS
from components.dates import format_date

MAX_SHOWN = 10


def search_box() -> html.Div:
    return html.Div([
        html.Label("Zoek een melding", htmlFor="hnm-search", className="visually-hidden"),
        dcc.Input(id="hnm-search", type="search", placeholder="HNM-0001234, straat 12 of woorden",
                  debounce=True, autoComplete="off", className="header-search-input", maxLength=120),
        html.Button("Zoek", id="hnm-search-go", n_clicks=0, className="header-search-button"),
        html.Div(id="hnm-search-results", className="header-search-results", role="region",
                 **{"aria-live": "polite", "aria-label": "Zoekresultaten"}),
    ], className="header-search", role="search")


def search_results(query: str, hits) -> list:
    """The hits as links that open the report panel; no text, no contact details."""
    if not hits:
        return [html.P(f"Geen melding gevonden voor '{query}' (of u hebt er geen toegang toe).",
                       className="search-empty")]
    rows = [html.Li(dcc.Link([html.Span(hit.reference, className="search-ref"),
                              html.Span(hit.category, className="search-category"),
                              html.Span(" · ".join(part for part in (hit.address or hit.buurt or "",
                                                                     format_date(hit.received_at),
                                                                     STATUS_LABELS.get(hit.status, hit.status))
                                                   if part), className="search-meta")],
                             href=f"/kaart?melding={hit.report_id}", className="search-hit"))
            for hit in hits]
    more = [html.P(f"De nieuwste {MAX_SHOWN}; maak de zoekvraag preciezer voor oudere meldingen.",
                   className="search-more")] if len(hits) >= MAX_SHOWN else []
    return [html.Ul(rows, className="search-list", id="hnm-search-list"), *more]
