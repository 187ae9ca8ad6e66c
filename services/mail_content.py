"""The Dutch e-mails that residents and staff receive: plain text plus an HTML alternative, from one
set of Jinja2 templates per kind in services/mail_templates/ (HTML autoescaped: a resident's or a
staff member's text can never add markup or links).

Kinds: terugkoppeling (feedback to a reporter), buurtbericht (to a buurt's followers, with an
unsubscribe link and the List-Unsubscribe headers for one-click unsubscribing), bevestiging (double
opt-in of a new follower), dienst (an urgent report or alert for staff on duty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.channels import Envelope

SENDER_NAME = "Het Nieuwe Melden"
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_ENV = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "mail_templates"),
                   autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str
    headers: tuple[tuple[str, str], ...] = ()

    def envelope(self, message_id: int, report_id: int | None, channel: str, kind: str,
                 address: str | None) -> Envelope:
        return Envelope(message_id, report_id, channel, kind, self.text, address, subject=self.subject,
                        html=self.html if channel == "email" else None, headers=self.headers)


def paragraphs(text: str) -> list[list[str]]:
    """Blank lines part paragraphs, single line breaks stay line breaks (for the HTML version)."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def _render(template: str, subject: str, headers: tuple[tuple[str, str], ...] = (), **context) -> Mail:
    context = {"subject": subject, "sender_name": SENDER_NAME, **context}
    html_context = {**context, "paragraphs": paragraphs(context.get("body", ""))}
    return Mail(subject, _ENV.get_template(f"{template}.txt").render(context),
                _ENV.get_template(f"{template}.html").render(html_context), headers)


def feedback_mail(reference: str, kind_label: str, body: str) -> Mail:
    return _render("terugkoppeling", f"{kind_label}: uw melding {reference}", reference=reference,
                   kind_label=kind_label, body=body)


def neighbourhood_mail(area_name: str, title: str, body: str, area_url: str, unsubscribe_url: str,
                       one_click_url: str) -> Mail:
    # RFC 2369 and RFC 8058: mail programs show an "afmelden" button that POSTs to one_click_url.
    headers = (("List-Unsubscribe", f"<{one_click_url}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    return _render("buurtbericht", f"Buurtbericht {area_name}: {title}", headers, area_name=area_name,
                   title=title, body=body, area_url=area_url, unsubscribe_url=unsubscribe_url)


def confirmation_mail(area_name: str, confirm_url: str, days: int) -> Mail:
    return _render("bevestiging", f"Bevestig: buurtberichten over {area_name}", area_name=area_name,
                   confirm_url=confirm_url, days=days)


def staff_mail(subject: str, headline: str, facts: list[tuple[str, str]], link: str, settings_url: str) -> Mail:
    return _render("dienst", subject, headline=headline, facts=facts, link=link, settings_url=settings_url)
