"""Feed adapter: posts from neighbourhood apps and public social media become review-queue items.

The classifier (plus a few plain rules) decides whether a post is a report at all; its location
comes from the geotag or from a Wateringse Veld street named in the text. An operator accepts a
post (which creates the report through submit_report) or rejects it.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Category, FeedPost, Report, utcnow
from data_access.scoping import scoped_select, unscoped_select, unscoped_update
from services.areas import AreaIndex
from services.gazetteer import find_place
from services.intake import MAX_TEXT, IntakeData, submit_report
from services.workflow import record

SOURCES = {"buurtapp": "Buurtapp", "social": "Sociale media"}
# Posts that are about something else than a problem in the neighbourhood.
NOT_A_REPORT = re.compile(r"\b(te koop|gratis af te halen|aanbieding|wie kent|tips? voor|"
                          r"gezellig|gefeliciteerd|uitnodiging|rommelmarkt|bedankt)\b", re.I)
# Words that make a low-confidence classification believable.
PROBLEM_WORDS = re.compile(r"\b(kapot|overlast|gevaarlijk|stuk|dump|gedumpt|afval|lawaai|herrie|"
                           r"verdacht|inbraak|ingebroken|brand|vernield|lekt?|losliggend|"
                           r"vuurwerk|hangjongeren|drugs|ratten|zwerfvuil)\w*", re.I)
CONFIDENT = 0.5
MAX_ID_LENGTH, MAX_ID_NUMBER = 120, 10**18     # the post's id at its source (as in the OpenAPI)
PLAUSIBLE = 0.2


class FeedError(ValueError):
    """Invalid post or decision: `errors` maps fields to Dutch messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def is_report(text: str, proposal) -> tuple[bool, str]:
    """(is it a report?, the reason in Dutch)."""
    if proposal.life_threatening or proposal.urgent:
        return True, "Mogelijk spoed volgens de triage."
    if NOT_A_REPORT.search(text):
        return False, "Lijkt geen melding (advertentie, vraag of groet)."
    if len(text.split()) < 3:
        return False, "Te kort om een melding te zijn."
    if proposal.confidence >= CONFIDENT and not proposal.needs_review:
        return True, f"Triage is zeker genoeg ({proposal.confidence:.0%})."
    if proposal.confidence >= PLAUSIBLE and PROBLEM_WORDS.search(text):
        return True, f"Noemt een probleem; triage twijfelt ({proposal.confidence:.0%})."
    return False, f"Triage herkent geen melding ({proposal.confidence:.0%})."


def _validated(body: dict) -> dict:
    errors: dict[str, str] = {}
    source = body.get("source")
    if not isinstance(source, str) or source not in SOURCES:
        errors["source"] = f"Kies een van: {', '.join(SOURCES)}."
    external_id = body.get("id")
    if isinstance(external_id, float) and external_id.is_integer():
        external_id = int(external_id)          # JSON has one number type: 86400.0 is 86400
    if isinstance(external_id, bool) or not (
            (isinstance(external_id, str) and 0 < len(external_id) <= MAX_ID_LENGTH)
            or (isinstance(external_id, int) and abs(external_id) <= MAX_ID_NUMBER)):
        errors["id"] = "Geef het id van het bericht bij de bron (tekst of getal, maximaal 120 tekens)."
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        errors["text"] = "Dit veld is verplicht."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"De tekst is te lang (maximaal {MAX_TEXT} tekens)."
    posted_at = utcnow()
    if body.get("posted_at") is not None:
        try:
            posted_at = datetime.fromisoformat(str(body["posted_at"]))
            if posted_at.tzinfo is None:
                raise ValueError
        except ValueError:
            errors["posted_at"] = "Geef een ISO 8601-tijd met tijdzone, bijv. 2026-11-28T20:15:00+01:00."
    geotag = body.get("geotag")
    lat = lon = None
    if geotag is not None:
        try:
            lat, lon = geotag["lat"], geotag["lon"]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                       for v in (lat, lon)):
                raise ValueError
            lat, lon = float(lat), float(lon)
        except (TypeError, KeyError, ValueError):
            errors["geotag"] = "Geef geotag als {\"lat\": getal, \"lon\": getal}."
    source_name = body.get("source_name") or ""
    if not isinstance(source_name, str) or len(source_name) > 80:
        errors["source_name"] = "Dit moet tekst zijn (maximaal 80 tekens)."
    if errors:
        raise FeedError(errors)
    return {"source": source, "ref": f"{source}:{external_id}", "text": text.strip(),
            "posted_at": posted_at, "lat": lat, "lon": lon, "source_name": source_name}


