"""A planted resident for the privacy tests: two reports (one police-only, one shared) with the same
contact details, a photo, a tracking link, a resident's addition, a message back and a buurt follow,
plus a neighbour whose data must stay."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image
from sqlalchemy import func, inspect, select, text

from data_access.db import transaction
from data_access.models import FeedbackMessage, Incident, SatisfactionAnswer, utcnow
from services.area_followers import follow
from services.intake import IntakeData, submit_report
from services.photos import PreparedPhoto, attach_photo
from services.tracking import add_information, issue_token
from services.workflow import record

NAME = "Zwaluwina Tremelo"
EMAIL = "z.tremelo@voorbeeld.nl"
PHONE = "06-98765432"
HOUSE = "Erasmusweg 17"
POLICE_TEXT = "Inbraak bij mij, Zwaluwina Tremelo, Erasmusweg 17; kwartelkoning gezien bij de schuur"
SHARED_TEXT = "Losse stoeptegel voor Erasmusweg 17, bel Tremelo op 06-98765432"
ADDITION = "Aanvulling van Tremelo: de kwartelkoning kwam terug"
ANSWER = "Prima geholpen, groet Tremelo"
PLANTED = ("tremelo", "zwaluwina", "98765432", "kwartelkoning", "erasmusweg 17")
OTHER_EMAIL = "buurvrouw@voorbeeld.nl"
BUURT = "BU05184011"


@dataclass
class Planted:
    police_id: int
    police_ref: str
    shared_id: int
    shared_ref: str
    photo_id: int
    other_ref: str


def tiny_jpeg() -> PreparedPhoto:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (0, 114, 178)).save(buffer, "JPEG")
    return PreparedPhoto("image/jpeg", buffer.getvalue(), 8, 6)


def plant_resident(store) -> Planted:
    with transaction(store.sessions) as session:
        police = submit_report(session, IntakeData(
            text=POLICE_TEXT, channel="app", lat=52.04, lon=4.28, address=HOUSE, category_slug="inbraak",
            contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE, wants_feedback=True))
        shared = submit_report(session, IntakeData(
            text=SHARED_TEXT, channel="web", lat=52.04, lon=4.28, address=HOUSE,
            category_slug="onderhoud-stoep-straat-en-fietspad", contact_email=EMAIL.upper(),
            contact_phone="+31 6 98765432", wants_feedback=True))
        other = submit_report(session, IntakeData(
            text="Zwerfvuil bij de speeltuin", channel="web", lat=52.041, lon=4.281,
            category_slug="onderhoud-stoep-straat-en-fietspad", contact_email=OTHER_EMAIL))
        assert police.visibility == "politie" and shared.visibility == "gedeeld"
        photo = attach_photo(session, shared, tiny_jpeg())
        issue_token(session, shared)
        add_information(session, police, ADDITION)
        session.add(FeedbackMessage(report_id=shared.id, kind="tussenbericht", body="Beste heer Tremelo, we komen.",
                                    channel="email", state="wachtrij"))
        session.add(SatisfactionAnswer(report_id=shared.id, satisfied=True, text=ANSWER, answered_at=utcnow()))
        # an incident titled with the first report's words, quoted on the neighbour's timeline
        incident = Incident(title=SHARED_TEXT[:120], organisation_id=shared.organisation_id, visibility="gedeeld")
        session.add(incident)
        session.flush()
        shared.incident_id = other.incident_id = incident.id
        record(session, other, None, "incident", None, incident.id, f"Gekoppeld aan incident: {incident.title}")
        follow(session, BUURT, EMAIL)
        follow(session, BUURT, OTHER_EMAIL)
        return Planted(police.id, police.reference, shared.id, shared.reference, photo.id, other.reference)


def text_hits(store, values=PLANTED) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text-like column of every table that holds a planted value."""
    hits = []
    with store.engine.connect() as conn:
        inspector = inspect(conn)
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                kind = str(column["type"]).upper()
                if not any(word in kind for word in ("CHAR", "TEXT", "CLOB", "TSVECTOR", "BLOB", "BYTEA")) \
                        and kind not in ("", "NULL"):
                    continue
                as_text = (f"lower(encode(\"{column['name']}\", 'escape'))" if "BYTEA" in kind
                           else f"lower(CAST(\"{column['name']}\" AS TEXT))")
                for value in values:
                    found = conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE {as_text} LIKE :v'),
                                         {"v": f"%{value}%"}).scalar()
                    if found:
                        hits.append((table, column["name"], value))
    return hits


def row_counts(store, tables) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: conn.execute(select(func.count()).select_from(text(f'"{t}"'))).scalar() for t in tables}
