"""Typed SQLAlchemy models of the shared store.

Times are stored as naive UTC (the same on SQLite and PostgreSQL) and come back timezone-aware.
Reporter contact details live in their own table so that no report query touches them by accident.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    Boolean, Date, DateTime, FetchedValue, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String,
    Text, TypeDecorator, UniqueConstraint, false, func, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- organisations, areas, taxonomy -------------------------------------------------------

class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)       # politie | gemeente | a partner's code
    name: Mapped[str] = mapped_column(String(120))
    # politie | gemeente | partner, and whether the sharing rules show it the shared reports of every
    # category (then its scope needs no category condition); both follow the region file at every
    # start (migration 0020_partners_sharing)
    kind: Mapped[str] = mapped_column(String(16), default="partner", server_default="partner")
    sees_every_category: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    teams: Mapped[list[Team]] = relationship(back_populates="organisation")


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[Organisation] = relationship(back_populates="teams")


class Area(Base):
    """Stadsdeel, wijk or buurt with its CBS code and (approximate or official) polygon."""
    __tablename__ = "areas"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)       # e.g. WK051840
    kind: Mapped[str] = mapped_column(String(12), index=True)        # stadsdeel | wijk | buurt
    name: Mapped[str] = mapped_column(String(120))
    parent_code: Mapped[str | None] = mapped_column(String(16), index=True)
    geometry: Mapped[str | None] = mapped_column(Text)               # GeoJSON geometry, WGS84
    approximate: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(300), default="")


class Category(Base):
    """Main category (parent_id NULL) or sub category, with routing and afhandeltermijn."""
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    default_urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    default_visibility: Mapped[str] = mapped_column(String(12), default="gedeeld")
    handling_days: Mapped[int | None] = mapped_column(Integer)
    calendar_days: Mapped[bool] = mapped_column(Boolean, default=False)
    handling_hours: Mapped[int | None] = mapped_column(Integer)
    handling_text: Mapped[str] = mapped_column(Text, default="")
    public_text: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(40), default="hnm")
    parent: Mapped[Category | None] = relationship(remote_side="Category.id")

    @property
    def is_main(self) -> bool:
        return self.parent_id is None


class CategorySharing(Base):
    """The region's sharing rule of one category for one organisation (data_access/sharing.py),
    written at every start. A main category's row says `sees` only when the organisation sees
    every one of its sub categories (incidents and alerts carry only the main category)."""
    __tablename__ = "category_sharing"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True)
    handles: Mapped[bool] = mapped_column(Boolean, default=False)
    sees: Mapped[bool] = mapped_column(Boolean, default=False)
    personal_data: Mapped[bool] = mapped_column(Boolean, default=False)


# --- users and access ---------------------------------------------------------------------

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # two-step login (TOTP): the secret encrypted with a key derived from HNM_SECRET_KEY, when it
    # was set up, and the last time step used (a code works once)
    totp_secret: Mapped[str | None] = mapped_column(String(300))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    organisation: Mapped[Organisation] = relationship()
    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    areas: Mapped[list[UserArea]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class UserRole(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class UserArea(Base):
    __tablename__ = "user_areas"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16), primary_key=True)


class UserSession(Base):
    """A login that the server can end: the signed cookie carries a random token, the store only its
    SHA-256. Logout, disabling the user, a new password and the absolute lifetime remove the row,
    and every request looks it up by primary key, so a copied cookie dies on every host at once."""
    __tablename__ = "user_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LoginThrottle(Base):
    """Failed logins per account name (known or not), for the per-account back-off: in the shared
    store, so the count holds across workers and hosts. A successful login removes the row."""
    __tablename__ = "login_throttle"
    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(Base):
    """One-time recovery codes of the two-step login, stored as argon2 hashes."""
    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    # the page or route where it happened (migration 0019_rights_audit_source)
    source: Mapped[str] = mapped_column(String(120), default="", server_default="")


Index("ix_audit_log_action_at", AuditLog.action, AuditLog.at)


# --- reports and what hangs off them -------------------------------------------------------

class Incident(Base):
    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    main_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    visibility: Mapped[str] = mapped_column(String(12), default="gedeeld")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    buurt_code: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default="open")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_status_org", "status", "organisation_id"),
        Index("ix_reports_buurt_time", "buurt_code", "received_at"),
        Index("ix_reports_location", "lat", "lon"),
        Index("ix_reports_visibility_time", "visibility", "received_at"),
        Index("ix_reports_category_time", "main_category_id", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    main_category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(200))
    buurt_code: Mapped[str | None] = mapped_column(String(16))
    wijk_code: Mapped[str | None] = mapped_column(String(16), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(24), default="gemeld")
    visibility: Mapped[str] = mapped_column(String(12), default="gedeeld")   # gedeeld | politie
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the first status event to in_behandeling / to afgehandeld (data_access/stage_times.py,
    # migration 0021_rollups20m_stage_times): Werklast's lead times without reading the timeline
    first_in_behandeling_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_afgehandeld_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # due_at + 2 x (due_at - received_at): from then on "3x te laat". Written by the database (a
    # generated column on PostgreSQL, triggers on SQLite: migration 0015_late_three_x), never by the app.
    late3x_at: Mapped[datetime | None] = mapped_column(UTCDateTime, FetchedValue(), server_onupdate=FetchedValue())
    triage_confidence: Mapped[float | None] = mapped_column(Float)
    needs_triage: Mapped[bool] = mapped_column(Boolean, default=False)
    # the text may describe someone in danger and nobody confirmed it is not happening now: a person
    # checks it first (top of the urgent queue) - migration 0018_triage_safety_check
    safety_check: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source_ref: Mapped[str | None] = mapped_column(String(120), unique=True)  # import / idempotency
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    # when the retention run pseudonymised text and address (services/privacy/retention.py, 0019_privacy_retention)
    text_pseudonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    category: Mapped[Category] = relationship(foreign_keys=[category_id])
    main_category: Mapped[Category] = relationship(foreign_keys=[main_category_id])
    organisation: Mapped[Organisation] = relationship()
    team: Mapped[Team | None] = relationship()
    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", order_by="ReportEvent.at", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class ReportEvent(Base):
    """One entry on a report's timeline: who, when, what changed."""
    __tablename__ = "report_events"
    __table_args__ = (Index("ix_report_events_report_at", "report_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(80), default="systeem")
    kind: Mapped[str] = mapped_column(String(24), index=True)
    from_value: Mapped[str | None] = mapped_column(String(200))
    to_value: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    # the strictest visibility of what the event quotes, its report included (migration
    # 0019_secdata_event_visibility): a shared report's link to a police incident is police-only
    visibility: Mapped[str] = mapped_column(String(12), default="politie")
    report: Mapped[Report] = relationship(back_populates="events")


class ReporterContact(Base):
    """Personal data of the reporter: shown only to the handling organisation, every view audited."""
    __tablename__ = "reporter_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    wants_feedback: Mapped[bool] = mapped_column(Boolean, default=False)
    tracking_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)


class FeedbackMessage(Base):
    """Terugkoppeling to the reporter; goes out through the outbox."""
    __tablename__ = "feedback_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))   # ontvangstbevestiging | tussenbericht | afloopbericht
    body: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(20), default="email")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default="wachtrij", index=True)  # wachtrij | verzonden | mislukt
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class NeighbourhoodMessage(Base):
    """Buurtbericht from police or gemeente to everyone following an area."""
    __tablename__ = "neighbourhood_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(16))   # update | tip | oproep
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class Alert(Base):
    """Vroegsignalering: spike, hotspot or repeat location, explained in one Dutch sentence."""
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))   # piek | hotspot | herhaling
    area_code: Mapped[str | None] = mapped_column(String(16), index=True)   # buurt; wijk for a channel
    main_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    channel: Mapped[str | None] = mapped_column(String(20))                 # a spike of one channel
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    visibility: Mapped[str] = mapped_column(String(12), default="gedeeld")
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime)
    observed: Mapped[int] = mapped_column(Integer)
    expected: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="nieuw", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)



