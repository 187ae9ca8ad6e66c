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
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from scipy.sparse import csr_array
from sklearn.feature_extraction.text import CountVectorizer
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.bulk import insert_rows
from data_access.models import Category, Incident, IncidentProposal, Report, utcnow
from data_access.scoping import POLICE, scoped_select, unscoped_select, unscoped_update
from services.nearby_reports import micros
from services.privacy.pseudonymise import incident_title
from services.workflow import WorkflowError, editable_report, flush_or_conflict, record

MAX_DISTANCE_M = 250
MAX_GAP = timedelta(hours=3)
PROPOSE_AT = 0.6
MARGIN = 0.001              # below PROPOSE_AT: what a score rounded up to it can be, and more
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


@lru_cache(maxsize=32_768)
def streets(text: str | None, address: str | None) -> frozenset[str]:
    """The street names in a report's text and address, lower case (cached: a report of a batch is
    compared with up to MAX_CANDIDATES others, and a flood's batch and its candidates are ~10,000
    reports)."""
    found = {name.lower() for name in STREET.findall(text or "")}
    if address:
        found.add(HOUSE_NUMBER.sub("", address.split(",")[0]).strip().lower())
    return frozenset(found)


def street_similarity(a: Report, b: Report) -> float:
    """Best rapidfuzz ratio between the street names in both reports (0..1); 0 if either has none."""
    return _best_ratio(streets(a.text, a.address), streets(b.text, b.address))


@lru_cache(maxsize=16_384)
def _best_ratio(sa: frozenset[str], sb: frozenset[str]) -> float:
    """(cached: a flood's reports name the same few streets again and again)"""
    if not sa or not sb:
        return 0.0
    return max(fuzz.ratio(x, y) for x in sa for y in sb) / 100


ANALYSE = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).build_analyzer()


@lru_cache(maxsize=16_384)
def _ngrams(text: str) -> tuple[tuple[str, ...], np.ndarray]:
    """A text's distinct character 3-5-grams and how often each occurs (cached: in a flood the
    reports of one batch are the candidates of the next)."""
    counted = Counter(map(sys.intern, ANALYSE(text)))
    return tuple(counted), np.fromiter(counted.values(), dtype=np.int32, count=len(counted))


def count_ngrams(texts: list[str]) -> csr_array:
    """The texts' character 3-5-gram counts, one row per text, the n-grams as columns in
    alphabetical order and each row's in column order: what CountVectorizer(analyzer="char_wb",
    ngram_range=(3, 5)) gives, with sorted indices."""
    cut = [_ngrams(text) for text in texts]
    vocabulary = {gram: i for i, gram in enumerate(sorted(set().union(*(grams for grams, _ in cut))))}
    ends = np.cumsum([len(grams) for grams, _ in cut])
    columns = np.fromiter((vocabulary[gram] for grams, _ in cut for gram in grams), dtype=np.int64,
                          count=int(ends[-1]) if len(ends) else 0)
    data = np.concatenate([counts for _, counts in cut]).astype(np.int64) if cut else np.zeros(0, dtype=np.int64)
    counts = csr_array((data, columns, np.concatenate(([0], ends))), shape=(len(texts), len(vocabulary)))
    counts.sort_indices()
    return counts


