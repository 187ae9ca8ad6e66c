"""Many reports, one incident: proposals to group a new report with earlier reports of the same
event, and the operator's decisions on them (confirm, reject, merge, split).

A candidate is close in place (<= 250 m) and time (<= 3 hours), of the same organisation and
visibility level (a police-only report is never grouped with a shared one) and of a compatible
category. Reports further apart than 75 m must also name the same street (rapidfuzz) or have
similar texts: the same category a few hundred metres apart is usually chance. The score combines
distance, time, category, text similarity (TF-IDF character n-grams, cosine) and the same street;
weights and threshold were tuned with bench/early_warning_quality.py on the demo and generated
scenarios (several seeds). The reasons are written out in Dutch. Nothing is grouped until an
operator confirms.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Category, Incident, IncidentProposal, Report, utcnow
from data_access.scoping import report_scope
from services.workflow import WorkflowError, editable_report, flush_or_conflict, record

MAX_DISTANCE_M = 250
MAX_GAP = timedelta(hours=3)
PROPOSE_AT = 0.6
NEAR_M = 75                  # further apart than this: only with the same street or similar text
SAME_STREET, SIMILAR_TEXT = 0.85, 0.5
CATEGORY_WEIGHT = {"zelfde subcategorie": 0.2, "zelfde hoofdcategorie": 0.05, "verwante categorie": 0.0}
MAX_CANDIDATES = 200
# Main categories that often describe the same event (both orders count).
COMPATIBLE_MAIN = {frozenset({"overlast-van-en-door-personen-of-groepen", "veiligheid-politie"}),
                   frozenset({"openbaar-groen-en-water", "wegen-verkeer-straatmeubilair"}),
                   frozenset({"overlast-in-de-openbare-ruimte", "overlast-van-en-door-personen-of-groepen"})}
HOUSE_NUMBER = re.compile(r"\s+\d+\s*[a-zA-Z]?$")
STREET = re.compile(r"\b([A-Z][a-z]+(?:[- ][A-Za-z][a-z]+)*(?:weg|laan|straat|plein|veld|kade|pad|dreef|hof|singel|park))\b")


@dataclass(frozen=True)
class Match:
    candidate: Report
    score: float
    reasons: str


def distance_m(a: Report, b: Report) -> float:
    dlat = (a.lat - b.lat) * 111_320.0
    dlon = (a.lon - b.lon) * 111_320.0 * math.cos(math.radians(a.lat))
    return math.hypot(dlat, dlon)


def streets(report: Report) -> set[str]:
    found = set(STREET.findall(report.text or ""))
    if report.address:
        found.add(HOUSE_NUMBER.sub("", report.address.split(",")[0]).strip())
    return found


def street_similarity(a: Report, b: Report) -> float:
    """Best rapidfuzz ratio between the street names in both reports (0..1); 0 if either has none."""
    sa, sb = streets(a), streets(b)
    if not sa or not sb:
        return 0.0
    return max(fuzz.ratio(x.lower(), y.lower()) for x in sa for y in sb) / 100


def text_similarities(report: Report, candidates: list[Report]) -> list[float]:
    texts = [report.text or ""] + [c.text or "" for c in candidates]
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(texts)
    return [float(x) for x in cosine_similarity(vectors[0], vectors[1:])[0]]


def categories_compatible(session: Session, a: Report, b: Report) -> str | None:
    """'zelfde subcategorie', 'zelfde hoofdcategorie', 'verwante categorie' or None."""
    if a.category_id == b.category_id:
        return "zelfde subcategorie"
    if a.main_category_id == b.main_category_id:
        return "zelfde hoofdcategorie"
    slugs = set(session.scalars(select(Category.slug).where(
        Category.id.in_([a.main_category_id, b.main_category_id]))))
    return "verwante categorie" if frozenset(slugs) in COMPATIBLE_MAIN else None


def candidates_for(session: Session, report: Report) -> list[Report]:
    """Earlier reports near in place and time, same organisation and visibility (indexed range)."""
    if report.lat is None or report.lon is None:
        return []
    dlat = MAX_DISTANCE_M / 111_320.0
    dlon = MAX_DISTANCE_M / (111_320.0 * math.cos(math.radians(report.lat)))
    return list(session.scalars(select(Report).where(
        Report.id != report.id, Report.visibility == report.visibility,
        Report.organisation_id == report.organisation_id,
        Report.received_at.between(report.received_at - MAX_GAP, report.received_at),
        Report.lat.between(report.lat - dlat, report.lat + dlat),
        Report.lon.between(report.lon - dlon, report.lon + dlon),
    ).order_by(Report.received_at.desc()).limit(MAX_CANDIDATES)))


def score_matches(session: Session, report: Report, candidates: list[Report]) -> list[Match]:
    if not candidates:
        return []
    texts = text_similarities(report, candidates)
    matches = []
    for candidate, text in zip(candidates, texts):
        category = categories_compatible(session, report, candidate)
        if category is None:
            continue
        metres = distance_m(report, candidate)
        minutes = abs((report.received_at - candidate.received_at).total_seconds()) / 60
        street = street_similarity(report, candidate)
        if metres > NEAR_M and street < SAME_STREET and text < SIMILAR_TEXT:
            continue                  # same category nearby by chance: not enough for one event
        score = (0.3 * (1 - metres / MAX_DISTANCE_M) + 0.15 * (1 - minutes / (MAX_GAP.total_seconds() / 60))
                 + CATEGORY_WEIGHT[category] + 0.3 * text + (0.1 if street >= SAME_STREET else 0.0))
        reasons = [f"{metres:.0f} m van elkaar", f"{minutes:.0f} minuten na elkaar", category,
                   f"tekst lijkt {text:.0%} op elkaar".replace("%", "\u00a0%")]
        if street >= SAME_STREET:
            reasons.append("zelfde straat")
        matches.append(Match(candidate, round(score, 3), ", ".join(reasons)))
    return sorted(matches, key=lambda m: m.score, reverse=True)


def propose_for(session: Session, report: Report) -> IncidentProposal | None:
    """Store the best proposal (score >= PROPOSE_AT) for a new report, or nothing."""
    matches = [m for m in score_matches(session, report, candidates_for(session, report))
               if m.score >= PROPOSE_AT]
    if not matches:
        return None
    best = matches[0]
    proposal = IncidentProposal(
        report_id=report.id, candidate_report_id=best.candidate.id,
        candidate_incident_id=best.candidate.incident_id, organisation_id=report.organisation_id,
        visibility=report.visibility, score=best.score, reasons=best.reasons, state="voorgesteld",
        created_at=report.received_at)
    session.add(proposal)
    return proposal


# --- the operator's decisions ---------------------------------------------------------------

def _handler_check(principal: Principal, organisation_id: int) -> None:
    if not principal.handles_reports or principal.organisation_id != organisation_id:
        raise WorkflowError("Alleen de behandelende organisatie kan meldingen samenvoegen.")


def _open_proposal(session: Session, principal: Principal, proposal_id: int) -> IncidentProposal:
    proposal = session.scalar(select(IncidentProposal).where(
        IncidentProposal.id == proposal_id, report_scope(principal, IncidentProposal)))
    if proposal is None:
        raise WorkflowError("Voorstel niet gevonden of geen toegang.")
    _handler_check(principal, proposal.organisation_id)
    if proposal.state != "voorgesteld":
        raise WorkflowError("Over dit voorstel is al besloten.")
    return proposal


def _scoped_report(session: Session, principal: Principal, report_id: int) -> Report:
    report = session.scalar(select(Report).where(Report.id == report_id, report_scope(principal)))
    if report is None:
        raise WorkflowError("Melding niet gevonden of geen toegang.")
    return report


def confirm(session: Session, principal: Principal, proposal_id: int,
            at: datetime | None = None) -> Incident:
    """Group the proposal's report with its candidate: into the candidate's incident, or a new one."""
    at = at or utcnow()
    proposal = _open_proposal(session, principal, proposal_id)
    report = _scoped_report(session, principal, proposal.report_id)
    candidate = _scoped_report(session, principal, proposal.candidate_report_id)
    incident = session.get(Incident, candidate.incident_id) if candidate.incident_id else None
    if incident is None:
        incident = Incident(title=(candidate.text or "Incident")[:120], created_at=at,
                            main_category_id=candidate.main_category_id,
                            organisation_id=candidate.organisation_id,
                            visibility=candidate.visibility, lat=candidate.lat, lon=candidate.lon,
                            buurt_code=candidate.buurt_code, status="open")
        session.add(incident)
        session.flush()
        _attach(session, principal, candidate, incident, at)
    if report.incident_id != incident.id:
        _attach(session, principal, report, incident, at)
    proposal.state, proposal.decided_by_id, proposal.decided_at = "bevestigd", principal.user_id, at
    flush_or_conflict(session)
    return incident


def reject(session: Session, principal: Principal, proposal_id: int, at: datetime | None = None) -> None:
    proposal = _open_proposal(session, principal, proposal_id)
    proposal.state, proposal.decided_by_id, proposal.decided_at = "afgewezen", principal.user_id, at or utcnow()
    session.flush()


def merge(session: Session, principal: Principal, keep_id: int, absorb_id: int,
          at: datetime | None = None) -> Incident:
    """Move every report of incident `absorb_id` into `keep_id` (same organisation and visibility)."""
    at = at or utcnow()
    if keep_id == absorb_id:
        raise WorkflowError("Kies twee verschillende incidenten.")
    keep, absorb = (session.scalar(select(Incident).where(Incident.id == i, report_scope(principal, Incident)))
                    for i in (keep_id, absorb_id))
    if keep is None or absorb is None:
        raise WorkflowError("Incident niet gevonden of geen toegang.")
    _handler_check(principal, keep.organisation_id)
    if (keep.organisation_id, keep.visibility) != (absorb.organisation_id, absorb.visibility):
        raise WorkflowError("Incidenten van een andere organisatie of zichtbaarheid voegen we niet samen.")
    for report in session.scalars(select(Report).where(Report.incident_id == absorb.id)):
        _attach(session, principal, report, keep, at)
    session.execute(update(IncidentProposal).where(IncidentProposal.candidate_incident_id == absorb.id)
                    .values(candidate_incident_id=keep.id))
    absorb.status = "samengevoegd"
    flush_or_conflict(session)
    return keep


def split(session: Session, principal: Principal, report_id: int, expected_version: int,
          at: datetime | None = None) -> Report:
    """Take one report out of its incident again."""
    report = editable_report(session, principal, report_id, expected_version)
    if report.incident_id is None:
        raise WorkflowError("Deze melding hoort niet bij een incident.")
    record(session, report, principal, "incident", report.incident_id, None,
           "Losgemaakt van incident", at=at)
    report.incident_id = None
    flush_or_conflict(session)
    return report


def _attach(session: Session, principal: Principal, report: Report, incident: Incident,
            at: datetime) -> None:
    record(session, report, principal, "incident", report.incident_id, incident.id,
           f"Gekoppeld aan incident {incident.id}", at=at)
    report.incident_id = incident.id
