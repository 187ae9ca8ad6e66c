"""The one intake function every channel goes through: validate, triage, store, show live.

The Open311 API, the JSON intake, the chat page, feeds, imports and the demo's live mode all call
`submit_report`; it either stores a complete report (with its first timeline events and the
reporter's contact kept apart) or raises IntakeError and leaves the store unchanged.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from data_access import detection_backlog, feedback_store
from data_access.bulk import insert_rows
from data_access.models import Area, Category, Report, ReportEvent, ReporterContact, utcnow
from data_access.rollup_store import count_new_reports
from data_access.vocabulary import CHANNELS
from services.areas import AreaIndex, Location
from services.early_warning import detect_safely
from services.metrics import count_stored
from services.text_checks import UNSTORABLE_MESSAGE, storable, too_long_message
from services.workflow import due_at_for, event_values

MAX_TEXT = 4000
ADVICE_112 = "Bel direct 112. Is er levensgevaar of gebeurt het nu? Wacht niet op een reactie op deze melding."
FALLBACK_SUB = "overig-overig"
# the other text fields of a submission and the length their columns hold (data_access.models)
FIELD_LIMITS = {"address": 200, "category_slug": 80, "contact_name": 120,
                "contact_email": 200, "contact_phone": 40, "source_ref": 120, "area_code": 16}


class IntakeError(ValueError):
    """Invalid input: `errors` maps each field to a Dutch message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class IntakeData:
    text: str
    channel: str
    lat: float | None = None
    lon: float | None = None
    address: str | None = None
    category_slug: str | None = None     # None: the triage classifier decides
    urgent: bool | None = None           # None: the category's (or classifier's) default
    received_at: datetime | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    wants_feedback: bool = False
    source_ref: str | None = None        # idempotency / import key
    danger_answer: str | None = None     # the chat's "Is er nu iemand in gevaar?": "ja", "nee" or None
    danger: str | None = None            # set by check_safety: "now", "unsure" or "none"
    synthetic: bool = False
    area_code: str | None = None         # for rows without coordinates (imports)
    outside_area: bool = False           # keep a point outside the served area (imports of other cities)
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TriageResult:
    sub_slug: str
    urgent: bool
    confidence: float
    needs_review: bool
    explanation: str = ""
    danger: str = "none"            # "now", "unsure" (a person checks first) or "none"
    urgent_if_safe: bool = False    # the urgency once the resident said nobody is in danger now
    review_reason: str = ""

    @classmethod
    def of(cls, proposal) -> "TriageResult":
        return cls(proposal.sub_slug, proposal.urgent, proposal.confidence, proposal.needs_review,
                   ", ".join(proposal.top_terms), proposal.danger, proposal.urgent_if_safe,
                   proposal.review_reason)

    def detail(self) -> str:
        """The timeline's note: confidence, the words it was based on and why a person must look."""
        note = f"Automatische triage ({self.confidence:.0%}): {self.explanation}"
        return f"{note}. Te beoordelen: {self.review_reason}" if self.review_reason else note


def _default_triage(text: str) -> TriageResult:
    from services.triage import classify   # loaded lazily: the model is read once per process

    return TriageResult.of(classify(text))


def _danger(data: IntakeData, result: TriageResult | None) -> str:
    """How much danger the text describes: the classification's, else check_safety's, else the
    cheap safety net's (a client that names a category skips the classifier, not the net). A
    caller that set the urgency itself without check_safety (imports of history, the demo's
    replay) is taken at its word."""
    if result is not None:
        return result.danger
    if data.danger is None and data.urgent is not None:
        return "none"
    if data.danger is None:
        from services.triage.safety import assess

        data.danger = assess(data.text or "").danger
    return data.danger