def _entries(counts, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(positions in the CSR arrays of these rows' entries, each row's entry count, their ends)."""
    starts = counts.indptr[rows]
    lengths = counts.indptr[rows + 1] - starts
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(ends[-1] if len(ends) else 0), lengths, ends


def text_similarities(counts, rows: np.ndarray, wanted: np.ndarray | None = None) -> np.ndarray:
    """Cosine similarity of the text of rows[0] with each of rows[1:] (or the `wanted` ones, a
    mask; the others get 0), TF-IDF weighted over the texts of all these rows (`counts`: a CSR
    matrix of character 3-5-gram counts, indices sorted). The n-grams of a whole batch are counted
    once; weighting per report keeps its scores what they would be on its own. The weighting is
    scikit-learn's TfidfTransformer's (smooth idf, l2 norm), written out on the matrix's arrays
    and summed in the order sparse arithmetic sums (n-grams in column order), so the figures are
    exactly those of the sparse operations: a flood's batch computes thousands of these, and the
    sparse matrices' own overhead cost ~5 ms per report."""
    entries, _, _ = _entries(counts, rows)
    document_frequency = np.bincount(counts.indices[entries], minlength=counts.shape[1])
    idf = np.log((1 + len(rows)) / (1 + np.arange(len(rows) + 1))) + 1.0     # by document frequency
    chosen = rows if wanted is None else np.concatenate((rows[:1], rows[1:][wanted]))
    entries, lengths, ends = _entries(counts, chosen)
    columns = counts.indices[entries]
    weights = counts.data[entries] * idf[document_frequency[columns]]
    norms = np.zeros(len(chosen))
    filled = np.flatnonzero(lengths)
    if len(filled):
        norms[filled] = np.sqrt(np.add.reduceat(weights * weights, (ends - lengths)[filled]))
    report = np.zeros(counts.shape[1])
    report[columns[:lengths[0]]] = weights[:lengths[0]]
    others = csr_array((weights[lengths[0]:], columns[lengths[0]:], np.concatenate(([0], ends[1:] - lengths[0]))),
                       shape=(len(chosen) - 1, counts.shape[1]))
    products = others @ report               # row by row, in column order, as a sparse product sums
    scale = norms[1:] * norms[0]
    similarity = np.divide(products, scale, out=np.zeros_like(products), where=scale > 0)
    if wanted is None:
        return similarity
    everyone = np.zeros(len(rows) - 1)
    everyone[wanted] = similarity
    return everyone


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
# A report's candidates are the newest MAX_CANDIDATES of its box: in a flood they all arrived in its
# last seconds. So the pool is read in growing spans back from each report, each span only for the
# reports whose box does not hold MAX_CANDIDATES yet (the last span reaches MAX_GAP back).
SPANS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=15), MAX_GAP)
MAX_GAP_US = MAX_GAP // timedelta(microseconds=1)
ONE_READ_WITHIN = timedelta(minutes=5)


def _read_span(session: Session, reports: list[Report], newer: timedelta | None, older: timedelta) -> list:
    """At least the rows in these reports' boxes (same organisation and visibility) received from
    `older` before each report up to `newer` before it (excluded; None: up to the report,
    included). The rows carry the columns scoring needs, not whole ORM objects. A short span of a
    batch of a few minutes (a flood's) is one range read: in a flood the boxes overlap, and an
    OR of them read the same rows once per box and per query; otherwise one indexed query per
    POOL_CHUNK reports, over an OR of their boxes (not one box around the whole batch, which
    could cover hours)."""
    times = [r.received_at for r in reports]
    if max(times) - min(times) + older - (newer or timedelta(0)) <= ONE_READ_WITHIN:
        boxes = [_box(r) for r in reports]
        end = (Report.received_at <= max(times) if newer is None else Report.received_at < max(times) - newer)
        return session.execute(select(*CANDIDATE_COLUMNS).where(
            Report.received_at >= min(times) - older, end,
            Report.organisation_id.in_({r.organisation_id for r in reports}),
            Report.visibility.in_({r.visibility for r in reports}),
            Report.lat.between(min(r.lat - d[0] for r, d in zip(reports, boxes)),
                               max(r.lat + d[0] for r, d in zip(reports, boxes))),
            Report.lon.between(min(r.lon - d[1] for r, d in zip(reports, boxes)),
                               max(r.lon + d[1] for r, d in zip(reports, boxes))))).all()
    rows = []
    for start in range(0, len(reports), POOL_CHUNK):
        chunk = reports[start:start + POOL_CHUNK]
        values = {}
        for i, r in enumerate(chunk):
            dlat, dlon = _box(r)
            values |= {f"start_{i}": r.received_at - older, f"end_{i}": r.received_at - (newer or timedelta(0)),
                       f"organisation_{i}": r.organisation_id, f"visibility_{i}": r.visibility,
                       f"south_{i}": r.lat - dlat, f"north_{i}": r.lat + dlat,
                       f"west_{i}": r.lon - dlon, f"east_{i}": r.lon + dlon}
        rows += session.execute(_boxes_query(len(chunk), newer is None), values).all()
    return rows


@lru_cache(maxsize=2 * POOL_CHUNK)
def _boxes_query(count: int, up_to_report: bool):
    """The candidate columns in an OR of `count` boxes, each with bound parameters (suffix _i):
    built once per size, as building the expressions for each query of a flood's batch cost more
    CPU than reading its rows."""
    boxes = []
    for i in range(count):
        def value(name: str):
            return bindparam(f"{name}_{i}")
        end = Report.received_at <= value("end") if up_to_report else Report.received_at < value("end")
        boxes.append(and_(Report.received_at >= value("start"), end,
                          Report.organisation_id == value("organisation"), Report.visibility == value("visibility"),
                          Report.lat.between(value("south"), value("north")),
                          Report.lon.between(value("west"), value("east"))))
    return select(*CANDIDATE_COLUMNS).where(or_(*boxes))


