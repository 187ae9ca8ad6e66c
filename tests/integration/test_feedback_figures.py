"""Terugkoppeling figures against an independent Python count over a small known data set."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from auth.users import ensure_demo_accounts, principal_for
from data_access.db import transaction
from data_access.feedback_queries import combined, feedback_figures, feedback_queue
from data_access.models import Area, Category, FeedbackMessage, SatisfactionAnswer, Team, User
from data_access.region import load_region
from services.intake import IntakeData, submit_report
from services.workflow import change_status

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=timezone.utc)
START = datetime(2026, 4, 6, tzinfo=timezone.utc)
LOCAL = ZoneInfo("Europe/Amsterdam")
CATEGORIES = ("grofvuil", "inbraak", "verdachte-situatie", "veeg-zwerfvuil")
POINTS = ((52.035, 4.27), (52.047, 4.29), (52.041, 4.282))
CHANNELS = ("app", "web", "chat", "telefoon")
HANDLER = {"politie": "meldkamer", "gemeente": "gemeente"}


@dataclass
class Known:
    """What the builder wrote, kept in Python for the independent count."""
    id: int
    received: datetime
    category: str
    main_category: str
    organisation: str
    team: str
    buurt: str
    visibility: str
    urgent: bool
    channel: str
    wants: bool
    status: str = "gemeld"
    closed: datetime | None = None
    due: datetime | None = None
    messages: list = field(default_factory=list)    # (kind, state, sent_at)
    answers: list = field(default_factory=list)     # (satisfied, answered_at)


def build_known_dataset(session, seed: int = 7, count: int = 60) -> list[Known]:
    """Reports over 6 April - 19 May 2026 (and a few a year earlier) with messages and answers."""
    ensure_demo_accounts(session)
    principals = {org: principal_for(session.scalar(select(User).where(User.username == name)))
                  for org, name in HANDLER.items()}
    rng, known = random.Random(seed), []
    for n in range(count):
        received = START + timedelta(hours=rng.randrange(0, 43 * 24), minutes=rng.randrange(60))
        if n % 10 == 0:
            received -= timedelta(days=364)           # the same period a year earlier
        lat, lon = POINTS[n % len(POINTS)]
        wants = rng.random() < 0.7
        report = submit_report(session, IntakeData(
            text=f"Bekende testmelding {n}", channel=CHANNELS[n % 4], lat=lat, lon=lon,
            received_at=received, category_slug=CATEGORIES[n % 4], urgent=rng.random() < 0.25,
            contact_email=f"melder{n}@voorbeeld.nl" if wants or n % 3 else None,
            wants_feedback=wants))
        category = session.get(Category, report.category_id)
        team = session.get(Team, report.team_id) if report.team_id else None
        area = session.scalar(select(Area).where(Area.code == report.buurt_code))
        item = Known(report.id, received, category.name, category.parent.name,
                     report.organisation.code, team.name if team else "Geen team",
                     area.name if area else (report.buurt_code or "Onbekend"), report.visibility,
                     report.urgent, report.channel, wants, due=report.due_at)
        principal = principals[item.organisation]
        if rng.random() < 0.6:
            closed = received + timedelta(hours=rng.randrange(2, 120))
            if closed < NOW:
                change_status(session, principal, report.id, report.version, "afgehandeld", at=closed)
                item.status, item.closed = "afgehandeld", closed
        if wants:
            _add_messages(session, rng, item)
            if item.closed and rng.random() < 0.6:
                satisfied = rng.random() < 0.6
                at = item.closed + timedelta(days=1)
                session.add(SatisfactionAnswer(report_id=report.id, satisfied=satisfied,
                                               reason=None if satisfied else "te_lang", answered_at=at))
                item.answers.append((satisfied, at))
        known.append(item)
    session.flush()
    return known


def _add_messages(session, rng, item: Known) -> None:
    plan = []
    if rng.random() < 0.75:
        plan.append(("ontvangstbevestiging", item.received + timedelta(hours=rng.choice((1, 20, 30, 50, 80)))))
    if rng.random() < 0.3:
        plan.append(("tussenbericht", item.received + timedelta(hours=rng.randrange(24, 100))))
    if item.closed and rng.random() < 0.7:
        plan.append(("afloopbericht", item.closed + timedelta(hours=rng.choice((3, 40, 60)))))
    for kind, at in plan:
        state = rng.choice(("verzonden", "verzonden", "verzonden", "mislukt", "wachtrij"))
        if at > NOW:
            state = "wachtrij"
        sent_at = at if state == "verzonden" else None
        session.add(FeedbackMessage(report_id=item.id, kind=kind, body="Testbericht", channel="email",
                                    created_at=at - timedelta(minutes=5), state=state, sent_at=sent_at))
        item.messages.append((kind, state, sent_at))


# --- the independent count -------------------------------------------------------------------

def visible(item: Known, organisation: str) -> bool:
    return organisation == "politie" or item.visibility == "gedeeld"


def _hours(later, earlier) -> float:
    return (later - earlier).total_seconds() / 3600


def expected_facts(item: Known, now: datetime) -> dict:
    sent = [(kind, at) for kind, state, at in item.messages if state == "verzonden"]
    receipt = min((at for kind, at in sent if kind == "ontvangstbevestiging"), default=None)
    closing = min((at for kind, at in sent if kind == "afloopbericht"), default=None)
    interim = any(kind == "tussenbericht" for kind, _ in sent)
    first = min((at for _, at in sent), default=None)
    allowance = {4: 72, 5: 48}.get(item.received.astimezone(LOCAL).weekday(), 24)
    state = ("afloop" if closing else "tussenbericht" if interim else "ontvangst" if receipt else "niets")
    overdue = (receipt is None and _hours(now, item.received) > allowance) or \
        (item.status == "afgehandeld" and closing is None and _hours(now, item.closed) > 48)
    return {"state": state, "overdue": overdue, "informed": first is not None,
            "on_time": receipt is not None and _hours(receipt, item.received) <= allowance,
            "hours_first": _hours(first, item.received) if first else None,
            "hours_closing": _hours(closing, item.closed) if closing and item.closed else None}


def expected_figures(known, organisation, start, end, now, key=lambda item: "Totaal"):
    groups: dict[str, list] = {}
    for item in known:
        if item.wants and visible(item, organisation) and start <= item.received < end:
            groups.setdefault(key(item), []).append(item)
    result = {}
    for label, items in groups.items():
        facts = [expected_facts(i, now) for i in items]
        firsts = [f["hours_first"] for f in facts if f["hours_first"] is not None]
        closings = [f["hours_closing"] for f in facts if f["hours_closing"] is not None]
        result[label] = {
            "wanting": len(items),
            "states": {s: sum(f["state"] == s for f in facts)
                       for s in ("niets", "ontvangst", "tussenbericht", "afloop")},
            "overdue": sum(f["overdue"] for f in facts),
            "informed": sum(f["informed"] for f in facts),
            "receipt_on_time": sum(f["on_time"] for f in facts),
            "avg_hours_first": sum(firsts) / len(firsts) if firsts else None,
            "avg_hours_closing": sum(closings) / len(closings) if closings else None,
            "answers": sum(len(i.answers) for i in items),
            "satisfied": sum(s for i in items for s, _ in i.answers),
        }
    return result


def as_dict(figures) -> dict:
    return {f.label: {"wanting": f.wanting, "states": f.states, "overdue": f.overdue,
                      "informed": f.informed, "receipt_on_time": f.receipt_on_time,
                      "avg_hours_first": f.avg_hours_first, "avg_hours_closing": f.avg_hours_closing,
                      "answers": f.answers, "satisfied": f.satisfied} for f in figures}


def assert_same(actual: dict, expected: dict) -> None:
    assert actual.keys() == expected.keys()
    for label in expected:
        for name, value in expected[label].items():
            got = actual[label][name]
            if isinstance(value, float):
                assert got == pytest.approx(value, abs=1e-3), (label, name)
            else:
                assert got == value, (label, name, got, value)


@pytest.fixture(scope="module")
def dataset(module_store):
    store = module_store
    with transaction(store.sessions) as session:
        known = build_known_dataset(session)
    with store.session() as session:
        principals = {name: principal_for(session.scalar(select(User).where(User.username == name)))
                      for name in ("meldkamer", "gemeente", "manager-politie", "manager-gemeente")}
    return store, known, principals


PERIOD_END = datetime(2026, 6, 1, tzinfo=timezone.utc)
GROUP_KEYS = {"organisatie": lambda i: load_region().organisations[i.organisation],
              "team": lambda i: i.team, "categorie": lambda i: i.main_category, "buurt": lambda i: i.buurt}


@pytest.mark.parametrize("user", ["meldkamer", "gemeente", "manager-gemeente"])
def test_totals_match_independent_count(dataset, user):
    store, known, principals = dataset
    principal = principals[user]
    with store.session() as session:
        actual = as_dict(feedback_figures(session, principal, START, PERIOD_END, NOW))
    expected = expected_figures(known, principal.organisation, START, PERIOD_END, NOW)
    assert_same(actual, expected)
    assert expected["Totaal"]["overdue"] > 0 and expected["Totaal"]["satisfied"] > 0


@pytest.mark.parametrize("group", sorted(GROUP_KEYS))
def test_groups_match_independent_count(dataset, group):
    store, known, principals = dataset
    with store.session() as session:
        for user in ("meldkamer", "manager-gemeente"):
            principal = principals[user]
            actual = as_dict(feedback_figures(session, principal, START, PERIOD_END, NOW, group))
            assert_same(actual, expected_figures(known, principal.organisation, START, PERIOD_END,
                                                 NOW, GROUP_KEYS[group]))


@pytest.mark.parametrize("group", sorted(GROUP_KEYS))
def test_total_combined_from_groups_equals_the_total_query(dataset, group):
    store, known, principals = dataset
    with store.session() as session:
        total = feedback_figures(session, principals["meldkamer"], START, PERIOD_END, NOW)
        rows = feedback_figures(session, principals["meldkamer"], START, PERIOD_END, NOW, group)
    assert_same(as_dict([combined(rows)]), as_dict(total))


def test_gemeente_never_counts_police_only(dataset):
    store, known, principals = dataset
    with store.session() as session:
        police = feedback_figures(session, principals["meldkamer"], START, PERIOD_END, NOW)[0]
        gemeente = feedback_figures(session, principals["gemeente"], START, PERIOD_END, NOW)[0]
    police_only = sum(1 for i in known if i.wants and i.visibility == "politie"
                      and START <= i.received < PERIOD_END)
    assert police_only > 0 and police.wanting - gemeente.wanting == police_only


def test_queue_lists_owed_feedback_urgent_first(dataset):
    store, known, principals = dataset
    with store.session() as session:
        rows = feedback_queue(session, principals["gemeente"], NOW)
    by_id = {i.id: i for i in known}
    expected = set()
    for item in known:
        if not item.wants or item.visibility != "gedeeld" or item.status == "geannuleerd":
            continue
        kinds = {kind for kind, state, _ in item.messages}
        if item.status == "afgehandeld" and "afloopbericht" not in kinds:
            expected.add((item.id, "afloopbericht"))
        elif item.closed is None and "ontvangstbevestiging" not in kinds:
            expected.add((item.id, "ontvangstbevestiging"))
    assert {(r.id, r.owed) for r in rows} == expected
    assert all(by_id[r.id].visibility == "gedeeld" for r in rows)
    order = [(not r.urgent, r.hours_left) for r in rows]
    assert order == sorted(order)