def validate(data: IntakeData, index: AreaIndex) -> tuple[dict[str, str], Location | None]:
    """The field errors (Dutch messages), and the buurt and wijk of the point (None without a
    point or outside the served area)."""
    errors: dict[str, str] = {}
    location = None
    text = (data.text or "").strip()
    if not text:
        errors["text"] = "Beschrijf wat er aan de hand is."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"De beschrijving is te lang (maximaal {MAX_TEXT} tekens)."
    elif not storable(text):
        errors["text"] = UNSTORABLE_MESSAGE
    if data.channel not in CHANNELS:
        errors["channel"] = f"Onbekend kanaal: {data.channel!r}."
    if data.lat is None and data.lon is None:
        if not data.area_code:
            errors["location"] = "Geef een locatie op."
    else:
        try:
            lat, lon = float(data.lat), float(data.lon)
            if not (math.isfinite(lat) and math.isfinite(lon)):
                raise ValueError
        except (TypeError, ValueError):
            errors["location"] = "De coördinaten zijn geen geldige getallen."
        else:
            location = index.locate(lat, lon)
            if location is None and not data.outside_area:
                errors["location"] = "Deze locatie ligt buiten het werkgebied."
    for name, limit in FIELD_LIMITS.items():
        value = getattr(data, name)
        if value is None or name in errors:
            continue
        if not isinstance(value, str) or not storable(value):
            errors[name] = UNSTORABLE_MESSAGE
        elif len(value) > limit:
            errors[name] = too_long_message(limit)
    if data.contact_email and "@" not in data.contact_email:
        errors["contact_email"] = "Dit is geen geldig e-mailadres."
    return errors, location


AreaCodes = Callable[[str | None], tuple[str | None, str | None]]


def _codes(code: str, kind: str, parent: str | None) -> tuple[str | None, str | None]:
    return (code, parent) if kind == "buurt" else (None, code)


def _area_codes(session: Session, code: str | None) -> tuple[str | None, str | None]:
    """(buurt, wijk) for a report that has an area but no point."""
    area = session.scalar(select(Area).where(Area.code == code)) if code else None
    return (None, None) if area is None else _codes(area.code, area.kind, area.parent_code)


def area_codes_of(session: Session) -> AreaCodes:
    """_area_codes from one read of all areas, for a batch of reports without a point (an import)."""
    known = {code: _codes(code, kind, parent)
             for code, kind, parent in session.execute(select(Area.code, Area.kind, Area.parent_code))}
    return lambda code: known.get(code, (None, None)) if code else (None, None)


CATEGORY_CACHE = "hnm_sub_categories"


def _cached(session: Session, slug: str) -> Category | None:
    # Only objects still in the session are reused (a rollback, close or expunge may have let them go).
    category = session.info.setdefault(CATEGORY_CACHE, {}).get(slug)
    return category if category is not None and category in session else None


def load_sub_categories(session: Session, slugs) -> None:
    """Read the active sub categories with these slugs into the session's cache with one SELECT:
    a group-commit batch does this first, so that its reports' categories cost one round trip."""
    wanted = {slug for slug in slugs if slug and _cached(session, slug) is None}
    if wanted:
        known = session.info[CATEGORY_CACHE]
        for category in session.scalars(select(Category).where(
                Category.slug.in_(wanted), Category.parent_id.is_not(None), Category.active.is_(True))):
            known[category.slug] = category


def active_sub_category(session: Session, slug: str) -> Category | None:
    """The active sub category with this slug, read once per session (see load_sub_categories)."""
    load_sub_categories(session, [slug])
    return _cached(session, slug)


def sub_category_for(session: Session, slug: str) -> Category:
    """The sub category for a proposed slug; a main category's slug gives its 'overig' sub, and
    an unknown slug the catch-all, so that a classifier's proposal always lands somewhere. An
    active sub category comes from the session's cache (a batch reads its proposals together)."""
    category = active_sub_category(session, slug) or session.scalar(select(Category).where(Category.slug == slug))
    if category is not None and category.parent_id is None:
        subs = session.scalars(select(Category).where(Category.parent_id == category.id)
                               .order_by(Category.slug)).all()
        category = next((c for c in subs if c.slug.startswith("overig")), subs[0] if subs else None)
    return category or session.scalar(select(Category).where(Category.slug == FALLBACK_SUB))


@dataclass
class PreparedReport:
    """A checked report not yet written: its `reports` row (plain values; `store_reports` fills in
    id and reference), its category (for answers) and what its timeline and contact need."""
    values: dict
    category: Category
    data: IntakeData
    triage: TriageResult | None

    @property
    def id(self) -> int | None:
        return self.values.get("id")

    @property
    def reference(self) -> str:
        return self.values["reference"]