class DetectionBacklog(Base):
    """A stored report that early warning has not checked yet: written in the transaction that
    stores the report, deleted by the check (data_access.detection_backlog)."""
    __tablename__ = "detection_backlog"
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

# --- intake API: API keys, idempotency and the feed review queue ----------------------------

class ApiKey(Base):
    """A client application's key for the Open311 API, the JSON intake and the feed; stored hashed."""
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)     # sha256 hex of the full key
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IntakeRequest(Base):
    """A stored answer to a submission: Idempotency-Key (JSON intake) or token (Open311)."""
    __tablename__ = "intake_requests"
    __table_args__ = (UniqueConstraint("api_key_id", "kind", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    kind: Mapped[str] = mapped_column(String(16))          # idempotency | token
    key: Mapped[str] = mapped_column(String(120))
    body_hash: Mapped[str] = mapped_column(String(64), default="")
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    status_code: Mapped[int] = mapped_column(Integer, default=201)
    response: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeedPost(Base):
    """A post from a neighbourhood app or public social media, waiting for an operator's decision."""
    __tablename__ = "feed_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))                    # buurtapp | social
    source_ref: Mapped[str] = mapped_column(String(160), unique=True)  # "<source>:<external id>"
    source_name: Mapped[str] = mapped_column(String(80), default="")   # e.g. the app's name
    raw_text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location_source: Mapped[str] = mapped_column(String(16), default="")  # geotag | straatnaam
    street: Mapped[str | None] = mapped_column(String(120))
    wijk_code: Mapped[str | None] = mapped_column(String(16), index=True)   # where the post is (scoping)
    proposed_category: Mapped[str | None] = mapped_column(String(80))
    proposed_urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="te_beoordelen", index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- feedback: satisfaction and outbox (issue 4B) ------------------------------------------

class SatisfactionAnswer(Base):
    """The reporter's answer to the questionnaire after closing (via the tracking link)."""
    __tablename__ = "satisfaction_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    satisfied: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class OutboxAttempt(Base):
    """One delivery attempt of a FeedbackMessage: the outbox's log, also the basis for backoff."""
    __tablename__ = "outbox_attempts"
    __table_args__ = (Index("ix_outbox_attempts_message_at", "message_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("feedback_messages.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(20))
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)


# --- early warning: incident grouping proposals (issue 7) ---------------------------------

class IncidentProposal(Base):
    """A proposal to group a new report with an earlier report (and its incident), with reasons.

    Nothing is grouped until an operator confirms; a proposal only ever links reports of the same
    organisation and the same visibility, and carries that visibility for scoping."""
    __tablename__ = "incident_proposals"
    __table_args__ = (Index("ix_incident_proposals_state_created", "state", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    candidate_report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    candidate_incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    visibility: Mapped[str] = mapped_column(String(12))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="voorgesteld")  # voorgesteld | bevestigd | afgewezen
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- live map (issue 3): covering index for map points and 100 m grid cells -------------------
# The map reads only these columns of a time window; with them in one index the points and the
# GROUP BY of the grid are answered from the index alone (migrations 0003_map_indexes, 0011_map_cover_id).
Index("ix_reports_map_cover", Report.received_at, Report.visibility, Report.lat, Report.lon,
      Report.urgent, Report.main_category_id, Report.incident_id, Report.id)
# The wall's open-now tiles (open urgent, over the afhandeltermijn) per area, from the index alone.
Index("ix_reports_open_cover", Report.status, Report.urgent, Report.due_at, Report.visibility,
      Report.wijk_code, Report.buurt_code)


# The feedback figures start from the reporters who want to hear back (a small share of reports).
Index("ix_reporter_contacts_wants_feedback", ReporterContact.wants_feedback, ReporterContact.report_id)
# A privacy officer finds one resident by e-mail address (migration 0019_rights_audit_source).
Index("ix_reporter_contacts_email_lower", func.lower(ReporterContact.email))


# --- timeline and workload (issue 4a): reports per period and the outflow from indexes alone ----
# (migrations 0004_analytics_indexes and 0008_rollups; closed_at is set exactly when a report is
# closed; the open work is a partial index over the open statuses only)
_ANALYTICS = (Report.visibility, Report.main_category_id, Report.urgent, Report.channel, Report.organisation_id,
              Report.team_id, Report.assignee_id, Report.buurt_code, Report.wijk_code)
Index("ix_reports_analytics_cover", Report.received_at, *_ANALYTICS)
Index("ix_reports_closed_work", Report.closed_at, Report.received_at, *_ANALYTICS)
_OPEN_WHERE = text("status IN ('gemeld', 'in_behandeling', 'ingepland', 'reactie_gevraagd', 'doorgezet', 'heropend')")
Index("ix_reports_open_work", Report.received_at, Report.organisation_id, Report.team_id, Report.assignee_id,
      Report.due_at, Report.visibility, Report.wijk_code, Report.buurt_code, Report.main_category_id, Report.urgent,
      Report.channel, Report.category_id, Report.status, Report.late3x_at, postgresql_where=_OPEN_WHERE,
      sqlite_where=_OPEN_WHERE)
# Lead times per stage of the period's reports, from the index alone (0021_rollups20m_stage_times).
Index("ix_reports_stage_times", Report.received_at, Report.first_in_behandeling_at, Report.first_afgehandeld_at,
      Report.visibility, Report.category_id, Report.main_category_id, Report.organisation_id, Report.wijk_code,
      Report.buurt_code, Report.urgent, Report.channel, Report.status)
# ...and in group order, so that the per-organisation/team/person counts stream (0016_open_groups_index).
Index("ix_reports_open_groups", Report.organisation_id, Report.team_id, Report.assignee_id, Report.received_at,
      Report.due_at, Report.late3x_at, Report.visibility, Report.wijk_code, Report.buurt_code,
      Report.main_category_id, Report.urgent, Report.channel, Report.category_id, Report.status,
      postgresql_where=_OPEN_WHERE, sqlite_where=_OPEN_WHERE)


# --- residents' follow-ups (issue 6): "ik zie dit ook", area followers, reach of buurtberichten --

class ResidentConfirmation(Base):
    """"Ik zie dit ook": counts on the incident (or on the report without one); no personal data,
    only a hash of the browser session so that one browser counts once."""
    __tablename__ = "resident_confirmations"
    __table_args__ = (UniqueConstraint("target", "session_hash", name="uq_resident_confirmations_target_session"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(24))   # "incident:<id>" | "report:<id>"
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    session_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AreaFollower(Base):
    """A resident who follows a buurt or wijk by e-mail. Personal data: never shown to staff (counts only).

    Double opt-in: buurtberichten go only to followers whose address is confirmed (confirmed_at);
    unconfirmed ones expire (services.area_followers)."""
    __tablename__ = "area_followers"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16), index=True)
    email: Mapped[str] = mapped_column(String(200))
    unsubscribe_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


Index("ix_area_followers_email_lower", func.lower(AreaFollower.email))


class NeighbourhoodNotification(Base):
    """One buurtbericht to one follower, delivered through the outbox adapters and retried on failure."""
    __tablename__ = "neighbourhood_notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    # None for the mail that asks a new follower to confirm the address (kind "bevestiging")
    message_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood_messages.id", ondelete="CASCADE"),
                                                   index=True)
    follower_id: Mapped[int | None] = mapped_column(ForeignKey("area_followers.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), default="buurtbericht")   # buurtbericht | bevestiging
    channel: Mapped[str] = mapped_column(String(20), default="email")
    state: Mapped[str] = mapped_column(String(16), default="wachtrij", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tried_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class AreaPageView(Base):
    """Views of the public buurt page per area and local day (counted on the server)."""
    __tablename__ = "area_page_views"
    area_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)


class OproepResponse(Base):
    """A report that answers a call for information (buurtbericht of kind "oproep")."""
    __tablename__ = "oproep_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood_messages.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), unique=True)


# --- report photos (residents' intake and tracking link) ----------------------------------------

class ReportPhoto(Base):
    """A resident's photo, re-encoded on upload (no EXIF/GPS); shown only to the handling organisation."""
    __tablename__ = "report_photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


# --- operations (issue 20): scheduled jobs and staff notifications ---------------------------------

class JobState(Base):
    """One job of the job runner (services.jobs): when it runs next, how its last run went, its
    failures. The runner claims a run here before it starts it, so each run happens once however
    many runners there are; beheerder sees these rows on /beheer."""
    __tablename__ = "job_states"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    running_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    running_on: Mapped[str | None] = mapped_column(String(120))
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[str | None] = mapped_column(String(16))       # ok | mislukt | onderbroken
    last_summary: Mapped[str] = mapped_column(Text, default="")
    last_error: Mapped[str | None] = mapped_column(Text)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)          # in a row; sets the back-off
    runs_total: Mapped[int] = mapped_column(Integer, default=0)
    failures_total: Mapped[int] = mapped_column(Integer, default=0)


class JobRunnerBeat(Base):
    """A running job runner (`python app.py` or `flask --app app worker`) and when it was last seen."""
    __tablename__ = "job_runners"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)    # host:pid:random
    host: Mapped[str] = mapped_column(String(120))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    leader: Mapped[bool] = mapped_column(Boolean, default=False)


class StaffNotificationSetting(Base):
    """A staff member's own choice: e-mail me about new urgent reports and/or new alerts that I may
    see, while I am on duty. The address is the staff member's work address."""
    __tablename__ = "staff_notification_settings"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent_reports: Mapped[bool] = mapped_column(Boolean, default=True)
    alerts: Mapped[bool] = mapped_column(Boolean, default=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)   # on duty from (nothing older is sent)


class StaffNotification(Base):
    """One e-mail to one staff member about one urgent report or alert; delivered like the outbox."""
    __tablename__ = "staff_notifications"
    __table_args__ = (UniqueConstraint("user_id", "kind", "object_id", name="uq_staff_notifications_user_kind_object"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))           # spoedmelding | signaal
    object_id: Mapped[int] = mapped_column(Integer)         # the report's or the alert's id
    channel: Mapped[str] = mapped_column(String(20), default="email")
    state: Mapped[str] = mapped_column(String(16), default="wachtrij", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tried_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
