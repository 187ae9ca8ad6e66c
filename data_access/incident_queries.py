"""Incidents in scope with their number of reporters and newest information, and the open
grouping proposals; every query applies the security scope in SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from auth.principal import Principal
from data_access.models import Category, Incident, IncidentProposal, Report, ResidentConfirmation
from data_access.scoping import incident_scope, report_scope


def incidents_with_counts(session: Session, principal: Principal, since: datetime | None = None,
                          limit: int = 200) -> list[dict]:
    """One row per incident: its reports in the principal's scope, counted once per incident,
    with the newest report's time and text (for the map and the lists) and how many residents
    said "ik zie dit ook" (seen_too)."""
    counts = (select(Report.incident_id, func.count().label("reporters"),
                     func.max(Report.received_at).label("newest_at"),
                     func.max(Report.id).label("newest_id"))
              .where(report_scope(principal), Report.incident_id.is_not(None))
              .group_by(Report.incident_id).subquery())
    seen = (select(ResidentConfirmation.incident_id, func.count().label("seen_too"))
            .where(ResidentConfirmation.incident_id.is_not(None))
            .group_by(ResidentConfirmation.incident_id).subquery())
    newest = aliased(Report)
    query = (select(Incident, counts.c.reporters, counts.c.newest_at, newest.text, Category.name,
                    func.coalesce(seen.c.seen_too, 0))
             .join(counts, counts.c.incident_id == Incident.id)
             .join(newest, newest.id == counts.c.newest_id)
             .outerjoin(seen, seen.c.incident_id == Incident.id)
             .outerjoin(Category, Category.id == Incident.main_category_id)
             .where(incident_scope(principal), Incident.status != "samengevoegd"))
    if since is not None:
        query = query.where(counts.c.newest_at >= since)
    rows = session.execute(query.order_by(counts.c.newest_at.desc()).limit(limit)).all()
    return [{"id": i.id, "title": i.title, "status": i.status, "category": category or "",
             "visibility": i.visibility, "lat": i.lat, "lon": i.lon, "buurt_code": i.buurt_code,
             "reporters": reporters, "newest_at": newest_at, "newest_text": text, "seen_too": seen_too}
            for i, reporters, newest_at, text, category, seen_too in rows]


def open_proposals(session: Session, principal: Principal, limit: int = 50) -> list[dict]:
    """Grouping proposals still to decide, with both reports' texts, newest first."""
    candidate = aliased(Report)
    query = (select(IncidentProposal, Report.reference, Report.text, Report.received_at,
                    candidate.reference, candidate.text, Report.category_id, candidate.category_id)
             .join(Report, Report.id == IncidentProposal.report_id)
             .join(candidate, candidate.id == IncidentProposal.candidate_report_id)
             .where(IncidentProposal.state == "voorgesteld",
                    report_scope(principal, IncidentProposal), report_scope(principal),
                    report_scope(principal, candidate))
             .order_by(IncidentProposal.created_at.desc()).limit(limit))
    return [{"id": p.id, "score": p.score, "reasons": p.reasons,
             "organisation_id": p.organisation_id, "incident_id": p.candidate_incident_id,
             "report_id": p.report_id, "report_ref": ref, "report_text": text, "received_at": at,
             "candidate_ref": cref, "candidate_text": ctext, "category_ids": (category, candidate_category)}
            for p, ref, text, at, cref, ctext, category, candidate_category in session.execute(query)]
