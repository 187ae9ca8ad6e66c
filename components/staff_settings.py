"""The form on Mijn instellingen: a staff member's e-mail choices while on duty."""

from __future__ import annotations

from dash import dcc, html

from components.resident import field

DUTY, URGENT, ALERTS = "dienst", "spoed", "signalen"


def notification_form(setting, scope: str) -> html.Section:
    """`setting`: the stored StaffNotificationSetting or None (then urgent reports and alerts are ticked)."""
    chosen = [DUTY] if setting is not None and setting.on_duty else []
    chosen += [URGENT] if setting is None or setting.urgent_reports else []
    chosen += [ALERTS] if setting is None or setting.alerts else []
    return html.Section([
        html.H2("E-mail als ik dienst heb"),
        html.P(f"Krijg een e-mail bij een nieuwe spoedmelding of een nieuw signaal in {scope}. De e-mail noemt "
               "geen melder en geen meldingstekst: alleen categorie, buurt, tijd en een link naar het dashboard."),
        field("Uw werk-e-mailadres", dcc.Input(id="staff-notify-email", type="email", autoComplete="email",
                                               value=setting.email if setting is not None else "")),
        dcc.Checklist(id="staff-notify-options", value=chosen, className="choices", options=[
            {"label": " Ik heb nu dienst: stuur mij e-mail", "value": DUTY},
            {"label": " bij een nieuwe spoedmelding", "value": URGENT},
            {"label": " bij een nieuw signaal (vroegsignalering)", "value": ALERTS},
        ]),
        html.Button("Opslaan", id="staff-notify-save", n_clicks=0, className="primary"),
        html.P(id="staff-notify-status", role="status"),
    ], className="panel")
