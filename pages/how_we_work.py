"""Hoe wij uw melding behandelen: public transparency page for residents (linked from /melden)."""

import dash
from flask import current_app

from auth.guard import PUBLIC
from components.page_access import protected_layout
from components.transparency import how_we_work

dash.register_page(__name__, path="/hoe-wij-werken", name="Hoe wij werken",
                   title="Hoe wij uw melding behandelen - HNM", access=PUBLIC)


@protected_layout(PUBLIC)
def layout(principal=None, **_):
    from services.privacy.policy import load_policy
    from services.triage.registry import active_path, register_entry

    try:
        entry = register_entry(active_path())
    except FileNotFoundError:
        entry = None
    return how_we_work(entry, load_policy(current_app.config["HNM_SETTINGS"].privacy_policy))
