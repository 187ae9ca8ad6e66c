"""A real SMTP server for the tests (aiosmtpd), plain, with STARTTLS or with TLS from the start.

Certificates come from a throw-away CA (trustme); `client_context` trusts it, as a production host
trusts the public CAs. The mailbox keeps what the server accepted; `hold()` makes the server wait
with its answer to the next message until `release()` (then it refuses that one with a 451), so
a test can stop a sender in the middle of a delivery.
"""

from __future__ import annotations

import asyncio
import email
import socket
import ssl
import threading
from email.message import EmailMessage
from email.policy import default

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "hnm", "geheim-wachtwoord"


class Mailbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.waiting = threading.Event()         # a message is being held
        self._gate: threading.Event | None = None

    def hold(self) -> None:
        self.waiting.clear()
        self._gate = threading.Event()

    def release(self) -> None:
        if self._gate is not None:
            self._gate.set()

    async def handle_DATA(self, server, session, envelope):
        gate = self._gate
        if gate is not None:
            self._gate = None
            self.waiting.set()
            await asyncio.get_running_loop().run_in_executor(None, gate.wait, 60)
            return "451 Tijdelijk niet beschikbaar"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == \
        (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok)


class SmtpServer:
    """mode: "plain" (no TLS), "starttls" (TLS required before anything, with login) or "smtps"."""

    def __init__(self, mode: str = "plain"):
        self.mode, self.mailbox, self.port = mode, Mailbox(), _free_port()
        self.ca = trustme.CA()
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert("127.0.0.1").configure_cert(server_context)
        kwargs = {}
        if mode == "starttls":
            kwargs = {"tls_context": server_context, "require_starttls": True, "authenticator": _authenticate,
                      "auth_required": True}
        elif mode == "smtps":
            kwargs = {"ssl_context": server_context, "authenticator": _authenticate, "auth_required": True,
                      "auth_require_tls": False}
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def url(self) -> str:
        if self.mode == "plain":
            return f"smtp://127.0.0.1:{self.port}?starttls=false"
        scheme = "smtps" if self.mode == "smtps" else "smtp"
        return f"{scheme}://{USER}:{PASSWORD}@127.0.0.1:{self.port}"

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.mailbox.release()
        self.controller.stop()
