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
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import CountVectorizer
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Category, Incident, IncidentProposal, Report, utcnow
from data_access.scoping import POLICE, scoped_select, unscoped_select, unscoped_update
from services.privacy.pseudonymise import incident_title
from services.workflow import WorkflowError, editable_report, flush_or_conflict, record

MAX_DISTANCE_M = 250
MAX_GAP = timedelta(hours=3)
PROPOSE_AT = 0.6
NEAR_M = 75                  # further apart than this: only with the same street or similar text
SAME_STREET, SIMILAR_TEXT = 0.85, 0.5
CATEGORY_WEIGHT = {"zelfde subcategorie": 0.2, "zelfde hoofdcategorie": 0.05, "verwante categorie": 0.0}
MAX_CANDIDATES = 200
POOL_CHUNK = 100             # reports per candidate query of a batch
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


@lru_cache(maxsize=4096)
def streets(text: str | None, address: str | None) -> frozenset[str]:
    """The street names in a report's text and address, lower case (cached: a report of a batch is
    compared with up to MAX_CANDIDATES others)."""
    found = {name.lower() for name in STREET.findall(text or "")}
    if address:
        found.add(HOUSE_NUMBER.sub("", address.split(",")[0]).strip().lower())
    return frozenset(found)


def street_similarity(a: Report, b: Report) -> float:
    """Best rapidfuzz ratio between the street names in both reports (0..1); 0 if either has none."""
    sa, sb = streets(a.text, a.address), streets(b.text, b.address)
    if not sa or not sb:
        return 0.0
    return max(fuzz.ratio(x, y) for x in sa for y in sb) / 100


def text_similarities(counts) -> list[float]:
    """Cosine similarity of the first text with each of the others, TF-IDF weighted over these
    texts alone (`counts`: their rows of a CSR matrix of character 3-5-gram counts). The n-grams
    of a whole batch are counted once; weighting per report keeps its scores what they would be
    on its own. The weighting is scikit-learn's TfidfTransformer's (smooth idf, l2 norm), written
    out: the estimator's own checks cost more than the arithmetic for a report's few hundred rows."""
    rows = counts.shape[0]
    idf = np.log((1 + rows) / (1 + np.bincount(counts.indices, minlength=counts.shape[1]))) + 1.0
    weighted = counts.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    products = (weighted[1:] @ weighted[0].T).toarray().ravel()
    scale = norms[1:] * norms[0]
    return [float(x) for x in np.divide(products, scale, out=np.zeros_like(products), where=scale > 0)]


def categories_compatible(a: Report, b: Report, main_slugs: dict[int, str]) -> str | None:
    """'zelfde subcategorie', 'zelfde hoofdcategorie', 'verwante categorie' or None
    (`main_slugs`: category id -> slug, read once per batch)."""
    if a.category_id == b.category_id:
        return "zelfde subcategorie"
    if a.main_category_id == b.main_category_id:
        return "zelfde hoofdcategorie"
    pair = frozenset({main_slugs.get(a.main_category_id), main_slugs.get(b.main_category_id)})
    return "verwante categorie" if pair in COMPATIBLE_MAIN else None


def _box(report: Report) -> tuple[float, float]:
    """Half the height and width in degrees of the candidate box around a report."""
    return (MAX_DISTANCE_M / 111_320.0,
            MAX_DISTANCE_M / (111_320.0 * math.cos(math.radians(report.lat))))


CANDIDATE_COLUMNS = (Report.id, Report.text, Report.address, Report.lat, Report.lon, Report.received_at,
                     Report.category_id, Report.main_category_id, Report.incident_id,
                     Report.organisation_id, Report.visibility)


