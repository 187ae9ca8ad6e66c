"""Bevestigen: a new follower confirms the e-mail address with the link from the mail (no login).

A button, not the link itself, confirms: mail scanners that open every link must not subscribe anyone."""

import dash

from auth.guard import PUBLIC
from components.page_access import protected_layout
from components.resident import mail_link_page

dash.register_page(__name__, path_template="/buurt/<code>/bevestigen/<token>", name="Bevestigen",
                   title="Buurtberichten bevestigen - HNM", access=PUBLIC, order=-1)   # before /buurt/<code>


@protected_layout(PUBLIC)
def layout(principal=None, token: str = "", **_):
    return mail_link_page("Buurtberichten bevestigen",
                          "Wilt u een e-mail krijgen als politie of gemeente een buurtbericht plaatst? "
                          "Klik dan op bevestigen.", "Bevestigen", "confirm-follow", token)
