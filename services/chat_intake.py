"""The residents' chat intake: live category proposal, the 112 stop, one report per draft.

A draft carries a random key from the browser; the report stores "chat:<key>" as its unique
source_ref, so posting the same draft twice (double click, retry after a network error) gives the
same report. Every answer issues a fresh tracking token (the browser shows the latest one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access.models import Category, Report
from data_access.scoping import unscoped_select
from services.detection_queue import detect_later
from services.intake import ADVICE_112, MAX_TEXT, IntakeData, IntakeError, submit_with_safety_check
from services.neighbourhood import link_answer, open_oproep
from services.photos import PreparedPhoto, attach_photo
from services.tracking import issue_token

DRAFT_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# The stored text is the description plus the follow-up answer and the page's answer lines
# (wanneer, nog aan de gang, the safety answer): the boxes' limits leave room for those, so what a
# resident may type is never refused afterwards.
FOLLOW_UP_MAX = 1000
ANSWERS_ROOM = 200
DESCRIPTION_MAX = MAX_TEXT - FOLLOW_UP_MAX - ANSWERS_ROOM
# Questions the chat adds for main categories where the handler needs more (plain Dutch, B1).
FOLLOW_UP = {
    "veiligheid-politie": "Ziet u de persoon of personen nog? Hoe zien ze eruit en welke kant gingen ze op?",
    "overlast-van-en-door-personen-of-groepen": "Hoeveel personen zijn het ongeveer, en wat doen ze?",
    "overlast-van-dieren": "Om welk dier gaat het, en is het gevaarlijk?",
    "wegen-verkeer-straatmeubilair": "Is het gevaarlijk voor fietsers, voetgangers of auto's?",
    "overlast-bedrijven-en-horeca": "Om welk bedrijf of welke zaak gaat het?",
}


SAFETY_QUESTION = "Is er nu iemand in gevaar?"


@dataclass(frozen=True)
class Proposal:
    main_slug: str
    main_name: str
    sub_slug: str
    sub_name: str
    life_threatening: bool
    follow_up: str | None
    danger: str = "none"            # "now": 112 stop; "unsure": ask SAFETY_QUESTION; "none"
    words: tuple[str, ...] = ()     # the words of the text the category was based on ("waarom?")


@dataclass(frozen=True)
class Receipt:
    reference: str
    token: str
    life_threatening: bool
    advice: str | None


def propose(session: Session, text: str) -> Proposal | None:
    """The triage's proposal for what the resident typed so far (None for too little text)."""
    from services.triage import classify

    text = (text or "").strip()
    if len(text) < 8:
        return None
    proposal = classify(text)
    sub = session.scalar(select(Category).where(Category.slug == proposal.sub_slug))
    main = sub.parent if sub is not None else None
    if sub is None or main is None:
        return None
    return Proposal(main.slug, main.name, sub.slug, sub.name, bool(proposal.life_threatening),
                    FOLLOW_UP.get(main.slug), proposal.danger, tuple(proposal.top_terms))


def correction_choices(session: Session) -> list[tuple[str, str]]:
    """(sub slug, plain name) per main category: the short list a resident may pick from."""
    mains = session.scalars(select(Category).where(Category.parent_id.is_(None), Category.active.is_(True))
                            .order_by(Category.name)).all()
    subs = session.scalars(select(Category).where(Category.parent_id.is_not(None),
                                                  Category.active.is_(True)).order_by(Category.id)).all()
    first_sub = {}
    for sub in subs:   # the main's "overig" sub if it has one, else its first sub
        if sub.parent_id not in first_sub or sub.slug.startswith("overig"):
            first_sub[sub.parent_id] = sub.slug
    return [(first_sub[m.id], m.name) for m in mains if m.id in first_sub]


def submit_draft(session: Session, data: IntakeData, draft_key: str, oproep_id: int | None = None,
                 photo: PreparedPhoto | None = None) -> Receipt:
    """Store the draft as one report (or find the one stored before) and commit. An answer to a
    running oproep (call for information) is linked to the oproep's incident; the photo (already
    checked and cleaned) goes with a new report only."""
    if not DRAFT_KEY.match(draft_key or ""):
        raise IntakeError({"draft": "Deze melding kon niet worden verstuurd. Laad de pagina opnieuw."})
    oproep = open_oproep(session, oproep_id) if oproep_id else None
    if oproep_id and oproep is None:
        raise IntakeError({"oproep": "Deze oproep loopt niet meer. Maak een gewone melding via Melden."})
    source_ref = f"chat:{draft_key}"
    report = session.scalar(unscoped_select(Report).where(Report.source_ref == source_ref))
    if report is None:
        data.source_ref = source_ref
        try:
            report, life = submit_with_safety_check(session, data, detect="later")
        except IntegrityError:      # the same draft arrived twice at once: the first one won
            session.rollback()
            report = session.scalar(unscoped_select(Report).where(Report.source_ref == source_ref))
            if report is None:
                raise
        else:
            if oproep is not None:
                link_answer(session, oproep, report)
            if photo is not None:
                attach_photo(session, report, photo)
            token = issue_token(session, report)
            session.commit()
            detect_later(report.id)
            return Receipt(report.reference, token, life, ADVICE_112 if life else None)
    token = issue_token(session, report)
    session.commit()
    return Receipt(report.reference, token, False, None)