def prepare_report(session: Session, data: IntakeData, *, index: AreaIndex | None = None,
                   triage=_default_triage, area_codes: AreaCodes | None = None) -> PreparedReport:
    """Check and triage one report; `store_reports` writes it. Raises IntakeError when the input
    is refused. Adds nothing to the session: a batch's rows are inserted together, without the
    ORM's per-object work. `area_codes` (area_codes_of) saves a batch a query per report."""
    index = index or AreaIndex.from_session(session)
    errors, location = validate(data, index)
    category = None
    if data.category_slug:
        category = active_sub_category(session, data.category_slug)
        if category is None:
            errors["category"] = f"Onbekende categorie: {data.category_slug!r}."
    if errors:
        raise IntakeError(errors)

    received_at = data.received_at or utcnow()
    result = None
    if category is None:
        result = triage(data.text.strip())
        category = sub_category_for(session, result.sub_slug)
    answered_safe = data.danger_answer == "nee"
    if data.urgent is not None:
        urgent = bool(data.urgent)
    elif result is not None:
        urgent = result.urgent_if_safe if answered_safe else result.urgent
    else:
        urgent = category.default_urgent
    danger = _danger(data, result)
    # someone may be in danger and nobody said it is not happening now: urgent, and a person checks
    # it first (top of the urgent queue); a danger now is urgent whatever the client sent
    safety_check = danger == "unsure" and not answered_safe
    urgent = bool(urgent or safety_check or danger == "now")
    buurt_code, wijk_code = ((location.buurt_code, location.wijk_code) if location
                             else (area_codes or (lambda code: _area_codes(session, code)))(data.area_code))
    values = {
        "reference": None, "received_at": received_at, "updated_at": received_at,   # reference: see store_reports
        "channel": data.channel, "text": data.text.strip(), "category_id": category.id,
        "main_category_id": category.parent_id, "urgent": urgent,
        "lat": None if data.lat is None else float(data.lat),
        "lon": None if data.lon is None else float(data.lon),
        "address": data.address, "buurt_code": buurt_code, "wijk_code": wijk_code,
        "organisation_id": category.organisation_id, "team_id": category.team_id,
        "status": "gemeld", "visibility": category.default_visibility,
        "due_at": due_at_for(category, received_at, urgent), "closed_at": None,
        "triage_confidence": result.confidence if result else None,
        "needs_triage": bool(result and result.needs_review), "safety_check": safety_check,
        "source_ref": data.source_ref, "synthetic": data.synthetic, "version": 1}
    return PreparedReport(values, category, data, result)


REPORTS = Report.__table__
REFERENCE_UPDATE = (REPORTS.update().where(REPORTS.c.id == bindparam("report_id"))
                    .values(reference=bindparam("new_reference")))
IDS_BY_REFERENCE = (select(REPORTS.c.reference, REPORTS.c.id)
                    .where(REPORTS.c.reference.in_(bindparam("references", expanding=True))))
NEW_IDS = text("SELECT nextval(pg_get_serial_sequence('reports', 'id')) FROM generate_series(1, :count)")
SQLITE_CHUNK = 900            # below SQLite's oldest limit of 999 parameters per statement


def _insert_reports(connection, rows: list[dict]) -> None:
    """One bulk INSERT for all rows, with their final ids and references (derived from the id).
    PostgreSQL hands out the ids first (from the table's sequence), then takes the rows by COPY;
    on SQLite the rows go in with unique placeholder references, by which one SELECT finds their
    ids and one executemany UPDATE then replaces them (INSERT ... RETURNING in parameter order
    would run row by row there)."""
    if connection.dialect.name == "postgresql":
        for row, report_id in zip(rows, connection.execute(NEW_IDS, {"count": len(rows)}).scalars()):
            row.update(id=report_id, reference=f"HNM-{report_id:07d}")
        insert_rows(connection, REPORTS, rows)
        return
    for row in rows:
        row["reference"] = f"nieuw-{uuid.uuid4().hex[:16]}"
    connection.execute(REPORTS.insert(), rows)
    ids = {}
    for start in range(0, len(rows), SQLITE_CHUNK):
        references = [row["reference"] for row in rows[start:start + SQLITE_CHUNK]]
        ids.update(connection.execute(IDS_BY_REFERENCE, {"references": references}).all())
    for row in rows:
        report_id = ids[row["reference"]]
        row.update(id=report_id, reference=f"HNM-{report_id:07d}")
    connection.execute(REFERENCE_UPDATE, [{"report_id": row["id"], "new_reference": row["reference"]}
                                          for row in rows])


