"""The feedback outbox: FeedbackMessage rows wait in "wachtrij" until a channel adapter delivers them.

`deliver_pending` runs one delivery round: every queued message and every failed one whose backoff
has passed goes to the adapter of its channel. Success marks it "verzonden" with sent_at; failure
marks it "mislukt", counts the attempt and keeps the error, so it is shown and retried — never lost.
Every attempt is written to OutboxAttempt. Adapters never see the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import FeedbackMessage, OutboxAttempt, ReporterContact, utcnow

QUEUED, SENT, FAILED = "wachtrij", "verzonden", "mislukt"
BASE_BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)
BATCH = 200
log = logging.getLogger("hnm.outbox")


class DeliveryError(RuntimeError):
    """The channel could not deliver; the message is retried later."""


@dataclass(frozen=True)
class Envelope:
    message_id: int
    report_id: int
    channel: str
    kind: str
    body: str
    address: str | None


class ChannelAdapter(Protocol):
    def deliver(self, envelope: Envelope) -> None: ...


class LogAdapter:
    """Demo delivery: writes the message to the `hnm.outbox` logger (and so to its log file)."""

    def __init__(self, channel: str):
        self.channel = channel

    def deliver(self, envelope: Envelope) -> None:
        if not envelope.address and self.channel != "app":
            raise DeliveryError(f"Geen adres voor kanaal {self.channel}.")
        log.info("%s bericht %s (melding %s, %s) afgeleverd", self.channel, envelope.message_id,
                 envelope.report_id, envelope.kind)


def demo_adapters() -> dict[str, ChannelAdapter]:
    return {channel: LogAdapter(channel) for channel in ("email", "sms", "app")}


def backoff(attempts: int) -> timedelta:
    """5 min, 10, 20, ... capped at 6 hours: a failing channel is retried, never given up."""
    return min(BASE_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


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
                    adapters: dict[str, ChannelAdapter] | None = None) -> dict[str, int]:
    """One delivery round; the caller commits. Returns how many were sent and how many failed."""
    now = now or utcnow()
    adapters = adapters if adapters is not None else demo_adapters()
    counts = {"verzonden": 0, "mislukt": 0}
    for message in _due_messages(session, now):
        contact = session.scalar(select(ReporterContact)
                                 .where(ReporterContact.report_id == message.report_id))
        envelope = Envelope(message.id, message.report_id, message.channel, message.kind,
                            message.body, _address(contact, message.channel))
        message.attempts = (message.attempts or 0) + 1
        try:
            adapter = adapters.get(message.channel)
            if adapter is None:
                raise DeliveryError(f"Geen aflevering ingesteld voor kanaal {message.channel}.")
            adapter.deliver(envelope)
        except Exception as exc:   # any adapter failure is kept on the message and retried
            message.state, message.last_error = FAILED, str(exc) or exc.__class__.__name__
            session.add(OutboxAttempt(message_id=message.id, at=now, channel=message.channel,
                                      ok=False, error=message.last_error))
            counts["mislukt"] += 1
        else:
            message.state, message.sent_at, message.last_error = SENT, now, None
            session.add(OutboxAttempt(message_id=message.id, at=now, channel=message.channel, ok=True))
            counts["verzonden"] += 1
    session.flush()
    return counts


def outbox_command() -> click.Command:
    @click.command("outbox")
    def outbox():
        """Eén afleverronde: terugkoppeling aan melders en buurtberichten aan volgers (wachtrij en
        mislukte herpogingen)."""
        from flask import current_app

        from data_access.db import transaction
        from services.area_followers import deliver_notifications   # it builds on this module

        with transaction(current_app.extensions["hnm_sessions"]) as session:
            counts = deliver_pending(session, utcnow())
            followers = deliver_notifications(session, utcnow())
        click.echo(f"Terugkoppeling: {counts['verzonden']} verzonden, {counts['mislukt']} mislukt. "
                   f"Buurtberichten aan volgers: {followers['verzonden']} verzonden, "
                   f"{followers['mislukt']} mislukt (mislukte berichten worden later opnieuw geprobeerd).")
    return outbox