class _Pool:
    """The rows read for a batch as arrays, newest first, in cells of one candidate box, so that
    each report looks at its 3 x 3 cells only. The columns are taken from the rows with one
    zip and sorted with lexsort: per-row generators per column cost a flood's batches ~10% of
    their time, and a pool is built once per span."""

    def __init__(self, rows: list, reports: list[Report]):
        count = len(rows)
        columns = list(zip(*rows)) if rows else [()] * len(CANDIDATE_COLUMNS)
        (ids, _, _, lats, lons, received, categories, mains, _, organisations, visibilities) = columns
        ids = np.array(ids, dtype=np.int64)
        us = np.fromiter(map(micros, received), dtype=np.int64, count=count)
        order = np.lexsort((ids, us))[::-1]         # newest first: by received_at, then id, descending
        self.rows = [rows[i] for i in order.tolist()]
        self.id, self.us = ids[order], us[order]
        self.lat = np.array(lats, dtype=float)[order]
        self.lon = np.array(lons, dtype=float)[order]
        self.category = np.array([c or 0 for c in categories], dtype=np.int64)[order]
        self.main = np.array([c or 0 for c in mains], dtype=np.int64)[order]
        self.groups: dict[tuple, int] = {}       # (organisation, visibility) -> a number
        self.group = np.array([self.groups.setdefault(g, len(self.groups)) for g in zip(organisations, visibilities)],
                              dtype=np.int64)[order]
        self.dlat = MAX_DISTANCE_M / 111_320.0
        self.dlon = max(_box(r)[1] for r in reports)
        y, x = np.floor(self.lat / self.dlat).astype(np.int64), np.floor(self.lon / self.dlon).astype(np.int64)
        order = np.lexsort((x, y))                  # stable: each cell's positions stay newest first
        edges = np.flatnonzero((np.diff(y[order]) != 0) | (np.diff(x[order]) != 0)) + 1
        self.cells = {(int(y[part[0]]), int(x[part[0]])): part for part in np.split(order, edges) if len(part)}

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.dlat), math.floor(lon / self.dlon)

    def candidates(self, report: Report) -> np.ndarray:
        """Positions of the earlier reports near in place and time, same organisation and
        visibility, newest first (at most MAX_CANDIDATES)."""
        group = self.groups.get((report.organisation_id, report.visibility))
        y, x = self._cell(report.lat, report.lon)
        near = [self.cells[cell] for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (cell := (y + dy, x + dx)) in self.cells]
        if group is None or not near:
            return np.zeros(0, dtype=np.int64)
        found = np.concatenate(near)
        dlat, dlon = _box(report)
        latest = micros(report.received_at)
        us = self.us[found]
        keep = ((self.group[found] == group) & (self.id[found] != report.id) & (us >= latest - MAX_GAP_US)
                & (us <= latest) & (np.abs(self.lat[found] - report.lat) <= dlat)
                & (np.abs(self.lon[found] - report.lon) <= dlon))
        return np.sort(found[keep])[:MAX_CANDIDATES]


def find_candidates(session: Session, reports: list[Report]) -> tuple[_Pool, dict[int, np.ndarray]]:
    """Per report (which has a location): its candidates, the newest MAX_CANDIDATES earlier reports
    in its box within MAX_GAP, same organisation and visibility, as positions in the pool of rows
    read (newest first). Read span by span (`SPANS`): a report is done once its box holds
    MAX_CANDIDATES reports in the spans read (older ones can no longer be among the newest), or
    once the last span is read. Every pool is built with the cells of the whole batch, so the
    last one (after the last read) is the pool of all rows read."""
    rows: dict[int, object] = {}
    found: dict[int, np.ndarray] = {}            # report id -> candidate ids
    pending, newer = reports, None
    for older in SPANS:
        rows.update((row[0], row) for row in _read_span(session, pending, newer, older))    # row[0]: id
        pool = _Pool(list(rows.values()), reports)
        waiting = []
        for report in pending:
            positions = pool.candidates(report)
            if older == MAX_GAP or (len(positions) == MAX_CANDIDATES and
                                    pool.us[positions[-1]] >= micros(report.received_at - older)):
                found[report.id] = pool.id[positions]
            else:
                waiting.append(report)
        pending, newer = waiting, older
        if not pending:
            break
    by_id = np.argsort(pool.id)
    return pool, {report_id: by_id[np.searchsorted(pool.id, ids, sorter=by_id)] for report_id, ids in found.items()}


def _related_mains(main_slugs: dict[int, str]) -> set[tuple[int, int]]:
    """Pairs of main category ids whose categories often describe the same event (COMPATIBLE_MAIN)."""
    return {(a, b) for a, slug_a in main_slugs.items() for b, slug_b in main_slugs.items()
            if frozenset({slug_a, slug_b}) in COMPATIBLE_MAIN}