def receive_post(session: Session, body: dict, *, classify=None, index: AreaIndex | None = None
                 ) -> tuple[FeedPost, bool]:
    """Store one post (once per source and id): (post, created)."""
    post = _validated(body)
    existing = session.scalar(unscoped_select(FeedPost).where(FeedPost.source_ref == post["ref"]))
    if existing is not None:
        return existing, False
    if classify is None:
        from services.triage import classify
    proposal = classify(post["text"])
    report, reason = is_report(post["text"], proposal)
    index = index or AreaIndex.from_session(session)
    lat, lon, location_source, street = post["lat"], post["lon"], "", None
    located = index.locate(lat, lon) if lat is not None else None
    if located is not None:
        location_source = "geotag"
    else:
        found = find_place(post["text"])
        lat, lon = (found.lat, found.lon) if found else (None, None)
        location_source, street = ("straatnaam", found.street.name) if found else ("", None)
        located = index.locate(lat, lon) if found else None
    item = FeedPost(source=post["source"], source_ref=post["ref"], source_name=post["source_name"],
                    raw_text=post["text"], posted_at=post["posted_at"], lat=lat, lon=lon,
                    location_source=location_source, street=street,
                    wijk_code=located.wijk_code if located else None,
                    proposed_category=proposal.sub_slug, proposed_urgent=bool(proposal.urgent),
                    confidence=proposal.confidence, reason=reason,
                    state="te_beoordelen" if report else "afgewezen")
    session.add(item)
    session.flush()
    return item, True


def _queue(principal: Principal):
    """Posts waiting for a decision that this principal may see (None: no access at all).
    Gemeente staff never see posts proposed as a police-only category; a wijkagent sees the posts
    located in the assigned wijken (a post without a place goes to the control room)."""
    if not principal.handles_reports:
        return None
    query = scoped_select(principal, FeedPost).where(FeedPost.state == "te_beoordelen")
    if not principal.is_police:
        police_only = select(Category.slug).where(Category.default_visibility == "politie")
        query = query.where(or_(FeedPost.proposed_category.is_(None),
                                FeedPost.proposed_category.not_in(police_only)))
    return query


def review_queue(session: Session, principal: Principal, limit: int = 100) -> list[FeedPost]:
    query = _queue(principal)
    if query is None:
        return []
    return list(session.scalars(query.order_by(FeedPost.received_at.desc()).limit(limit)))


STALE = "Dit bericht staat niet (meer) in de wachtrij: iemand anders heeft het al behandeld."


def _waiting(session: Session, principal: Principal, post_id: int) -> FeedPost | None:
    query = _queue(principal)
    return session.scalar(query.where(FeedPost.id == post_id)) if query is not None else None


def is_pending(session: Session, principal: Principal, post_id: int) -> bool:
    return _waiting(session, principal, post_id) is not None


def _pending(session: Session, principal: Principal, post_id: int) -> FeedPost:
    post = _waiting(session, principal, post_id)
    if post is None:
        raise FeedError({"post": STALE})
    return post


def _claim(session: Session, principal: Principal, post: FeedPost, state: str, **values) -> None:
    """Decide on the post only if it is still waiting: of two operators deciding at once one
    wins; the other gets FeedError (the row lock makes the second UPDATE see the first's state)."""
    claimed = session.execute(
        unscoped_update(FeedPost).where(FeedPost.id == post.id, FeedPost.state == "te_beoordelen")
        .values(state=state, decided_by_id=principal.user_id, decided_at=utcnow(), **values))
    if claimed.rowcount != 1:
        raise FeedError({"post": STALE})


def accept_post(session: Session, principal: Principal, post_id: int, *, category_slug: str | None = None,
                lat: float | None = None, lon: float | None = None, address: str | None = None) -> Report:
    """Turn a queued post into a report (channel social or buurtapp), marked with its source.
    A point from the operator (with its address, e.g. a chosen street) wins over the post's own."""
    post = _pending(session, principal, post_id)
    lat, lon, address = (lat, lon, address) if lat is not None else (post.lat, post.lon, post.street)
    if lat is None:
        raise FeedError({"location": "Dit bericht heeft geen locatie; kies een straat of een punt op de kaart."})
    _claim(session, principal, post, "geaccepteerd")
    report = submit_report(session, IntakeData(
        text=post.raw_text, channel=post.source, lat=lat, lon=lon, address=address,
        category_slug=category_slug or post.proposed_category, urgent=post.proposed_urgent or None,
        received_at=post.posted_at, source_ref=f"feed:{post.id}"))
    record(session, report, principal, "bron", to_value=post.source_ref,
           detail=f"Overgenomen uit {SOURCES[post.source]}{' (' + post.source_name + ')' if post.source_name else ''}")
    post.report_id = report.id
    session.flush()
    return report


def reject_post(session: Session, principal: Principal, post_id: int, reason: str = "") -> FeedPost:
    post = _pending(session, principal, post_id)
    _claim(session, principal, post, "afgewezen", reason=reason.strip()[:500] or "Afgewezen door operator.")
    return post