def candidate_pool(session: Session, reports: list[Report]) -> list:
    """Every earlier report that could be a candidate of one of `reports` (which have a location):
    one indexed query per POOL_CHUNK reports, over the union of their boxes and time spans (an
    OR of ranges, not one box around the whole batch, which could cover a city's last 3 hours).
    The rows carry the columns scoring needs, not whole ORM objects."""
    rows: dict[int, object] = {}
    for start in range(0, len(reports), POOL_CHUNK):
        chunk = reports[start:start + POOL_CHUNK]
        boxes = []
        for r in chunk:
            dlat, dlon = _box(r)
            boxes.append(and_(Report.received_at.between(r.received_at - MAX_GAP, r.received_at),
                              Report.lat.between(r.lat - dlat, r.lat + dlat),
                              Report.lon.between(r.lon - dlon, r.lon + dlon)))
        rows.update((row.id, row) for row in session.execute(select(*CANDIDATE_COLUMNS).where(
            Report.visibility.in_({r.visibility for r in chunk}),
            Report.organisation_id.in_({r.organisation_id for r in chunk}), or_(*boxes))))
    return list(rows.values())


class _Grid:
    """The pool in cells of one candidate box, so each report looks at its 3 x 3 cells only."""

    def __init__(self, pool: list, reports: list[Report]):
        self.dlat = MAX_DISTANCE_M / 111_320.0
        self.dlon = max(_box(r)[1] for r in reports)
        self.cells: dict[tuple[int, int], list] = {}
        for row in pool:
            self.cells.setdefault(self._cell(row.lat, row.lon), []).append(row)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.dlat), math.floor(lon / self.dlon)

    def candidates(self, report: Report) -> list:
        """Earlier reports near in place and time, same organisation and visibility, newest first
        (at most MAX_CANDIDATES)."""
        dlat, dlon = _box(report)
        # Plain locals: the loop runs over every row in 3 x 3 cells, a crowd of them in a flood.
        report_id, lat, lon, latest = report.id, report.lat, report.lon, report.received_at
        visibility, organisation_id = report.visibility, report.organisation_id
        y, x = self._cell(lat, lon)
        earliest = latest - MAX_GAP
        found = [row for dy in (-1, 0, 1) for dx in (-1, 0, 1) for row in self.cells.get((y + dy, x + dx), ())
                 if row.id != report_id and row.visibility == visibility and row.organisation_id == organisation_id
                 and earliest <= row.received_at <= latest
                 and abs(row.lat - lat) <= dlat and abs(row.lon - lon) <= dlon]
        found.sort(key=lambda row: (row.received_at, row.id), reverse=True)
        return found[:MAX_CANDIDATES]


def score_matches(report: Report, candidates: list, texts: list[float],
                  main_slugs: dict[int, str]) -> list[Match]:
    """Score each candidate (`texts`: its text similarity with the report), best first."""
    matches = []
    for candidate, text in zip(candidates, texts):
        category = categories_compatible(report, candidate, main_slugs)
        if category is None:
            continue
        metres = distance_m(report, candidate)
        minutes = abs((report.received_at - candidate.received_at).total_seconds()) / 60
        street = street_similarity(report, candidate)
        if metres > NEAR_M and street < SAME_STREET and text < SIMILAR_TEXT:
            continue                  # same category nearby by chance: not enough for one event
        # Two different complaints at one spot (a tram stop, a block of flats) share their street
        # by construction: within NEAR_M the street adds nothing to the distance unless the sub
        # category says it is the same kind of event.
        street_counts = street >= SAME_STREET and (metres > NEAR_M or category == "zelfde subcategorie")
        score = (0.3 * (1 - metres / MAX_DISTANCE_M) + 0.15 * (1 - minutes / (MAX_GAP.total_seconds() / 60))
                 + CATEGORY_WEIGHT[category] + 0.3 * text + (0.1 if street_counts else 0.0))
        reasons = [f"{metres:.0f} m van elkaar", f"{minutes:.0f} minuten na elkaar", category,
                   f"tekst lijkt {text:.0%} op elkaar".replace("%", "\u00a0%")]
        if street >= SAME_STREET:
            reasons.append("zelfde straat")
        matches.append(Match(candidate, round(score, 3), ", ".join(reasons)))
    return sorted(matches, key=lambda m: m.score, reverse=True)


