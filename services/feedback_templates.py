"""Terugkoppeling templates: the messages staff send back to a reporter, per category and status.

Plain Dutch (B1), no personal data: only the report's reference, its category and the category's
own handling text. Staff may edit the text before it goes to the outbox.
"""

from __future__ import annotations

from data_access.models import Category, Report
from data_access.vocabulary import CLOSED_STATUSES, FEEDBACK_KINDS

KINDS = FEEDBACK_KINDS            # the kinds of terugkoppeling staff can send


_GREETING = "Beste melder,\n\n"
_CLOSING = "\n\nMet vriendelijke groet,\n{organisatie}"

_RECEIVED = ("Bedankt voor uw melding {referentie} over '{categorie}'. We hebben hem goed "
             "ontvangen.\n\n{afhandeling}")
_PROGRESS = {
    "gemeld": "Uw melding {referentie} over '{categorie}' staat klaar om te worden opgepakt.",
    "in_behandeling": "We zijn bezig met uw melding {referentie} over '{categorie}'.",
    "ingepland": "Uw melding {referentie} over '{categorie}' is ingepland. We gaan er zo snel "
                 "mogelijk mee aan de slag.",
    "reactie_gevraagd": "Over uw melding {referentie} over '{categorie}' hebben we nog een vraag "
                        "aan u: ...",
    "doorgezet": "Uw melding {referentie} over '{categorie}' hebben we doorgegeven aan de partij "
                 "die dit oplost.",
    "heropend": "We hebben uw melding {referentie} over '{categorie}' opnieuw opgepakt.",
}
_DONE = {
    "afgehandeld": "Uw melding {referentie} over '{categorie}' is afgehandeld. Bedankt dat u dit "
                   "aan ons doorgaf.",
    "geannuleerd": "Uw melding {referentie} over '{categorie}' hebben we gesloten zonder verdere "
                   "actie. Is het probleem er nog? Meld het dan opnieuw.",
}
_DONE_DEFAULT = ("Als we klaar zijn met uw melding {referentie} over '{categorie}', laten we u "
                 "weten wat we hebben gedaan.")


def _suggested_order(status: str) -> tuple[str, ...]:
    if status in CLOSED_STATUSES:
        return "afloopbericht", "tussenbericht", "ontvangstbevestiging"
    if status == "gemeld":
        return "ontvangstbevestiging", "tussenbericht", "afloopbericht"
    return "tussenbericht", "afloopbericht", "ontvangstbevestiging"


def templates_for(category: Category, status: str) -> dict[str, str]:
    """Template per kind for this category and status, the best fitting kind first.

    Placeholders: {referentie}, {categorie}, {organisatie}; `render` fills them in."""
    handling = (category.handling_text or "").strip() or "We laten u weten wat we ermee doen."
    bodies = {
        "ontvangstbevestiging": _RECEIVED.replace("{afhandeling}", handling.replace("{", "(").replace("}", ")")),
        "tussenbericht": _PROGRESS.get(status, _PROGRESS["in_behandeling"]),
        "afloopbericht": _DONE.get(status, _DONE_DEFAULT),
    }
    return {kind: _GREETING + bodies[kind] + _CLOSING for kind in _suggested_order(status)}


def render(kind: str, report: Report, category: Category) -> str:
    """The template of `kind` filled in for this report (raises KeyError for an unknown kind)."""
    return templates_for(category, report.status)[kind].format(
        referentie=report.reference, categorie=category.name,
        organisatie=report.organisation.name if report.organisation else "Het meldpunt")