def store_reports(session: Session, prepared: list[PreparedReport], detect: bool = True) -> None:
    """Write prepared reports in the session's transaction with Core executemany statements: the
    reports (one INSERT), their first timeline events, the reporters' contacts, the roll-ups'
    and feedback facts' share of them (the ORM's flush listeners never see these rows) and, with
    `detect`, their place in the detection backlog (so that early warning never misses one)."""
    if not prepared:
        return
    connection = session.connection()
    rows = [item.values for item in prepared]
    _insert_reports(connection, rows)
    events, contacts = [], []
    for item, row in zip(prepared, rows):
        data, result = item.data, item.triage
        events.append({"report_id": row["id"], **event_values(
            None, "ontvangen", to_value=data.channel, detail=f"Ontvangen via {CHANNELS[data.channel]}",
            at=row["received_at"], visibility=row["visibility"])})
        if result is not None:
            events.append({"report_id": row["id"], **event_values(
                None, "triage", to_value=item.category.slug,
                detail=result.detail(),
                at=row["received_at"], visibility=row["visibility"])})
        if data.contact_name or data.contact_email or data.contact_phone:
            contacts.append({"report_id": row["id"], "name": data.contact_name, "email": data.contact_email,
                             "phone": data.contact_phone, "wants_feedback": data.wants_feedback})
    insert_rows(connection, ReportEvent.__table__, events)
    if contacts:
        connection.execute(ReporterContact.__table__.insert(), contacts)
    count_new_reports(connection, rows)
    wanting = [contact["report_id"] for contact in contacts if contact["wants_feedback"]]
    if wanting:
        feedback_store.refresh(connection, wanting, new=True)
    if detect:
        detection_backlog.add(connection, [row["id"] for row in rows])
    count_stored(rows)


def submit_report(session: Session, data: IntakeData, *, index: AreaIndex | None = None,
                  triage=_default_triage, detect: bool | Literal["later"] = True) -> Report:
    """Store one report. `detect=True` runs early warning now; "later" leaves the report in the
    detection backlog for the caller to hand to the detection queue after its commit; False
    skips early warning (history that is replayed in bulk)."""
    prepared = prepare_report(session, data, index=index, triage=triage)
    store_reports(session, [prepared], detect=bool(detect))
    report = session.get(Report, prepared.id)
    if detect is True:
        detect_safely(session, report)  # an error there never loses the report: it stays in the backlog
    return report


@dataclass(frozen=True)
class SafetyCheck:
    life: bool                       # life-threatening text: urgent, and the answer advises 112
    unsure: bool = False             # maybe someone in danger: the report goes on top for a person
    triage: Callable[[str], TriageResult] | None = None   # the classification it made, for reuse
    proposed_slug: str | None = None                      # that classification's sub category


def check_safety(data: IntakeData) -> SafetyCheck:
    """Read the text for danger before it is stored; a life-threatening text makes the report
    urgent. With a category given only the cheap safety rules run, otherwise the full classifier,
    once: its proposal is handed on as the report's triage. Needs no database session."""
    from services.triage import classify
    from services.triage.safety import UNSURE, assess

    text = (data.text or "").strip()
    if data.category_slug or not text:
        check = assess(text)
        data.danger = check.danger
        safety = SafetyCheck(check.life, check.danger == UNSURE and data.danger_answer != "nee")
    else:
        proposal = classify(text)
        result = TriageResult.of(proposal)
        data.danger = proposal.danger
        safety = SafetyCheck(bool(proposal.life_threatening),
                             proposal.danger == UNSURE and data.danger_answer != "nee",
                             lambda _text: result, proposal.sub_slug)
    if safety.life:
        data.urgent = True
    return safety


def triage_options(safety: SafetyCheck) -> dict:
    """prepare_report's keyword arguments for a checked report."""
    return {"triage": safety.triage} if safety.triage else {}


def submit_with_safety_check(session: Session, data: IntakeData, index: AreaIndex | None = None,
                             detect: bool | Literal["later"] = True) -> tuple[Report, bool]:
    """Store the report after `check_safety`; returns it and whether the text is life-threatening."""
    safety = check_safety(data)
    return submit_report(session, data, index=index, detect=detect, **triage_options(safety)), safety.life
