"""The SYNTHETIC demo scenario of Wateringse Veld: weeks of made-up reports, workflow and feedback.

Everything this module writes is synthetic (reports and neighbourhood messages carry
synthetic=True; reporters are "<Voornaam> Voorbeeld" at voorbeeld.nl). It describes no real
person and no real event. The generator is deterministic: the same `seed` and `now` give the same
scenario (it uses its own `random.Random(seed)`, never the global random state).

What it makes, ending at `now`:
- background reports with a daily rhythm (quiet at night, peaks late afternoon and evening) and a
  weekly one (more overlast on Friday and Saturday evenings), over every channel except "import";
- a workflow history per report through services.workflow.change_status (pick-up, planning,
  questions, closing, a few cancelled or reopened ones, recent ones still open, some overdue);
- incidents that several residents report (a car fire, fireworks, a fallen tree...);
- feedback messages to reporters in every outbox state, plus reports that are still owed one;
- buurtberichten, and planted patterns for early warning (`DemoSummary.planted`).

Every report goes through services.intake.submit_report, like any other channel.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import shapely
from shapely.geometry import shape
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from auth.users import ensure_demo_accounts, principal_for
from data_access.models import (
    Alert, Area, Category, FeedbackMessage, Incident, NeighbourhoodMessage, Organisation, Report,
    ReportEvent, ReporterContact, Team, User,
)
from data_access.reference_data import seed_reference_data
from data_access.rollup_store import rebuild_in
from data_access.vocabulary import LOCAL_TZ
from services import demo_texts as T
from services.areas import AreaIndex
from services.intake import IntakeData, submit_report
from services.triage.demo_history import replay_triage
from services.workflow import change_status, record

UTC = timezone.utc
REPORTS_PER_WEEK = 265          # background volume; planted patterns and incidents come on top


# --- result types ---------------------------------------------------------------------------

@dataclass
class PlantedEvent:
    """A pattern the early-warning service should find: where, when, what and how many."""
    kind: str                   # piek | herhaling | hotspot
    buurt_code: str
    main_category_slug: str
    start: datetime
    end: datetime
    n_reports: int
    description: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass
class DemoSummary:
    reports: int = 0
    urgent: int = 0
    police_only: int = 0
    shared: int = 0
    contacts: int = 0
    wants_feedback: int = 0
    incidents: int = 0
    incident_reports: int = 0
    feedback_messages: int = 0
    feedback_by_state: dict[str, int] = field(default_factory=dict)
    feedback_by_kind: dict[str, int] = field(default_factory=dict)
    feedback_owed: int = 0
    neighbourhood_messages: int = 0
    per_channel: dict[str, int] = field(default_factory=dict)
    per_status: dict[str, int] = field(default_factory=dict)
    reopened: int = 0
    cancelled: int = 0
    overdue_open: int = 0
    planted: list[PlantedEvent] = field(default_factory=list)
    # The composer's chronic spots (buurt, lat, lon, street, spot): places that the background
    # reports again and again by design, so a repeat-location alert there is a true one.
    chronic_spots: list[tuple[str, float, float, str, str]] = field(default_factory=list)
    first_texts: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --- the shared report composer (history, live mode and bench) --------------------------------

class ReportComposer:
    """Draws realistic synthetic reports: time-dependent category, text, place, channel, reporter."""

    def __init__(self, rng: random.Random, buurten: dict[str, dict]):
        self.rng = rng
        self.buurt_codes = [c for c in T.BUURT_WEIGHTS if c in buurten] or sorted(buurten)
        self.buurt_cum = _cum([T.BUURT_WEIGHTS.get(c, 1.0) for c in self.buurt_codes])
        self.polygons = {c: shape(buurten[c]) for c in self.buurt_codes}
        for polygon in self.polygons.values():
            shapely.prepare(polygon)
        self.slugs = list(T.CATEGORY_MIX)
        self._cat_cum = {(wd, h): _cum([w * T.profile_factor(p, h, wd)
                                        for w, p, _ in T.CATEGORY_MIX.values()])
                         for wd in range(7) for h in range(24)}
        self.channels = list(T.CHANNEL_WEIGHTS)
        self.channel_cum = _cum(list(T.CHANNEL_WEIGHTS.values()))
        self.hotspots = [self._hotspot() for _ in range(24)]

    @classmethod
    def from_session(cls, session: Session, rng: random.Random) -> "ReportComposer":
        rows = session.execute(select(Area.code, Area.geometry).where(
            Area.kind == "buurt", Area.geometry.is_not(None)).order_by(Area.code))
        return cls(rng, {code: json.loads(geometry) for code, geometry in rows})

    # picks
    def category_for(self, local: datetime) -> str:
        return self.rng.choices(self.slugs, cum_weights=self._cat_cum[(local.weekday(), local.hour)])[0]

    def urgent_for(self, slug: str) -> bool:
        share = T.CATEGORY_MIX.get(slug, (0, "", 0.0))[2]
        return share > 0 and self.rng.random() < share

    def channel(self) -> str:
        return self.rng.choices(self.channels, cum_weights=self.channel_cum)[0]

    def buurt(self) -> str:
        return self.rng.choices(self.buurt_codes, cum_weights=self.buurt_cum)[0]

    def point_in(self, buurt: str, near: tuple[float, float] | None = None,
                 radius: float = 0.0) -> tuple[float, float]:
        """(lat, lon) strictly inside the buurt, optionally within `radius` degrees of `near`."""
        polygon = self.polygons[buurt]
        min_x, min_y, max_x, max_y = polygon.bounds
        for _ in range(200):
            if near is None:
                lon, lat = self.rng.uniform(min_x, max_x), self.rng.uniform(min_y, max_y)
            else:
                lat = near[0] + self.rng.uniform(-radius, radius)
                lon = near[1] + self.rng.uniform(-radius, radius)
            if shapely.contains_xy(polygon, lon, lat) and polygon.exterior.distance(
                    shapely.Point(lon, lat)) > 1e-5:
                return round(lat, 6), round(lon, 6)
        centre = polygon.representative_point()
        return round(centre.y, 6), round(centre.x, 6)

    def _hotspot(self) -> tuple[str, tuple[float, float], str, str]:
        buurt = self.buurt()
        return (buurt, self.point_in(buurt), self.rng.choice(T.STREETS.get(buurt, ["de straat"])),
                self.rng.choice(T.SPOTS))

    def text(self, slug: str, street: str, spot: str, local: datetime) -> str:
        template = self.rng.choice(T.TEXTS.get(slug) or T.TEXTS["overig-openbare-ruimte"])
        body = template.format(straat=street, plek=spot, tijd=f"{local:%H.%M} uur",
                               aantal=self.rng.randint(2, 6))
        if street.endswith(T.NEUTER_STREET_ENDINGS):
            body = body.replace(f"de {street}", f"het {street}")
        opener = self.rng.choice(T.OPENERS)
        if opener.endswith(", ") and body[:2] != "Ik":
            body = body[0].lower() + body[1:]
        return (opener + body + self.rng.choice(T.CLOSERS)).strip()

    def draft(self, received_at: datetime, slug: str | None = None, *, buurt: str | None = None,
              point: tuple[float, float] | None = None, street: str | None = None,
              spot: str | None = None, urgent: bool | None = None, channel: str | None = None,
              contact_share: float = 0.6, hotspot_share: float = 0.12) -> IntakeData:
        """One synthetic report, ready for submit_report."""
        rng = self.rng
        local = received_at.astimezone(LOCAL_TZ)
        slug = slug or self.category_for(local)
        if buurt is None and point is None and rng.random() < hotspot_share:
            buurt, near, street, spot = rng.choice(self.hotspots)
            point = self.point_in(buurt, near, 0.00004)
        buurt = buurt or self.buurt()
        point = point or self.point_in(buurt)
        street = street or rng.choice(T.STREETS.get(buurt, ["de straat"]))
        spot = spot or rng.choice(T.SPOTS)
        channel = channel or self.channel()
        name = email = phone = None
        wants = False
        if rng.random() < (0.9 if channel == "telefoon" else contact_share):
            first = rng.choice(T.FIRST_NAMES)
            name = f"{first} {T.FAKE_SURNAME}"
            if channel == "telefoon" or rng.random() < 0.35:
                phone = f"06-0000{rng.randint(0, 9999):04d}"
            if channel != "telefoon" or rng.random() < 0.4:
                email = f"{first.lower()}.{rng.randint(100, 99999)}@{T.FAKE_DOMAIN}"
            wants = rng.random() < 0.82
        number = rng.randint(1, 240)
        return IntakeData(
            text=self.text(slug, street, spot, local), channel=channel, lat=point[0], lon=point[1],
            address=f"{street} {number}, Den Haag", category_slug=slug,
            urgent=self.urgent_for(slug) if urgent is None else urgent, received_at=received_at,
            contact_name=name, contact_email=email, contact_phone=phone, wants_feedback=wants,
            synthetic=True)


def _cum(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


# --- staff ----------------------------------------------------------------------------------

class Staff:
    """Principals of the demo accounts, by the team that handles a report."""

    BY_TEAM = {("politie", "noodhulp"): "meldkamer", ("politie", "meldkamer"): "meldkamer",
               ("politie", "wijkteam"): "wijkagent", ("gemeente", "handhaving"): "handhaving"}
    DEFAULT = {"politie": "meldkamer", "gemeente": "gemeente"}

    def __init__(self, session: Session):
        ensure_demo_accounts(session)
        users = session.scalars(select(User).where(User.username.in_(
            ["meldkamer", "wijkagent", "handhaving", "gemeente"]))).all()
        self.principals: dict[str, Principal] = {u.username: principal_for(u) for u in users}
        self.team_codes = {t.id: (t.organisation.code, t.code) for t in session.scalars(select(Team))}
        self.org_codes = {o.id: o.code for o in session.scalars(select(Organisation))}

    def for_report(self, report: Report) -> Principal:
        org = self.org_codes[report.organisation_id]
        key = self.team_codes.get(report.team_id) if report.team_id else None
        return self.principals[self.BY_TEAM.get(key, self.DEFAULT[org])]


# --- workflow planning ----------------------------------------------------------------------

@dataclass
class _Action:
    at: datetime
    order: int                     # tie-breaker: status before feedback at the same moment
    kind: str                      # status | feedback | incident
    status: str = ""
    note: str = ""
    feedback_kind: str = ""


def _minutes(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(minutes=rng.uniform(low, high))


def _next_working_time(at: datetime) -> datetime:
    local = at.astimezone(LOCAL_TZ)
    while local.weekday() >= 5 or not 7 <= local.hour < 17:
        local = (local + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return max(at, local.astimezone(UTC))


def plan_workflow(rng: random.Random, report: Report, team: tuple[str, str] | None,
                  main_slug: str, pickup: datetime | None = None,
                  close: datetime | None = None) -> tuple[list[_Action], datetime | None]:
    """Status steps for one report (some may lie after `now`) and the time it is finally closed."""
    received, due = report.received_at, report.due_at
    team_code = team[1] if team else ""
    if pickup is None:
        if report.urgent:
            pickup = received + _minutes(rng, 2, 12)
        elif team_code in ("wijkteam", "noodhulp"):
            pickup = received + _minutes(rng, 20, 12 * 60)
        elif team_code == "handhaving":
            pickup = received + _minutes(rng, 10, 8 * 60)
        else:
            pickup = _next_working_time(received + _minutes(rng, 30, 6 * 60)) + _minutes(rng, 0, 20 * 60)
    steps: list[_Action] = []
    roll = rng.random()
    if roll < 0.025:                                   # cancelled (duplicate, withdrawn)
        steps.append(_Action(pickup, 0, "status", "geannuleerd", rng.choice(T.CANCEL_NOTES)))
        return steps, pickup
    steps.append(_Action(pickup, 0, "status", "in_behandeling", "Opgepakt."))
    if close is None:
        if roll < 0.055:                               # stuck: overdue backlog
            return steps, None
        span = (due - received) if due else timedelta(days=3)
        factor = rng.uniform(0.1, 0.9) if rng.random() < 0.8 else rng.uniform(1.05, 2.2)
        if report.urgent:
            span, factor = timedelta(hours=1), rng.uniform(0.4, 3.0)
        close = max(pickup + _minutes(rng, 10, 60), received + span * factor)
    middle = pickup
    if team_code in ("stadsbeheer", "dieren", "water") and rng.random() < 0.4:
        middle = pickup + (close - pickup) * rng.uniform(0.1, 0.4)
        steps.append(_Action(middle, 0, "status", "ingepland", rng.choice(T.PLANNED_NOTES)))
    elif rng.random() < 0.08:
        middle = pickup + (close - pickup) * rng.uniform(0.05, 0.3)
        back = middle + (close - middle) * rng.uniform(0.2, 0.6)
        steps.append(_Action(middle, 0, "status", "reactie_gevraagd", rng.choice(T.QUESTION_NOTES)))
        steps.append(_Action(back, 0, "status", "in_behandeling", "Reactie ontvangen."))
    elif rng.random() < 0.02:
        middle = pickup + (close - pickup) * rng.uniform(0.05, 0.3)
        back = middle + (close - middle) * rng.uniform(0.2, 0.6)
        steps.append(_Action(middle, 0, "status", "doorgezet", rng.choice(T.FORWARD_NOTES)))
        steps.append(_Action(back, 0, "status", "in_behandeling", "Weer opgepakt."))
    steps.append(_Action(close, 0, "status", "afgehandeld",
                         rng.choice(T.CLOSING_NOTES.get(main_slug, T.CLOSING_NOTES["overig"]))))
    final = close
    if rng.random() < 0.035:                           # reopened, then closed again
        reopen = close + _minutes(rng, 6 * 60, 72 * 60)
        again = reopen + _minutes(rng, 60, 24 * 60)
        final = again + _minutes(rng, 4 * 60, 72 * 60)
        steps += [_Action(reopen, 0, "status", "heropend", rng.choice(T.REOPEN_NOTES)),
                  _Action(again, 0, "status", "in_behandeling", "Opnieuw opgepakt."),
                  _Action(final, 0, "status", "afgehandeld",
                          rng.choice(T.CLOSING_NOTES.get(main_slug, T.CLOSING_NOTES["overig"])))]
    return steps, final


def plan_feedback(rng: random.Random, report: Report, final_close: datetime | None,
                  now: datetime) -> tuple[list[_Action], bool]:
    """Feedback messages for a reporter who wants them; returns (actions, owed afloopbericht)."""
    received = report.received_at
    actions = [_Action(received + _minutes(rng, 0.3, 3), 1, "feedback",
                       feedback_kind="ontvangstbevestiging")]
    closed_at = final_close if final_close is not None and final_close <= now else None
    long_running = (closed_at or now) - received > timedelta(days=5)
    if long_running:
        actions.append(_Action(received + timedelta(days=5) + _minutes(rng, 0, 24 * 60), 1, "feedback",
                               feedback_kind="tussenbericht"))
    owed = False
    if closed_at is not None:
        if rng.random() < 0.07:
            owed = True
        else:
            actions.append(_Action(closed_at + _minutes(rng, 1, 40), 1, "feedback",
                                   feedback_kind="afloopbericht"))
    return [a for a in actions if a.at <= now and (closed_at is None or a.feedback_kind == "afloopbericht"
                                                   or a.at <= closed_at)], owed


def feedback_body(kind: str, report: Report, category: Category, note: str) -> str:
    if kind == "ontvangstbevestiging":
        return (f"Bedankt voor uw melding {report.reference} ({category.name}). "
                f"{category.handling_text or 'Wij nemen uw melding zo snel mogelijk in behandeling.'}")
    if kind == "tussenbericht":
        return (f"Uw melding {report.reference} is nog in behandeling. Het duurt langer dan we "
                "hadden gehoopt; we houden u op de hoogte.")
    return f"Uw melding {report.reference} is afgehandeld. {note} Bedankt voor het melden."


# --- the scenario -----------------------------------------------------------------------------

@dataclass
class _Planned:
    received_at: datetime
    data: IntakeData
    incident: int | None = None        # index into the incident specs
    tag: str = ""


# (days ago, local hh:mm, buurt, sub slug, reports, spread minutes, close after hours (None: open),
#  street, spot, title)
INCIDENTS = [
    (36, "16:10", "BU05184011", "put-riolering-verstopt", 6, 110, 40, "Erasmusweg", "bij de brug",
     "Wateroverlast na hoosbui, Erasmusweg"),
    (24, "07:25", "BU05184014", "boom", 7, 170, 30, "Laan van Wateringse Veld", "op het fietspad",
     "Omgewaaide boom na storm, Laan van Wateringse Veld"),
    (17, "21:05", "BU05184012", "overlast-door-afsteken-vuurwerk", 16, 150, 3, "Hoge Veld-plein",
     "bij het winkelcentrum", "Vuurwerkoverlast rond het Hoge Veld-plein"),
    (10, "23:40", "BU05184013", "brand", 9, 35, 2.5, "Lozerlaan", "op het parkeerterrein",
     "Autobrand op parkeerterrein Lozerlaan"),
    (5, "22:10", "BU05184012", "geweld-bedreiging", 4, 20, 3, "Hoge Veld-plein", "bij de supermarkt",
     "Vechtpartij bij winkelcentrum Hoge Veld-plein"),
    (2, "18:30", "BU05184015", "straatverlichting-openbare-klok", 5, 240, None, "Wateringseweg",
     "op het fietspad", "Straatverlichting uitgevallen, Wateringseweg"),
]


DETECTION_HISTORY = timedelta(days=7)


def generate_demo(session: Session, now: datetime, seed: int = 40, weeks: int = 8,
                  progress=None) -> DemoSummary:
    """Fill the store with the synthetic scenario ending at `now`; the caller commits."""
    started = time.perf_counter()
    now = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
    rng = random.Random(seed)
    seed_reference_data(session)
    staff = Staff(session)
    index = AreaIndex.from_session(session)
    composer = ReportComposer.from_session(session, rng)
    categories = {c.slug: c for c in session.scalars(select(Category))}
    by_id = {c.id: c for c in categories.values()}
    start = now - timedelta(weeks=weeks)
    summary = DemoSummary()

    planned = _background(composer, rng, start, now, weeks)
    incident_specs = [spec for spec in INCIDENTS if _local_at(now, spec[0], spec[1]) > start]
    incident_times: list[tuple[datetime, datetime | None]] = []
    for i, (days, hhmm, buurt, slug, n, spread, close_h, street, spot, _title) in enumerate(incident_specs):
        first = _local_at(now, days, hhmm)
        centre = composer.point_in(buurt)
        close = first + timedelta(hours=close_h) if close_h is not None else None
        incident_times.append((first, close))
        offsets = sorted(rng.uniform(0, spread) for _ in range(n))
        for off in offsets:
            at = first + timedelta(minutes=off)
            if at <= now:
                planned.append(_Planned(at, composer.draft(
                    at, slug, buurt=buurt, point=composer.point_in(buurt, centre, 0.0007),
                    street=street, spot=spot, urgent=categories[slug].default_urgent), i))
    planted_specs = _planted(composer, rng, now, start, planned)

    planned.sort(key=lambda p: p.received_at)
    total = len(planned)
    incidents: dict[int, Incident] = {}
    channel_counter: Counter = Counter()
    feedback_states: Counter = Counter()
    feedback_kinds: Counter = Counter()
    detect_from = now - DETECTION_HISTORY
    for done, item in enumerate(planned, 1):
        # Early warning replays only the last week: older alerts would be history anyway, and
        # running it for every report of eight weeks makes the first start slow.
        report = submit_report(session, item.data, index=index,
                               detect=item.received_at >= detect_from)
        category = by_id[report.category_id]
        main_slug = by_id[report.main_category_id].slug
        team = staff.team_codes.get(report.team_id)
        principal = staff.for_report(report)
        if len(summary.first_texts) < 20:
            summary.first_texts.append(report.text)
        summary.reports += 1
        summary.urgent += report.urgent
        summary.police_only += report.visibility == "politie"
        summary.shared += report.visibility == "gedeeld"
        channel_counter[report.channel] += 1
        if item.data.contact_name or item.data.contact_email or item.data.contact_phone:
            summary.contacts += 1

        actions: list[_Action] = []
        if item.incident is not None:
            spec = incident_specs[item.incident]
            first, close = incident_times[item.incident]
            if item.incident not in incidents:
                incidents[item.incident] = _make_incident(session, spec, report, close, now)
            incident = incidents[item.incident]
            report.incident_id = incident.id
            link_at = max(report.received_at + _minutes(rng, 1, 8), first + timedelta(minutes=15))
            actions.append(_Action(link_at, 2, "incident", note=incident.title))
            pickup = max(report.received_at + _minutes(rng, 1, 5), first + _minutes(rng, 3, 10))
            final_close = max(close, pickup + _minutes(rng, 5, 20)) if close else None
            steps = [_Action(pickup, 0, "status", "in_behandeling", "Opgepakt als onderdeel van een incident.")]
            if final_close:
                steps.append(_Action(final_close, 0, "status", "afgehandeld",
                                     rng.choice(T.CLOSING_NOTES.get(main_slug, T.CLOSING_NOTES["overig"]))))
        else:
            steps, final_close = plan_workflow(rng, report, team, main_slug)
        actions += steps
        close_note = next((a.note for a in reversed(steps) if a.status == "afgehandeld"), "")
        cancelled = any(a.status == "geannuleerd" for a in steps)
        if item.data.wants_feedback and not cancelled:
            summary.wants_feedback += 1
            feedback, owed = plan_feedback(rng, report, final_close, now)
            actions += feedback
            summary.feedback_owed += owed
        actions = sorted((a for a in actions if a.at <= now), key=lambda a: (a.at, a.order))

        for action in actions:
            if action.kind == "status":
                if action.status == "in_behandeling" and report.assignee_id is None:
                    report.assignee_id = principal.user_id
                session.flush()          # pending changes bump the version: read it afterwards
                change_status(session, principal, report.id, report.version, action.status,
                              action.note, at=action.at)
                summary.reopened += action.status == "heropend"
                summary.cancelled += action.status == "geannuleerd"
            elif action.kind == "incident":
                record(session, report, principal, "incident", to_value=report.incident_id,
                       detail=f"Gekoppeld aan incident: {action.note}", at=action.at,
                       quoting=session.get(Incident, report.incident_id).visibility)
            else:
                state = _feedback_state(rng, action.at, now)
                message = FeedbackMessage(
                    report_id=report.id, kind=action.feedback_kind,
                    body=feedback_body(action.feedback_kind, report, category, close_note),
                    channel="email" if item.data.contact_email else "sms", created_at=action.at,
                    created_by_id=None if action.feedback_kind == "ontvangstbevestiging" else principal.user_id,
                    state=state, attempts={"wachtrij": 0, "verzonden": 1, "mislukt": 3}[state])
                if state == "verzonden":
                    message.sent_at = min(now, action.at + timedelta(seconds=rng.uniform(5, 90)))
                    record(session, report, None if action.feedback_kind == "ontvangstbevestiging"
                           else principal, "terugkoppeling", to_value=action.feedback_kind,
                           detail=f"{action.feedback_kind.capitalize()} verzonden", at=message.sent_at)
                elif state == "mislukt":
                    message.last_error = rng.choice(T.MAIL_ERRORS)
                session.add(message)
                feedback_states[state] += 1
                feedback_kinds[action.feedback_kind] += 1
        if report.status not in ("afgehandeld", "geannuleerd") and report.due_at and report.due_at < now:
            summary.overdue_open += 1
        summary.per_status[report.status] = summary.per_status.get(report.status, 0) + 1
        if done % 200 == 0:
            session.flush()
            if progress is not None:
                progress(done, total)

    replay_triage(session)          # what the model would have proposed, for the Triagemodel page
    messages = _neighbourhood_messages(staff, incidents, now)
    session.add_all(messages)
    session.flush()
    if progress is not None:
        progress(total, total)
    summary.incidents = len(incidents)
    summary.incident_reports = sum(1 for p in planned if p.incident is not None)
    summary.feedback_by_state = dict(sorted(feedback_states.items()))
    summary.feedback_by_kind = dict(sorted(feedback_kinds.items()))
    summary.feedback_messages = sum(feedback_states.values())
    summary.neighbourhood_messages = len(messages)
    summary.per_channel = dict(channel_counter.most_common())
    summary.per_status = dict(sorted(summary.per_status.items()))
    summary.planted = planted_specs
    summary.chronic_spots = [(buurt, lat, lon, street, spot) for buurt, (lat, lon), street, spot in composer.hotspots]
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def reset_demo(session: Session, now: datetime, seed: int = 40, weeks: int = 8,
               progress=None) -> DemoSummary:
    """Delete all report data, incidents, buurtberichten and alerts (not users, categories,
    areas) and generate the scenario again; the caller commits."""
    clear_demo_data(session)
    return generate_demo(session, now, seed=seed, weeks=weeks, progress=progress)


def clear_demo_data(session: Session) -> None:
    for model in (FeedbackMessage, ReporterContact, ReportEvent, Report, NeighbourhoodMessage,
                  Alert, Incident):
        session.execute(delete(model).execution_options(synchronize_session=False))
    session.expunge_all()
    rebuild_in(session)         # the bulk delete bypassed the roll-ups' flush listener


# --- helpers --------------------------------------------------------------------------------

def _local_at(now: datetime, days_ago: int, hhmm: str) -> datetime:
    day: date = now.astimezone(LOCAL_TZ).date() - timedelta(days=days_ago)
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ).astimezone(UTC)


def daily_mean(weekday: int) -> float:
    """The background's expected reports on a day (0 = Monday): REPORTS_PER_WEEK in the week's rhythm."""
    return REPORTS_PER_WEEK / 7 * T.WEEKDAY_WEIGHTS[weekday] / (sum(T.WEEKDAY_WEIGHTS) / 7)


def hour_weights(weekday: int) -> list[float]:
    """The day's rhythm: quiet at night, peaks late afternoon and evening."""
    hours = list(T.HOUR_WEIGHTS)
    if weekday in (4, 5):                          # Friday and Saturday evenings are busier
        for h in range(19, 24):
            hours[h] *= 1.3
    if weekday in (5, 6):
        for h in range(0, 3):
            hours[h] *= 1.8
    return hours


