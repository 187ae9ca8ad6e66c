"""SYNTHETIC triage history for the demo: what the model would have proposed for the demo's
reports, and the corrections staff made where it was wrong, so that the Triagemodel page has
figures to show.

The demo composer gives every synthetic report its category (the truth). For a share of the reports
that came in through app, chat, website or Open311, this replays the real model on the synthetic
text: a "triage" event with the proposal at arrival, the proposal's confidence and review flag on the
report, and - for a report a person picked up - a "correctie" event from the proposed to the true
category or urgency. The reports themselves keep their category, urgency and every figure built on
them. Deterministic for a given model and store: it takes every `every`-th such report.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Category, Report, ReportEvent
from data_access.scoping import unscoped_select
from services.report_actions import CORRECTION, urgency_label

CHANNELS = ("app", "chat", "web", "open311")


def replay_triage(session: Session, every: int = 3, limit: int = 900) -> int:
    """Add the synthetic triage history; returns how many reports got a proposal."""
    from services.triage import classify

    session.flush()
    slugs = dict(session.execute(select(Category.slug, Category.id)).all())
    ids = session.scalars(unscoped_select(Report.id).where(Report.channel.in_(CHANNELS), Report.synthetic.is_(True),
                                                  Report.triage_confidence.is_(None))
                          .order_by(Report.id)).all()[::every][:limit]
    for report_id in ids:
        report = session.get(Report, report_id)
        proposal = classify(report.text)
        proposed_main = slugs.get(proposal.main_slug)
        report.triage_confidence = proposal.confidence
        report.needs_triage = proposal.needs_review
        session.add(ReportEvent(report_id=report.id, at=report.received_at, kind="triage", actor_label="systeem",
                                visibility=report.visibility,
                                to_value=proposal.sub_slug,
                                detail=f"Automatische triage ({proposal.confidence:.0%}): "
                                       f"{', '.join(proposal.top_terms)} (synthetische demo-historie)"))
        if report.status == "gemeld":
            continue            # nobody looked at it yet: no correction
        at = report.received_at + timedelta(minutes=7)
        if proposed_main != report.main_category_id:
            session.add(ReportEvent(report_id=report.id, at=at, kind=CORRECTION, actor_label="Demo medewerker",
                                    visibility=report.visibility,
                                    from_value=proposal.sub_slug, to_value=report.category.slug,
                                    detail="Categorie gecorrigeerd (synthetische demo-historie)"))
        if proposal.urgent != report.urgent:
            session.add(ReportEvent(report_id=report.id, at=at, kind=CORRECTION, actor_label="Demo medewerker",
                                    visibility=report.visibility,
                                    from_value=urgency_label(proposal.urgent), to_value=urgency_label(report.urgent),
                                    detail="Urgentie gecorrigeerd (synthetische demo-historie)"))
    session.flush()
    return len(ids)
