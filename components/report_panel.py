"""The report panel: one report to read and work, opened from the map, a queue or the ticker.

Pages that use it hold `dcc.Store(id="selected-report")` with data {"id": <report id>} and include
`report_panel()`; the panel's callbacks (callbacks/report_panel.py) fill it on the server.
"""

from __future__ import annotations

from dash import dcc, html


def report_panel() -> html.Div:
    """A side panel, hidden until a report is selected."""
    return html.Aside([
        html.Div([
            html.H2("Melding", id="report-panel-title", className="report-panel-title"),
            html.Button("Sluiten", id="report-panel-close", n_clicks=0, className="report-panel-close",
                        **{"aria-label": "Melding sluiten"}),
        ], className="report-panel-header"),
        html.Div(id="report-panel-message", className="report-panel-message", role="status"),
        html.Div(id="report-panel-body", className="report-panel-body"),
        dcc.Store(id="report-panel-loaded"),     # {"id", "version"} of what the user sees
    ], id="report-panel", className="report-panel report-panel-hidden",
        **{"aria-label": "Melding bekijken en behandelen"})
