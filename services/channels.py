"""Delivery channels and the bookkeeping every outbox shares.

An outbox row (a feedback message, a buurtbericht to one follower, a staff notification) waits in
"wachtrij" until a channel adapter delivers it. Success marks it "verzonden"; failure marks it
"mislukt", counts the attempt and keeps the error, and the row is tried again after a back-off that
grows with its attempts: never lost. Adapters never see the database.

Channels: e-mail through SMTP (services.smtp_mail) when HNM_SMTP_URL is set; without it, and for
SMS and app push, the LogAdapter writes each delivery to the `hnm.outbox` log. A provider for SMS or
push is one class with `deliver(envelope)` (raise DeliveryError when it fails), added to
`configured_adapters` (docs/operations.md, "Adding a delivery provider").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from data_access.vocabulary import FAILED, QUEUED, SENT  # noqa: F401  (the outboxes take them from here)

CANCELLED = "vervallen"            # nobody left to send it to (unsubscribed, or the object is gone)
BASE_BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)
log = logging.getLogger("hnm.outbox")


class DeliveryError(RuntimeError):
    """The channel could not deliver; the message is retried later."""


@dataclass(frozen=True)
class Envelope:
    """What a channel adapter delivers: the plain text always; e-mail adds a subject, an HTML
    alternative and headers (List-Unsubscribe); SMS and app push use the plain text."""
    message_id: int
    report_id: int | None
    channel: str
    kind: str
    body: str
    address: str | None
    subject: str = ""
    html: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


class ChannelAdapter(Protocol):
    def deliver(self, envelope: Envelope) -> None: ...


class LogAdapter:
    """Delivery without a provider (the demo, and SMS and app push for now): writes the delivery to
    the `hnm.outbox` logger, without the address or the text."""

    def __init__(self, channel: str):
        self.channel = channel

    def deliver(self, envelope: Envelope) -> None:
        if not envelope.address and self.channel != "app":
            raise DeliveryError(f"Geen adres voor kanaal {self.channel}.")
        log.info("%s bericht %s (melding %s, %s) afgeleverd", self.channel, envelope.message_id,
                 envelope.report_id, envelope.kind)


def demo_adapters() -> dict[str, ChannelAdapter]:
    return {channel: LogAdapter(channel) for channel in ("email", "sms", "app")}


def configured_adapters(settings) -> dict[str, ChannelAdapter]:
    """E-mail through SMTP when HNM_SMTP_URL is set, otherwise to the log; SMS and app push to the
    log until a provider's adapter is added here."""
    adapters = demo_adapters()
    if settings.smtp_url:
        from services.smtp_mail import SmtpAdapter

        adapters["email"] = SmtpAdapter(settings.smtp_url, settings.mail_from, settings.mail_reply_to)
    return adapters


def backoff(attempts: int) -> timedelta:
    """5 min, 10, 20, ... capped at 6 hours: a failing channel is retried, never given up."""
    return min(BASE_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def is_due(state: str, attempts: int, tried_at: datetime | None, now: datetime) -> bool:
    """Queued, or failed and past its back-off."""
    return state == QUEUED or (state == FAILED and (tried_at is None or tried_at + backoff(attempts) <= now))


def attempt(row, now: datetime, send: Callable[[], None]) -> bool:
    """One delivery attempt of an outbox row: counts it, runs `send` and records the outcome on the
    row (state, sent_at, last_error, and tried_at where the row keeps it). True when delivered."""
    row.attempts = (row.attempts or 0) + 1
    if hasattr(row, "tried_at"):
        row.tried_at = now
    try:
        send()
    except Exception as exc:   # any adapter failure is kept on the row and retried
        row.state, row.last_error = FAILED, str(exc) or exc.__class__.__name__
        return False
    row.state, row.sent_at, row.last_error = SENT, now, None
    return True


def send_with(adapters: dict[str, ChannelAdapter], envelope: Envelope) -> Callable[[], None]:
    """`send` for `attempt`: the envelope through the adapter of its channel."""
    def send() -> None:
        adapter = adapters.get(envelope.channel)
        if adapter is None:
            raise DeliveryError(f"Geen aflevering ingesteld voor kanaal {envelope.channel}.")
        adapter.deliver(envelope)
    return send