def score_without_text(report: Report, pool: _Pool, positions: np.ndarray,
                       related: set[tuple[int, int]]) -> np.ndarray:
    """Per candidate, the most it can score besides its text (the street bonus granted), or -inf
    for a category that is not compatible. Only candidates that can reach PROPOSE_AT (less a margin
    for rounding) with their text are scored per pair (`score_matches`), and only their texts are
    compared, so each report's best match is what scoring them all gives."""
    same = pool.category[positions] == report.category_id
    mains = pool.main[positions]
    same_main = mains == report.main_category_id
    related_main = np.zeros(len(positions), dtype=bool)
    for a, b in related:
        if a == report.main_category_id:
            related_main |= mains == b
    weight = np.where(same, CATEGORY_WEIGHT["zelfde subcategorie"],
                      np.where(same_main, CATEGORY_WEIGHT["zelfde hoofdcategorie"],
                               CATEGORY_WEIGHT["verwante categorie"]))
    metres = np.hypot((report.lat - pool.lat[positions]) * 111_320.0,
                      (report.lon - pool.lon[positions]) * 111_320.0 * math.cos(math.radians(report.lat)))
    minutes = np.abs(micros(report.received_at) - pool.us[positions]) / 60e6
    best = (0.3 * (1 - metres / MAX_DISTANCE_M) + 0.15 * (1 - minutes / (MAX_GAP.total_seconds() / 60))
            + weight + 0.1)
    return np.where(same | same_main | related_main, best, -np.inf)


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


PROPOSAL_COLUMNS = ("report_id", "candidate_report_id", "candidate_incident_id", "organisation_id", "visibility",
                    "score", "reasons", "state", "created_at")


def propose_for_all(session: Session, reports: list[Report]) -> list[IncidentProposal]:
    """Store the best proposal (score >= PROPOSE_AT) for each new report, if any. For a batch the
    candidates are read together (`find_candidates`), the category slugs once, and the texts of the
    batch and all its candidates are cut into n-grams once; only candidates that could reach the
    threshold are compared and scored (`score_without_text`). Each report's proposal is the same as on its own.
    The proposals are inserted as rows: the objects returned are not in the session (no id)."""
    located = [r for r in reports if r.lat is not None and r.lon is not None]
    if not located:
        return []
    pool, candidates = find_candidates(session, located)
    if not any(len(positions) for positions in candidates.values()):
        return []
    texts = {r.id: r.text or "" for r in located}
    for i in np.unique(np.concatenate(list(candidates.values()))).tolist():
        texts[pool.rows[i].id] = pool.rows[i].text or ""
    text_row = {report_id: i for i, report_id in enumerate(texts)}
    pool_text_rows = np.array([text_row.get(row_id, -1) for row_id in pool.id.tolist()], dtype=np.int64)
    counts = count_ngrams(list(texts.values()))
    main_slugs = dict(session.execute(select(Category.id, Category.slug)).all())
    related = _related_mains(main_slugs)
    proposals = []
    for report in located:
        positions = candidates[report.id]
        if not len(positions):
            continue
        base = score_without_text(report, pool, positions, related)
        hopeful = base + 0.3 >= PROPOSE_AT - MARGIN             # a text similarity is at most 1
        if not hopeful.any():
            continue
        similarity = text_similarities(
            counts, np.concatenate(([text_row[report.id]], pool_text_rows[positions])), hopeful)
        keep = np.flatnonzero(hopeful & (base + 0.3 * similarity >= PROPOSE_AT - MARGIN))
        matches = [m for m in score_matches(report, [pool.rows[i] for i in positions[keep]],
                                            similarity[keep].tolist(), main_slugs) if m.score >= PROPOSE_AT]
        if not matches:
            continue
        best = matches[0]
        proposal = IncidentProposal(
            report_id=report.id, candidate_report_id=best.candidate.id,
            candidate_incident_id=best.candidate.incident_id, organisation_id=report.organisation_id,
            visibility=report.visibility, score=best.score, reasons=best.reasons, state="voorgesteld",
            created_at=report.received_at)
        proposals.append(proposal)
    # One COPY for the batch's proposals instead of the ORM's unit of work: a flood's batch makes
    # a proposal for most of its reports, and flushing them as objects cost ~8% of its time.
    insert_rows(session.connection(), IncidentProposal.__table__,
                [{column: getattr(p, column) for column in PROPOSAL_COLUMNS} for p in proposals])
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
