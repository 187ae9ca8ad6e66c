"""Retention (issue 17): when a term ends, personal data goes and the report stays anonymous.

Per data class (terms in services/privacy/retention.yaml, per organisation; see policy.py):
- contact: the reporter's name, e-mail and phone are emptied; the row stays with only
  `wants_feedback`, so the feedback figures (who wanted to hear back, who was informed) stay;
- tracking: the private tracking link's hash is emptied (the link stops working);
- photos: the photo rows (the re-encoded image lives in the row) are deleted;
- text: the report's text, the feedback messages to the reporter, the questionnaire's free
  answer, notes on the timeline, delivery errors (which may quote an address) and the title of the
  report's incident are pseudonymised (services/privacy/pseudonymise.py); the address keeps its
  street without the house number; `reports.text_pseudonymised_at` marks it done;
- followers: e-mail addresses of buurt followers signed up longer ago than the term are deleted
  (their delivered notifications stay, without the address, for the reach figures);
- feed_posts: posts from buurtapps and social media that an operator decided on are deleted;
- audit_log: older audit lines are deleted.
What stays is everything the figures count: category, times, status, organisation, team, buurt,
location, urgency, channel, the feedback flags. So every count, roll-up, trend and evaluation
figure is the same before and after a run (tests/integration/test_retention.py checks it).

The run works in batches that each commit (a run stopped half-way is simply run again: what is
done no longer matches) and keeps one audit line per run up to date in the same transactions.
`dry_run` only counts. Scheduled daily at 03:00 (services/jobs/registry.py) and
`flask --app app privacy retention [--dry-run] [--as-of DATE]` (services/privacy/cli.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import and_, delete, false, func, or_, select, text, update
from sqlalchemy.orm import Session

from data_access.models import (
    AreaFollower, AuditLog, FeedbackMessage, FeedPost, Incident, Organisation, OutboxAttempt, Report, ReportEvent,
    ReporterContact, ReportPhoto, SatisfactionAnswer,
)
from data_access.scoping import unscoped_delete, unscoped_select, unscoped_update
from data_access.vocabulary import CLOSED_STATUSES
from services.privacy.policy import LABELS, Policy, load_policy
from services.privacy.pseudonymise import pseudonymise, street_only

BATCH = 500
SHORT_LABELS = {"contact": "contactgegevens", "tracking": "volglinks", "photos": "foto's", "text": "teksten",
                "followers": "volgers", "feed_posts": "feedberichten", "audit_log": "auditregels"}   # for /beheer
AUDIT_ACTION = "privacy_retentie"


class Retention:
    def __init__(self, session: Session, now: datetime, policy: Policy, dry_run: bool = False,
                 batch: int = BATCH, commit: Callable[[], None] | None = None):
        self.session, self.now, self.policy, self.dry_run, self.batch = session, now, policy, dry_run, batch
        self.commit = commit or session.commit
        self.counts = {name: 0 for name in LABELS}
        self.organisations = dict(session.execute(select(Organisation.id, Organisation.code)).all())
        self.audit: AuditLog | None = None

    # --- which rows --------------------------------------------------------------------------

    def _closed_past(self, data_class: str):
        """Closed reports whose term for `data_class` (by their organisation) ended before now."""
        if not self.organisations:
            return false()
        terms = [and_(Report.organisation_id == org_id,
                      Report.closed_at < self.now - self.policy.term(code, data_class))
                 for org_id, code in self.organisations.items()]
        return and_(Report.status.in_(CLOSED_STATUSES), Report.closed_at.is_not(None), or_(*terms))

    def _report_ids(self, data_class: str):
        return unscoped_select(Report.id).where(self._closed_past(data_class))

    def _queries(self) -> dict[str, object]:
        """Per data class: a SELECT of the ids still to do (empty once done: that is the idempotence)."""
        general = self.policy.general
        contact_left = or_(ReporterContact.name.is_not(None), ReporterContact.email.is_not(None),
                           ReporterContact.phone.is_not(None))
        return {
            "contact": select(ReporterContact.id).where(ReporterContact.report_id.in_(self._report_ids("contact")),
                                                        contact_left),
            "tracking": select(ReporterContact.id).where(ReporterContact.report_id.in_(self._report_ids("tracking")),
                                                         ReporterContact.tracking_token_hash.is_not(None)),
            "photos": unscoped_select(ReportPhoto.id).where(ReportPhoto.report_id.in_(self._report_ids("photos"))),
            "text": unscoped_select(Report.id).where(self._closed_past("text"), Report.text_pseudonymised_at.is_(None)),
            "followers": select(AreaFollower.id).where(AreaFollower.created_at < self.now - general["followers"]),
            "feed_posts": unscoped_select(FeedPost.id).where(FeedPost.received_at < self.now - general["feed_posts"],
                                                    FeedPost.state != "te_beoordelen"),
            "audit_log": select(AuditLog.id).where(AuditLog.at < self.now - general["audit_log"],
                                                   AuditLog.action != AUDIT_ACTION),
        }

    # --- what happens to them --------------------------------------------------------------

    def _apply(self, data_class: str, ids: list[int]) -> None:
        session = self.session
        if data_class == "contact":
            session.execute(update(ReporterContact).where(ReporterContact.id.in_(ids))
                            .values(name=None, email=None, phone=None).execution_options(synchronize_session=False))
        elif data_class == "tracking":
            session.execute(update(ReporterContact).where(ReporterContact.id.in_(ids))
                            .values(tracking_token_hash=None).execution_options(synchronize_session=False))
        elif data_class == "photos":
            session.execute(unscoped_delete(ReportPhoto).where(ReportPhoto.id.in_(ids)).execution_options(synchronize_session=False))
        elif data_class == "text":
            self._pseudonymise_reports(ids)
        elif data_class == "followers":
            session.execute(delete(AreaFollower).where(AreaFollower.id.in_(ids)).execution_options(synchronize_session=False))
        elif data_class == "feed_posts":
            session.execute(unscoped_delete(FeedPost).where(FeedPost.id.in_(ids)).execution_options(synchronize_session=False))
        elif data_class == "audit_log":
            session.execute(delete(AuditLog).where(AuditLog.id.in_(ids)).execution_options(synchronize_session=False))

    def _rewrite(self, model, column_names: tuple[str, ...], where) -> None:
        columns = [getattr(model, name) for name in column_names]
        for row in self.session.execute(select(model.id, *columns).where(where)).all():
            new = {name: pseudonymise(value) if value else value for name, value in zip(column_names, row[1:])}
            if any(new[name] != value for name, value in zip(column_names, row[1:])):
                self.session.execute(update(model).where(model.id == row[0]).values(**new)
                                     .execution_options(synchronize_session=False))

    def _pseudonymise_reports(self, ids: list[int]) -> None:
        session = self.session
        for report_id, text, address in session.execute(unscoped_select(Report.id, Report.text, Report.address)
                                                        .where(Report.id.in_(ids))).all():
            session.execute(unscoped_update(Report).where(Report.id == report_id)
                            .values(text=pseudonymise(text), address=street_only(address),
                                    text_pseudonymised_at=self.now)
                            .execution_options(synchronize_session=False))
        self._rewrite(FeedbackMessage, ("body", "last_error"), FeedbackMessage.report_id.in_(ids))
        self._rewrite(OutboxAttempt, ("error",), OutboxAttempt.message_id.in_(
            select(FeedbackMessage.id).where(FeedbackMessage.report_id.in_(ids))))
        self._rewrite(SatisfactionAnswer, ("text",), SatisfactionAnswer.report_id.in_(ids))
        self._rewrite(ReportEvent, ("detail",), ReportEvent.report_id.in_(ids))
        self._rewrite(Incident, ("title",), Incident.id.in_(unscoped_select(Report.incident_id).where(Report.id.in_(ids))))

    # --- the run -------------------------------------------------------------------------------

    def _batches(self, query) -> Iterator[list[int]]:
        while True:
            ids = list(self.session.scalars(query.order_by(query.selected_columns[0]).limit(self.batch)))
            if not ids:
                return
            yield ids

    def _write_audit(self, state: str) -> None:
        detail = json.dumps({"stand": state, "peildatum": self.now.isoformat(), "regels": self.policy.source,
                             **{LABELS[name]: n for name, n in self.counts.items()}}, ensure_ascii=False)
        if self.audit is None:
            self.audit = AuditLog(username="systeem", action=AUDIT_ACTION + ("_proef" if self.dry_run else ""),
                                  object_type="bewaartermijnen", detail=detail)
            self.session.add(self.audit)
        else:
            self.audit.detail = detail
        self.session.flush()

    def run(self) -> dict[str, int]:
        queries = self._queries()
        if self.dry_run:
            for name, query in queries.items():
                self.counts[name] = self.session.scalar(select(func.count()).select_from(query.subquery()))
            self._write_audit("proefrun: niets gewijzigd")
            self.commit()
            return dict(self.counts)
        self._write_audit("bezig")
        self.commit()
        for name, query in queries.items():
            for ids in self._batches(query):
                self._apply(name, ids)
                self.counts[name] += len(ids)
                self._write_audit("bezig")
                self.commit()                      # each batch stands on its own
        self._write_audit("klaar")
        self.commit()
        self._compact_search_index()
        return dict(self.counts)

    def _compact_search_index(self) -> None:
        """SQLite's FTS5 keeps a changed text's old words in older segments until they merge."""
        if self.session.get_bind().dialect.name == "sqlite" and self.counts["text"]:
            self.session.execute(text("INSERT INTO report_search(report_search) VALUES ('optimize')"))
            self.commit()


def summary_lines(counts: dict[str, int], dry_run: bool) -> list[str]:
    todo = {"contact": "wissen", "tracking": "wissen", "photos": "verwijderen", "text": "pseudonimiseren",
            "followers": "wissen", "feed_posts": "verwijderen", "audit_log": "verwijderen"}
    done = {"contact": "gewist", "tracking": "gewist", "photos": "verwijderd", "text": "gepseudonimiseerd",
            "followers": "gewist", "feed_posts": "verwijderd", "audit_log": "verwijderd"}
    return [f"{LABELS[name]}: {counts[name]} " + (f"te {todo[name]}" if dry_run else done[name]) for name in LABELS]


def scheduled_retention(session: Session, now: datetime) -> dict[str, int]:
    """The job runner's daily run (03:00): the terms of HNM_PRIVACY_POLICY or the shipped file."""
    from flask import current_app

    policy = load_policy(current_app.config["HNM_SETTINGS"].privacy_policy)
    counts = Retention(session, now, policy).run()
    return {SHORT_LABELS[name]: n for name, n in counts.items()}