def reports_per_hour(moment: datetime) -> float:
    """The background's expected reports per hour at `moment` (the live demo's arrival rate)."""
    local = moment.astimezone(LOCAL_TZ)
    hours = hour_weights(local.weekday())
    return daily_mean(local.weekday()) * hours[local.hour] / sum(hours)


def _background(composer: ReportComposer, rng: random.Random, start: datetime, now: datetime,
                weeks: int) -> list[_Planned]:
    planned: list[_Planned] = []
    day = start.astimezone(LOCAL_TZ).date()
    last = now.astimezone(LOCAL_TZ).date()
    while day <= last:
        wd = day.weekday()
        hours = hour_weights(wd)
        mean = daily_mean(wd)
        n = max(0, round(rng.gauss(mean, math.sqrt(mean))))
        for hour in rng.choices(range(24), weights=hours, k=n):
            local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60),
                             tzinfo=LOCAL_TZ)
            at = local.astimezone(UTC)
            if start <= at <= now:
                planned.append(_Planned(at, composer.draft(at)))
        day += timedelta(days=1)
    return planned


def _planted(composer: ReportComposer, rng: random.Random, now: datetime, start: datetime,
             planned: list[_Planned]) -> list[PlantedEvent]:
    events: list[PlantedEvent] = []
    # 1. a burst of jeugdoverlast in Zonne Veld, yesterday evening (12 reports in 3 hours)
    buurt = "BU05184013"
    first = _local_at(now, 1, "19:30")
    centre = composer.point_in(buurt)
    times = sorted(first + timedelta(minutes=rng.uniform(0, 180)) for _ in range(12))
    for at in times:
        planned.append(_Planned(at, composer.draft(
            at, "jeugdoverlast", buurt=buurt, point=composer.point_in(buurt, centre, 0.0012),
            street="Zonneplein", urgent=False), tag="piek"))
    events.append(PlantedEvent("piek", buurt, "veiligheid-politie", times[0], times[-1], len(times),
                               "Piek jeugdoverlast in Zonne Veld, gisteravond", centre[0], centre[1]))
    # 2. a repeat location: rubbish dumped at the same containers, again and again for weeks, up
    #    to now: one report in each of 14 equal stretches of the span (drawn uniformly over the
    #    whole span, all 14 could fall weeks ago, and a pattern that stopped before the last week
    #    is history, not something early warning can show now)
    buurt = "BU05184012"
    spot = composer.point_in(buurt)
    span_days = min(42, max(7, (now - start).days - 1))
    stretch = (span_days - 0.3) / 14
    times = sorted(now - timedelta(days=0.3 + stretch * (k + rng.random())) for k in range(14))
    for at in times:
        planned.append(_Planned(at, composer.draft(
            at, rng.choice(["huisafval", "grofvuil", "huisafval"]), buurt=buurt,
            point=composer.point_in(buurt, spot, 0.00003), street="Hoge Veld-plein",
            spot="naast de ondergrondse containers", urgent=False), tag="herhaling"))
    events.append(PlantedEvent("herhaling", buurt, "afval", times[0], times[-1], len(times),
                               "Steeds weer afval naast de containers aan het Hoge Veld-plein",
                               spot[0], spot[1]))
    # 3. a hotspot: break-ins and suspicious situations in Parkbuurt Oosteinde, last six nights
    buurt = "BU05184015"
    centre = composer.point_in(buurt)
    times = []
    for night in range(6, 0, -1):
        for _ in range(rng.randint(1, 3)):
            times.append(_local_at(now, night, "23:00") + _minutes(rng, 0, 240))
    times = sorted(t for t in times if t <= now)
    for at in times:
        planned.append(_Planned(at, composer.draft(
            at, rng.choice(["inbraak", "verdachte-situatie"]), buurt=buurt,
            point=composer.point_in(buurt, centre, 0.0015)), tag="hotspot"))
    events.append(PlantedEvent("hotspot", buurt, "veiligheid-politie", times[0], times[-1], len(times),
                               "Inbraken en verdachte situaties in Parkbuurt Oosteinde, afgelopen nachten",
                               centre[0], centre[1]))
    return events


