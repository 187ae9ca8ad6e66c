"""Residents' rights: find everything stored about one resident, export it, erase it on request.

A privacy officer (role "privacy", one per organisation) asks by a report's reference, an e-mail
address or a phone number. A reference also brings the resident's other reports with the same
e-mail address or phone number. What is found follows `privacy_request_scope`: the police's
officer finds every report, the gemeente's officer only shared ones (a police-only report is not
even counted). Buurt subscriptions (e-mail only) belong to the neighbourhood page that police and
gemeente share, so both officers find them.

Erasure keeps every report as an anonymous record, so every count and figure stays the same:
contact details go, free text becomes ERASED, the address keeps only its street (the point moves
to the street's middle), photos and buurt subscriptions are deleted, queued messages to the
resident are cancelled. Every search, export and erasure is written to the audit log, without
the address or number asked for.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import (
    AreaFollower, FeedbackMessage, FeedPost, Incident, NeighbourhoodNotification, OutboxAttempt,
    Report, ReportEvent, ReporterContact, ReportPhoto, SatisfactionAnswer, utcnow,
)
from data_access import privacy_queries as queries
from data_access.audit import audit as audit_row
from services.channels import CANCELLED, FAILED, QUEUED
from services.gazetteer import find_street
from services.privacy.pseudonymise import street_only

ERASED = "[verwijderd op verzoek]"
REFERENCE = re.compile(r"^HNM-\d{1,12}$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]{1,100}@[^@\s]{1,100}\.[^@\s]{2,}$")
PHONE_CHARS = re.compile(r"^[\d\s\-+().]{9,25}$")
PHONE_DIGITS = 9            # the last 9 digits: 06-12345678, +31 6 12345678 and 0031612345678 match
KIND_LABELS = {"reference": "referentie", "email": "e-mailadres", "phone": "telefoonnummer"}


class RequestError(ValueError):
    """A request the officer must phrase differently; the message is Dutch."""


@dataclass(frozen=True)
class Lookup:
    kind: str            # reference | email | phone
    value: str           # reference upper case, address lower case, phone: its last 9 digits

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def parse_lookup(query: str | None) -> Lookup:
    query = (query or "").strip()
    if not query:
        raise RequestError("Vul een referentie (HNM-...), e-mailadres of telefoonnummer in.")
    if len(query) > 200:
        raise RequestError("Dat is te lang voor een referentie, e-mailadres of telefoonnummer.")
    if REFERENCE.match(query):
        return Lookup("reference", query.upper())
    if "@" in query:
        if not EMAIL.match(query):
            raise RequestError("Dit is geen geldig e-mailadres.")
        return Lookup("email", query.lower())
    if PHONE_CHARS.match(query):
        digits = re.sub(r"\D", "", query)
        if len(digits) >= PHONE_DIGITS:
            return Lookup("phone", digits[-PHONE_DIGITS:])
    raise RequestError("Vul een referentie (HNM-0000123), een e-mailadres of een volledig telefoonnummer in.")


@dataclass
class FoundReport:
    report: Report
    contact: ReporterContact | None
    photos: list[ReportPhoto]
    events: list[ReportEvent]
    messages: list[FeedbackMessage]
    attempts: dict[int, list[OutboxAttempt]]
    answers: list[SatisfactionAnswer]
    posts: list[FeedPost]


@dataclass
class Findings:
    lookup: Lookup
    organisation: str                       # politie | gemeente | alle (command line)
    reports: list[FoundReport] = field(default_factory=list)
    followers: list[AreaFollower] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.reports and not self.followers

    @property
    def references(self) -> list[str]:
        return [found.report.reference for found in self.reports]

    def summary(self) -> str:
        """What was found, without personal data (for the audit log and the screen)."""
        photos = sum(len(found.photos) for found in self.reports)
        parts = [f"{len(self.reports)} melding(en)" + (f" ({', '.join(self.references)})" if self.reports else ""),
                 f"{photos} foto('s)", f"{len(self.followers)} buurtabonnement(en)"]
        return f"gezocht op {self.lookup.label}: " + ", ".join(parts)


def find_resident(session: Session, principal: Principal | None, lookup: Lookup) -> Findings:
    """Everything stored about the resident that `principal` may find (None: the operator's CLI)."""
    organisation = principal.organisation if principal else "alle"
    findings = Findings(lookup, organisation)
    emails, phones, report_ids = set(), set(), set()
    if lookup.kind == "reference":
        report = queries.report_by_reference(session, principal, lookup.value)
        if report is None:
            return findings
        report_ids.add(report.id)
        contact = session.scalar(select(ReporterContact).where(ReporterContact.report_id == report.id))
        if contact is not None and contact.email:
            emails.add(contact.email.strip().lower())
        if contact is not None and contact.phone:
            digits = re.sub(r"\D", "", contact.phone)
            if len(digits) >= PHONE_DIGITS:
                phones.add(digits[-PHONE_DIGITS:])
    elif lookup.kind == "email":
        emails.add(lookup.value)
    else:
        phones.add(lookup.value)
    report_ids |= queries.report_ids_by_contact(session, principal, emails, phones)
    findings.reports = [_load(session, report) for report in queries.reports_by_ids(session, principal, report_ids)]
    if emails:
        findings.followers = list(session.scalars(
            select(AreaFollower).where(func.lower(AreaFollower.email).in_(sorted(emails)))
            .order_by(AreaFollower.created_at)))
    return findings


def _load(session: Session, report: Report) -> FoundReport:
    messages = list(session.scalars(select(FeedbackMessage).where(FeedbackMessage.report_id == report.id)
                                    .order_by(FeedbackMessage.created_at)))
    attempts: dict[int, list[OutboxAttempt]] = {}
    if messages:
        for attempt in session.scalars(select(OutboxAttempt).where(
                OutboxAttempt.message_id.in_([m.id for m in messages])).order_by(OutboxAttempt.at)):
            attempts.setdefault(attempt.message_id, []).append(attempt)
    return FoundReport(
        report=report,
        contact=session.scalar(select(ReporterContact).where(ReporterContact.report_id == report.id)),
        photos=queries.photos_of(session, report.id),
        events=queries.events_of(session, report.id),
        messages=messages, attempts=attempts,
        answers=list(session.scalars(select(SatisfactionAnswer).where(SatisfactionAnswer.report_id == report.id)
                                     .order_by(SatisfactionAnswer.answered_at))),
        posts=queries.feed_posts_of(session, report.id),
    )


# --- export ------------------------------------------------------------------------------------

def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _actor(event: ReportEvent) -> str:
    if event.actor_label == "melder":
        return "u (de melder)"
    return "medewerker" if event.actor_id else "systeem"


def export_data(findings: Findings, now: datetime | None = None) -> dict:
    """The resident's data as one JSON-ready dict (Dutch keys: it is handed to the resident).

    Staff names and internal notes are not the resident's data and stay out; the timeline says
    what happened and when."""
    from data_access.vocabulary import CHANNELS, STATUS_LABELS

    reports = []
    for found in findings.reports:
        report, contact = found.report, found.contact
        reports.append({
            "referentie": report.reference,
            "ontvangen_op": _iso(report.received_at),
            "kanaal": CHANNELS.get(report.channel, report.channel),
            "tekst": report.text,
            "categorie": report.category.name,
            "spoed": report.urgent,
            "status": STATUS_LABELS.get(report.status, report.status),
            "adres": report.address,
            "locatie": {"lat": report.lat, "lon": report.lon} if report.lat is not None else None,
            "buurtcode": report.buurt_code,
            "behandeld_door": report.organisation.name,
            "alleen_politie": report.visibility == "politie",
            "contactgegevens": None if contact is None else {
                "naam": contact.name, "e_mail": contact.email, "telefoon": contact.phone,
                "wil_terugkoppeling": contact.wants_feedback,
                "volglink_actief": contact.tracking_token_hash is not None,
            },
            "fotos": [{"id": photo.id, "ontvangen_op": _iso(photo.created_at), "type": photo.content_type,
                       "breedte": photo.width, "hoogte": photo.height,
                       "data_base64": base64.b64encode(photo.data).decode("ascii")} for photo in found.photos],
            "tijdlijn": [{"op": _iso(event.at), "wat": event.kind, "van": event.from_value, "naar": event.to_value,
                          "door": _actor(event),
                          "toelichting": event.detail if event.actor_label == "melder" else None}
                         for event in found.events],
            "berichten_aan_u": [{"soort": message.kind, "kanaal": message.channel, "tekst": message.body,
                                 "aangemaakt_op": _iso(message.created_at), "status": message.state,
                                 "verzonden_op": _iso(message.sent_at),
                                 "bezorgpogingen": [{"op": _iso(a.at), "gelukt": a.ok}
                                                    for a in found.attempts.get(message.id, [])]}
                                for message in found.messages],
            "tevredenheid": [{"tevreden": answer.satisfied, "reden": answer.reason, "toelichting": answer.text,
                              "op": _iso(answer.answered_at)} for answer in found.answers],
            "bronberichten": [{"bron": post.source, "tekst": post.raw_text, "geplaatst_op": _iso(post.posted_at)}
                              for post in found.posts],
        })
    return {
        "verzoek": {"gezocht_op": findings.lookup.label, "organisatie": findings.organisation,
                    "gemaakt_op": _iso(now or utcnow())},
        "meldingen": reports,
        "buurtabonnementen": [{"gebied": follower.area_code, "e_mail": follower.email,
                               "aangemeld_op": _iso(follower.created_at),
                               "bevestigd_op": _iso(follower.confirmed_at)} for follower in findings.followers],
    }


# --- erasure -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Erasure:
    reports: int
    photos: int
    followers: int
    messages_cancelled: int

    def sentence(self) -> str:
        return (f"{self.reports} melding(en) geanonimiseerd, {self.photos} foto('s) en "
                f"{self.followers} buurtabonnement(en) verwijderd, {self.messages_cancelled} "
                f"bericht(en) in de wachtrij geannuleerd.")


def _coarse_location(report: Report) -> None:
    """The street without the house number; the point moves to the street's middle (same buurt),
    or to about 100 m precision for a street the gazetteer does not know."""
    street = find_street(report.address) if report.address else None
    report.address = street_only(report.address)
    if street is not None:
        report.lat, report.lon = street.lat, street.lon
    elif report.lat is not None and report.lon is not None:
        report.lat, report.lon = round(report.lat, 3), round(report.lon, 3)


def _erase_report(session: Session, found: FoundReport) -> int:
    report, cancelled = found.report, 0
    report.text = ERASED
    _coarse_location(report)
    if found.contact is not None:
        found.contact.name = found.contact.email = found.contact.phone = None
        found.contact.tracking_token_hash = None      # the tracking link stops working
    for photo in found.photos:
        session.delete(photo)
    for event in found.events:
        if event.detail:
            event.detail = ERASED
    for message in found.messages:
        message.body, message.last_error = ERASED, None
        if message.state in (QUEUED, FAILED):
            message.state, cancelled = CANCELLED, cancelled + 1
        for attempt in found.attempts.get(message.id, []):
            attempt.error = None
    for answer in found.answers:
        if answer.text:
            answer.text = ERASED
    for post in found.posts:
        post.raw_text = ERASED
    if report.incident_id is not None:
        _neutral_incident_title(session, report)
    return cancelled


def _neutral_incident_title(session: Session, report: Report) -> None:
    """An incident takes its title from the text of its first report, and the timelines of the
    reports linked to it quote that title: when that first report is erased, the title goes too."""
    first = queries.first_report_of_incident(session, report.incident_id)
    incident = session.get(Incident, report.incident_id)
    if first != report.id or incident is None:
        return
    old, incident.title = incident.title, f"Incident {incident.id}"
    if old:
        for event in queries.incident_events_quoting(session, old):
            event.detail = event.detail.replace(old, incident.title)


def erase_resident(session: Session, principal: Principal | None, findings: Findings,
                   actor: str = "", source: str = "") -> Erasure:
    """Erase what `find_resident` found (the caller commits). The reports stay, anonymous."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))     # deleted bytes are overwritten
    cancelled = sum(_erase_report(session, found) for found in findings.reports)
    photos = sum(len(found.photos) for found in findings.reports)
    follower_ids = [follower.id for follower in findings.followers]
    if follower_ids:
        session.execute(update(NeighbourhoodNotification)
                        .where(NeighbourhoodNotification.follower_id.in_(follower_ids),
                               NeighbourhoodNotification.state.in_((QUEUED, FAILED)))
                        .values(state=CANCELLED))
        session.execute(update(NeighbourhoodNotification)
                        .where(NeighbourhoodNotification.follower_id.in_(follower_ids))
                        .values(follower_id=None, last_error=None))
        for follower in findings.followers:
            session.delete(follower)
    session.flush()
    if session.get_bind().dialect.name == "sqlite" and findings.reports:
        # the full-text index keeps deleted words in its segments until they are merged
        session.execute(text("INSERT INTO report_search(report_search) VALUES('optimize')"))
    erasure = Erasure(len(findings.reports), photos, len(follower_ids), cancelled)
    audit(session, principal, "privacy_erase", findings, actor, erasure.sentence(), source)
    return erasure


def audit(session: Session, principal: Principal | None, action: str, findings: Findings,
          actor: str = "", extra: str = "", source: str = "") -> None:
    """One audit row per search, export or erasure; never the address or number asked for."""
    row = audit_row(session, principal, action, "bewoner", findings.references[0] if findings.reports else "",
                    (findings.summary() + (f"; {extra}" if extra else ""))[:2000], source=source)
    if principal is None and actor:
        row.username = actor[:80]
