"""Grouping a flood's batch at once (candidates read in spans back from each report, compared as
arrays, only those that can reach the threshold scored) proposes what the plain definition does:
per report, the newest MAX_CANDIDATES earlier reports of its box read with one SQL query, every one
scored, TF-IDF by sparse matrix operations. On SQLite and PostgreSQL."""

import random
from datetime import timedelta

from sklearn.feature_extraction.text import CountVectorizer
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Category, Report, utcnow
from services.incident_grouping import (
    CANDIDATE_COLUMNS, MAX_CANDIDATES, MAX_GAP, PROPOSE_AT, _box, propose_for_all, score_matches,
)
from services.intake import IntakeData, submit_report
from tests.unit.test_text_similarity import with_sparse_operations

CENTRE = (52.0405, 4.2800)
SLUGS = ["grofvuil", "grofvuil", "veeg-zwerfvuil", "container-is-vol", "boom", "parkeeroverlast", "inbraak"]
STREETS = ["Hoge Veld-plein", "Laan van Wateringse Veld", "Dijkweg", "Leyweg", "Zuidweg"]
TEXTS = ["Er staat grofvuil bij de {street}, al sinds vanochtend", "Zakken afval naast de container op de {street}",
         "Boom omgewaaid over het fietspad bij de {street}", "Auto's staan dubbel geparkeerd op de {street}",
         "Inbraak in een woning aan de {street}, deur opengebroken", "Veel zwerfvuil langs de {street}"]


def flood(session, rng, now):
    """A dense flood in the last two minutes around one spot, a thinner one over the last three
    hours further out, and older reports beyond the candidates' reach in time."""
    def add(at, spread):
        street = rng.choice(STREETS)
        submit_report(session, IntakeData(
            text=rng.choice(TEXTS).format(street=street), channel="app", category_slug=rng.choice(SLUGS),
            lat=CENTRE[0] + rng.uniform(-spread, spread), lon=CENTRE[1] + rng.uniform(-1.5 * spread, 1.5 * spread),
            address=f"{street} {rng.randint(1, 80)}, Den Haag", received_at=at), detect=False)
    for _ in range(120):
        add(now - timedelta(hours=rng.uniform(3.05, 5)), 0.004)
    for _ in range(250):
        add(now - timedelta(seconds=rng.uniform(120, 3 * 3600)), 0.006)
    for _ in range(900):
        add(now - timedelta(seconds=rng.uniform(0, 120)), 0.0018)


def plain_proposal(session, report, main_slugs):
    """The definition: ((candidate id, score, reasons) of the best match or None, candidates)."""
    dlat, dlon = _box(report)
    rows = session.execute(select(*CANDIDATE_COLUMNS).where(
        Report.id != report.id, Report.organisation_id == report.organisation_id,
        Report.visibility == report.visibility,
        Report.received_at.between(report.received_at - MAX_GAP, report.received_at),
        Report.lat.between(report.lat - dlat, report.lat + dlat), Report.lon.between(report.lon - dlon, report.lon + dlon),
    ).order_by(Report.received_at.desc(), Report.id.desc()).limit(MAX_CANDIDATES)).all()
    if not rows:
        return None, 0
    counts = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(
        [report.text or "", *(row.text or "" for row in rows)])
    counts.sort_indices()
    matches = [m for m in score_matches(report, rows, with_sparse_operations(counts).tolist(), main_slugs)
               if m.score >= PROPOSE_AT]
    return (matches[0].candidate.id, matches[0].score, matches[0].reasons) if matches else None, len(rows)


def test_a_floods_batch_gets_the_proposals_of_the_plain_definition(store):
    now = utcnow().replace(microsecond=0)
    with transaction(store.sessions) as session:
        flood(session, random.Random(11), now)
    with store.session() as session:
        batch = list(session.scalars(select(Report).order_by(Report.received_at.desc(), Report.id.desc()).limit(300)))
        main_slugs = dict(session.execute(select(Category.id, Category.slug)).all())
        plain = {r.id: plain_proposal(session, r, main_slugs) for r in batch}
        got = {p.report_id: (p.candidate_report_id, p.score, p.reasons) for p in propose_for_all(session, batch)}
        session.rollback()
    assert {report_id: best for report_id, (best, _) in plain.items() if best} == got
    candidates = [count for _, count in plain.values()]
    assert 50 < candidates.count(MAX_CANDIDATES) < 300          # dense boxes and thinner ones
    assert len(got) > 100
