"""Afmelden: a follower stops the buurtberichten by e-mail with the secret link (no login)."""

import dash

from auth.guard import PUBLIC
from components.page_access import protected_layout
from components.resident import mail_link_page

dash.register_page(__name__, path_template="/buurt/<code>/afmelden/<token>", name="Afmelden",
                   title="Afmelden - HNM", access=PUBLIC, order=-2)
# order: Dash matches path templates with fnmatch in registry order, and "/buurt/<code>" matches
# "/buurt/X/afmelden/Y" too; pages with an order come first.


@protected_layout(PUBLIC)
def layout(principal=None, token: str = "", **_):
    return mail_link_page("Afmelden voor buurtberichten",
                          "Wilt u geen e-mail meer krijgen over deze buurt? Klik op afmelden. "
                          "We wissen dan uw e-mailadres.", "Afmelden", "unfollow", token)
