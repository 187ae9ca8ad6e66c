"""The feedback outbox: FeedbackMessage rows wait in "wachtrij" until a channel adapter delivers them.

`deliver_pending` runs one delivery round: every queued message and every failed one whose backoff
has passed goes to the adapter of its channel, as a Dutch mail (services.mail_content) with the
staff member's text. Success marks it "verzonden" with sent_at; failure marks it "mislukt", counts
the attempt and keeps the error, so it is shown and retried — never lost. Every attempt is written
to OutboxAttempt. `deliver_round` is the job runner's "outbox" job: feedback, then the mails to
buurt followers, each committed as soon as it is sent (a worker killed mid-round sends nothing twice
that it had recorded).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import FeedbackMessage, OutboxAttempt, Report, ReporterContact, utcnow
from data_access.scoping import unscoped_select
from services.channels import (
    FAILED, QUEUED, SENT, ChannelAdapter, attempt, backoff, configured_adapters, demo_adapters, send_with,
)
from services.mail_content import feedback_mail

BATCH = 200


def _due_messages(session: Session, now: datetime) -> list[FeedbackMessage]:
    queued = session.scalars(select(FeedbackMessage).where(FeedbackMessage.state == QUEUED)
                             .order_by(FeedbackMessage.created_at).limit(BATCH)).all()
    last_try = (select(OutboxAttempt.message_id, func.max(OutboxAttempt.at).label("at"))
                .group_by(OutboxAttempt.message_id).subquery())
    failed = session.execute(select(FeedbackMessage, last_try.c.at)
                             .outerjoin(last_try, last_try.c.message_id == FeedbackMessage.id)
                             .where(FeedbackMessage.state == FAILED)
                             .order_by(FeedbackMessage.created_at).limit(BATCH)).all()
    retry = [m for m, at in failed if at is None or at + backoff(m.attempts) <= now]
    return list(queued) + retry


def _address(contact: ReporterContact | None, channel: str) -> str | None:
    if contact is None:
        return None
    return {"email": contact.email, "sms": contact.phone}.get(channel)


def deliver_pending(session: Session, now: datetime | None = None,
                    adapters: dict[str, ChannelAdapter] | None = None,
                    checkpoint: Callable[[], None] = lambda: None) -> dict[str, int]:
    """One delivery round; the caller commits (`checkpoint` runs after each message). Returns how
    many were sent and how many failed."""
    from services.feedback_templates import KINDS

    now = now or utcnow()
    adapters = adapters if adapters is not None else demo_adapters()
    counts = {SENT: 0, FAILED: 0}
    for message in _due_messages(session, now):
        contact = session.scalar(select(ReporterContact)
                                 .where(ReporterContact.report_id == message.report_id))
        reference = session.scalar(unscoped_select(Report.reference).where(Report.id == message.report_id))
        envelope = feedback_mail(reference, KINDS.get(message.kind, message.kind), message.body).envelope(
            message.id, message.report_id, message.channel, message.kind, _address(contact, message.channel))
        ok = attempt(message, now, send_with(adapters, envelope))
        session.add(OutboxAttempt(message_id=message.id, at=now, channel=message.channel, ok=ok,
                                  error=None if ok else message.last_error))
        counts[SENT if ok else FAILED] += 1
        session.flush()
        checkpoint()
    return counts


def deliver_round(session: Session, now: datetime) -> dict[str, int]:
    """The "outbox" job: feedback to reporters, buurtberichten and confirmation mails to followers,
    through the channels of the current settings (SMTP or the log)."""
    from flask import current_app

    from services.area_followers import FollowerLinks, deliver_notifications   # it builds on this module

    settings = current_app.config["HNM_SETTINGS"]
    adapters = configured_adapters(settings)
    feedback = deliver_pending(session, now, adapters, checkpoint=session.commit)
    followers = deliver_notifications(session, now, adapters, FollowerLinks.from_settings(settings),
                                      checkpoint=session.commit)
    return {"terugkoppeling verzonden": feedback[SENT], "terugkoppeling mislukt": feedback[FAILED],
            "volgers verzonden": followers[SENT], "volgers mislukt": followers[FAILED]}


def outbox_command() -> click.Command:
    @click.command("outbox")
    def outbox():
        """Eén afleverronde: terugkoppeling aan melders en buurtberichten aan volgers (wachtrij en
        mislukte herpogingen)."""
        from flask import current_app

        from data_access.db import transaction

        with transaction(current_app.extensions["hnm_sessions"]) as session:
            counts = deliver_round(session, utcnow())
        click.echo(f"Terugkoppeling: {counts['terugkoppeling verzonden']} verzonden, "
                   f"{counts['terugkoppeling mislukt']} mislukt. Buurtberichten en bevestigingen aan volgers: "
                   f"{counts['volgers verzonden']} verzonden, {counts['volgers mislukt']} mislukt "
                   f"(mislukte berichten worden later opnieuw geprobeerd).")
    return outbox
