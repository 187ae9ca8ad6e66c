"""KPI tiles: one big number with a Dutch label, readable on a laptop and from 5 metres."""

from __future__ import annotations

from dash import html


def format_number(value: int | float) -> str:
    """Dutch number format: 12.345 and 2,5."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{int(value):,}".replace(",", ".")


def kpi_tile(label: str, value: int | float, tile_id: str, tone: str = "neutral",
             hint: str | None = None) -> html.Div:
    """`hint`: one sentence saying exactly what is counted (the tile's tooltip)."""
    return html.Div([html.Div(format_number(value), className="kpi-value", id=f"kpi-{tile_id}"),
                     html.Div(label, className="kpi-label")],
                    className=f"kpi-tile kpi-{tone}", title=hint)


def kpi_row(tiles: list[html.Div]) -> html.Div:
    return html.Div(tiles, className="kpi-row")
