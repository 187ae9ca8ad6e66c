"""Dutch texts for every dash-ag-grid table: AG Grid itself speaks English ("No Rows To Show", the
column filter menus), the rest of the interface Dutch."""

from __future__ import annotations

DUTCH = {
    "noRowsToShow": "Geen gegevens om te tonen.", "loadingOoo": "Laden...",
    "filterOoo": "Filter...", "searchOoo": "Zoeken...", "selectAll": "(Alles selecteren)",
    "blanks": "(Leeg)", "noMatches": "Geen resultaten",
    "equals": "Is gelijk aan", "notEqual": "Is niet gelijk aan", "blank": "Leeg", "notBlank": "Niet leeg",
    "empty": "Kies er een", "lessThan": "Kleiner dan", "greaterThan": "Groter dan",
    "lessThanOrEqual": "Kleiner dan of gelijk aan", "greaterThanOrEqual": "Groter dan of gelijk aan",
    "inRange": "Tussen", "inRangeStart": "Van", "inRangeEnd": "Tot",
    "contains": "Bevat", "notContains": "Bevat niet", "startsWith": "Begint met", "endsWith": "Eindigt op",
    "before": "Voor", "after": "Na", "andCondition": "EN", "orCondition": "OF",
    "applyFilter": "Toepassen", "resetFilter": "Herstellen", "clearFilter": "Wissen", "cancelFilter": "Annuleren",
    "textFilter": "Tekstfilter", "numberFilter": "Getalfilter", "dateFilter": "Datumfilter",
    "sortAscending": "Oplopend sorteren", "sortDescending": "Aflopend sorteren", "sortUnSort": "Sortering wissen",
    "page": "Pagina", "of": "van", "to": "tot", "more": "meer", "pageSizeSelectorLabel": "Per pagina:",
}


def dutch_grid_options(options: dict | None = None, no_rows: str | None = None) -> dict:
    """`dashGridOptions` with the Dutch texts; `no_rows` says what an empty table means here."""
    texts = dict(DUTCH, **({"noRowsToShow": no_rows} if no_rows else {}))
    return {**(options or {}), "localeText": texts}