def propose_for_all(session: Session, reports: list[Report]) -> list[IncidentProposal]:
    """Store the best proposal (score >= PROPOSE_AT) for each new report, if any. For a batch the
    candidates are read in one query, the category slugs once, and the texts of the batch and all
    its candidates are cut into n-grams once; each report's scores are the same as on its own."""
    located = [r for r in reports if r.lat is not None and r.lon is not None]
    if not located:
        return []
    grid = _Grid(candidate_pool(session, located), located)
    candidates = {r.id: grid.candidates(r) for r in located}
    texts = {r.id: r.text or "" for r in located}
    for rows in candidates.values():
        texts.update((row.id, row.text or "") for row in rows)
    if not any(candidates.values()):
        return []
    position = {report_id: i for i, report_id in enumerate(texts)}
    counts = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(
        list(texts.values()))
    main_slugs = dict(session.execute(select(Category.id, Category.slug)).all())
    proposals = []
    for report in located:
        rows = candidates[report.id]
        if not rows:
            continue
        similarity = text_similarities(counts[[position[report.id], *(position[row.id] for row in rows)]])
        matches = [m for m in score_matches(report, rows, similarity, main_slugs)
                   if m.score >= PROPOSE_AT]
        if not matches:
            continue
        best = matches[0]
        proposal = IncidentProposal(
            report_id=report.id, candidate_report_id=best.candidate.id,
            candidate_incident_id=best.candidate.incident_id, organisation_id=report.organisation_id,
            visibility=report.visibility, score=best.score, reasons=best.reasons, state="voorgesteld",
            created_at=report.received_at)
        session.add(proposal)
        proposals.append(proposal)
    return proposals


def propose_for(session: Session, report: Report) -> IncidentProposal | None:
    """Store the best proposal (score >= PROPOSE_AT) for one new report, or nothing."""
    return next(iter(propose_for_all(session, [report])), None)


# --- the operator's decisions ---------------------------------------------------------------

def _handler_check(principal: Principal, organisation_id: int) -> None:
    if not principal.handles_reports or principal.organisation_id != organisation_id:
        raise WorkflowError("Alleen de behandelende organisatie kan meldingen samenvoegen.")


def _open_proposal(session: Session, principal: Principal, proposal_id: int) -> IncidentProposal:
    proposal = session.scalar(scoped_select(principal, IncidentProposal).where(IncidentProposal.id == proposal_id))
    if proposal is None:
        raise WorkflowError("Voorstel niet gevonden of geen toegang.")
    _handler_check(principal, proposal.organisation_id)
    if proposal.state != "voorgesteld":
        raise WorkflowError("Over dit voorstel is al besloten.")
    return proposal


def _scoped_report(session: Session, principal: Principal, report_id: int) -> Report:
    report = session.scalar(scoped_select(principal, Report).where(Report.id == report_id))
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
        incident = Incident(title=incident_title(candidate.text), created_at=at,
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
    keep, absorb = (session.scalar(scoped_select(principal, Incident).where(Incident.id == i))
                    for i in (keep_id, absorb_id))
    if keep is None or absorb is None:
        raise WorkflowError("Incident niet gevonden of geen toegang.")
    _handler_check(principal, keep.organisation_id)
    if (keep.organisation_id, keep.visibility) != (absorb.organisation_id, absorb.visibility):
        raise WorkflowError("Incidenten van een andere organisatie of zichtbaarheid voegen we niet samen.")
    for report in session.scalars(unscoped_select(Report).where(Report.incident_id == absorb.id)):
        _attach(session, principal, report, keep, at)
    session.execute(unscoped_update(IncidentProposal).where(IncidentProposal.candidate_incident_id == absorb.id)
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
           "Losgemaakt van incident", at=at, quoting=_incident_visibility(session, report.incident_id))
    report.incident_id = None
    flush_or_conflict(session)
    return report


def _incident_visibility(session: Session, incident_id: int) -> str:
    return session.scalar(unscoped_select(Incident.visibility).where(Incident.id == incident_id)) or POLICE


def _attach(session: Session, principal: Principal, report: Report, incident: Incident,
            at: datetime) -> None:
    record(session, report, principal, "incident", report.incident_id, incident.id,
           f"Gekoppeld aan incident {incident.id}", at=at, quoting=incident.visibility)
    report.incident_id = incident.id