def _make_incident(session: Session, spec, report: Report, close: datetime | None,
                   now: datetime) -> Incident:
    incident = Incident(title=spec[9], created_at=report.received_at + timedelta(minutes=5),
                        main_category_id=report.main_category_id,
                        organisation_id=report.organisation_id, visibility=report.visibility,
                        lat=report.lat, lon=report.lon, buurt_code=report.buurt_code,
                        status="gesloten" if close is not None and close <= now else "open")
    session.add(incident)
    session.flush()
    return incident


def _feedback_state(rng: random.Random, at: datetime, now: datetime) -> str:
    age = now - at
    if age < timedelta(minutes=20) or (age < timedelta(hours=12) and rng.random() < 0.6):
        return "wachtrij"          # the outbox has not got round to these yet
    return "mislukt" if rng.random() < 0.035 else "verzonden"


def _neighbourhood_messages(staff: Staff, incidents: dict[int, Incident],
                            now: datetime) -> list[NeighbourhoodMessage]:
    politie = staff.principals["wijkagent"]
    gemeente = staff.principals["gemeente"]
    by_title = {incidents[i].title: incidents[i] for i in incidents}

    def msg(area, who, kind, title, body, at, incident=None):
        return NeighbourhoodMessage(area_code=area, organisation_id=who.organisation_id, kind=kind,
                                    title=title, body=body, incident_id=incident.id if incident else None,
                                    starts_at=at, ends_at=at + timedelta(days=7),
                                    created_by_id=who.user_id, synthetic=True)

    messages = [
        msg("WK051840", politie, "tip", "Donkere dagen: doe uw deur op slot",
            "Inbrekers slaan vaak toe als het vroeg donker is. Doe deuren en ramen op slot en "
            "laat een lamp branden als u weg bent.", now - timedelta(days=20)),
        msg("WK051840", gemeente, "tip", "Grofvuil? Maak een afspraak",
            "Grofvuil zetten we alleen op afspraak buiten. Zo blijft de straat schoon.",
            now - timedelta(days=12)),
        msg("BU05184013", politie, "update", "Extra toezicht in Zonne Veld",
            "Na meldingen over jongeren rond het Zonneplein lopen wijkagent en handhaving de komende "
            "avonden extra rondes.", now - timedelta(hours=10)),
    ]
    fire = by_title.get("Autobrand op parkeerterrein Lozerlaan")
    if fire is not None:
        messages.append(msg("BU05184013", politie, "update", "Autobrand Lozerlaan",
                            "De brandweer heeft de autobrand op het parkeerterrein aan de Lozerlaan "
                            "geblust. Niemand is gewond geraakt. Dank voor alle meldingen.",
                            fire.created_at + timedelta(hours=2), fire))
    fight = by_title.get("Vechtpartij bij winkelcentrum Hoge Veld-plein")
    if fight is not None:
        messages.append(msg("BU05184012", politie, "oproep", "Getuigen gezocht",
                            "Heeft u de vechtpartij bij het winkelcentrum gezien of heeft u "
                            "camerabeelden? Meld het via de app.", fight.created_at + timedelta(hours=12),
                            fight))
    tree = by_title.get("Omgewaaide boom na storm, Laan van Wateringse Veld")
    if tree is not None:
        messages.append(msg("BU05184014", gemeente, "update", "Boom opgeruimd",
                            "De omgewaaide boom aan de Laan van Wateringse Veld is opgeruimd; het "
                            "fietspad is weer vrij.", tree.created_at + timedelta(hours=30), tree))
    return [m for m in messages if m.starts_at <= now]
