"""A view that later issues build out; until then it shows the role's real counts."""

from __future__ import annotations

from dash import html

from components.kpi import kpi_row, kpi_tile


def placeholder_page(title: str, intro: str, tiles: list[tuple[str, int, str, str]],
                     extra=None) -> html.Div:
    return html.Div([
        html.H1(title),
        html.P(intro, className="page-intro"),
        kpi_row([kpi_tile(label, value, tile_id, tone) for label, value, tile_id, tone in tiles]),
        extra,
        html.P("Deze weergave wordt verder uitgebouwd; de getallen komen nu al uit de database "
               "en tellen alleen wat u mag zien.", className="page-note"),
    ], className="page")
