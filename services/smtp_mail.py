"""E-mail through SMTP: HNM_SMTP_URL (smtp:// with STARTTLS, smtps:// with TLS from the start).

`smtp://user:password@host:587` upgrades the connection with STARTTLS and refuses to send when the
server does not offer it; `?starttls=false` sends in the clear (only for a relay on the same host).
`smtps://user:password@host:465` speaks TLS from the first byte. User and password are
percent-encoded in the URL. Certificates are checked against the system's CA store (the tests pass
their own context). One connection per delivery round is enough at the outbox's pace; a message
the server refuses raises DeliveryError, so the outbox keeps it and tries again later.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from services.channels import DeliveryError, Envelope

TIMEOUT_SECONDS = 30


class SmtpConfigError(ValueError):
    """HNM_SMTP_URL cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise SmtpConfigError("gebruik smtp://host:587 (STARTTLS) of smtps://host:465 (TLS)")
    if not parts.hostname:
        raise SmtpConfigError("er staat geen server in het adres")
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    if query.get("starttls", "true") not in ("true", "false"):
        raise SmtpConfigError("starttls moet true of false zijn")
    try:
        port = parts.port
    except ValueError:
        raise SmtpConfigError("het poortnummer klopt niet") from None
    implicit = parts.scheme == "smtps"
    return SmtpTarget(host=parts.hostname, port=port or (465 if implicit else 587), implicit_tls=implicit,
                      starttls=not implicit and query.get("starttls", "true") == "true",
                      username=unquote(parts.username) if parts.username else None,
                      password=unquote(parts.password) if parts.password else None)


def compose(envelope: Envelope, sender: str, reply_to: str = "") -> EmailMessage:
    """The MIME message: plain text first, the HTML alternative after it, and the envelope's headers."""
    message = EmailMessage()
    name, address = parseaddr(sender)
    message["From"] = formataddr((name, address))
    message["To"] = envelope.address
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = envelope.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=address.rsplit("@", 1)[-1])
    for header, value in envelope.headers:
        message[header] = value
    message.set_content(envelope.body, cte="quoted-printable")
    if envelope.html:
        message.add_alternative(envelope.html, subtype="html", cte="quoted-printable")
    return message


class SmtpAdapter:
    """The e-mail channel: one SMTP conversation per message, with TLS as the URL says."""

    def __init__(self, url: str, sender: str, reply_to: str = "", context: ssl.SSLContext | None = None):
        self.target = parse_smtp_url(url)
        self.sender, self.reply_to = sender, reply_to
        self.context = context or ssl.create_default_context()

    def deliver(self, envelope: Envelope) -> None:
        if not envelope.address:
            raise DeliveryError("Geen e-mailadres.")
        message = compose(envelope, self.sender, self.reply_to)
        target = self.target
        try:
            if target.implicit_tls:
                client = smtplib.SMTP_SSL(target.host, target.port, timeout=TIMEOUT_SECONDS, context=self.context)
            else:
                client = smtplib.SMTP(target.host, target.port, timeout=TIMEOUT_SECONDS)
            with client:
                if target.starttls:
                    client.ehlo()
                    if not client.has_extn("starttls"):
                        raise DeliveryError("De mailserver biedt geen STARTTLS aan; niet verzonden.")
                    client.starttls(context=self.context)
                if target.username:
                    client.login(target.username, target.password or "")
                client.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"SMTP: {error.__class__.__name__}: {error}") from error
