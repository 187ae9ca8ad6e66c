"""The roll-up tables and the feedback facts kept in step by every ORM flush equal a full rebuild
from the source tables, after a random sequence of submits (with and without a reporter who wants
feedback), status changes (close, reopen), corrections, hand-overs, assignments, feedback messages
queued and delivered, satisfaction answers and deletions, on SQLite and PostgreSQL (the lead time
histograms of data_access/stage_durations.py included)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, select

from auth.users import ensure_demo_accounts, principal_for
from data_access.db import transaction
from data_access.models import Category, Report, Team, User
from data_access.feedback_store import ROLLUP_MEASURES, feedback_facts, feedback_rollups
from data_access.rollup_store import rebuild, rollup_cells
from data_access.vocabulary import CHANNELS, TRANSITIONS
from services.feedback_templates import KINDS
from services.intake import IntakeData, submit_report
from services.outbox import deliver_pending
from services.report_actions import assign, change_category, change_urgency, hand_over, send_feedback
from services.satisfaction import record_answer
from services.workflow import WorkflowError, change_status

UTC = timezone.utc
START = datetime(2026, 3, 27, 20, 0, tzinfo=UTC)     # spans the spring DST switch
SLUGS = ("onderhoud-stoep-straat-en-fietspad", "veeg-zwerfvuil", "parkeeroverlast", "inbraak")
POINTS = ((52.035, 4.27), (52.047, 4.29), None)


def _step(session, rng: random.Random, users: dict, subs: list[str], at: datetime) -> None:
    """One random change to one random report (refusals by the workflow are part of the mix)."""
    report = session.get(Report, rng.choice(session.scalars(select(Report.id)).all()))
    actor = users["meldkamer" if report.organisation.code == "politie" else "gemeente"]
    action = rng.choice(("status", "status", "status", "category", "urgency", "handover", "assign",
                         "answer", "feedback", "feedback", "deliver", "delete"))
    if action == "status":
        change_status(session, actor, report.id, report.version,
                      rng.choice(sorted(TRANSITIONS[report.status])), at=at)
    elif action == "category":
        change_category(session, actor, report.id, report.version, rng.choice(subs))
    elif action == "urgency":
        change_urgency(session, actor, report.id, report.version, not report.urgent)
    elif action == "handover":
        target = "gemeente" if report.organisation.code == "politie" else "politie"
        hand_over(session, actor, report.id, report.version, target, share=rng.random() < 0.7)
    elif action == "assign":
        teams = session.scalars(select(Team.id).where(Team.organisation_id == report.organisation_id)).all()
        assign(session, actor, report.id, report.version, team_id=rng.choice(teams))
    elif action == "feedback":
        send_feedback(session, actor, report.id, report.version, rng.choice(sorted(KINDS)), "Dank voor uw melding.")
    elif action == "deliver":
        deliver_pending(session, at)
    elif action == "answer":
        record_answer(session, report.id, satisfied=rng.random() < 0.4, reason=None, at=at)
    else:
        session.delete(report)
        session.flush()


def assert_incremental_equals_rebuild(engine) -> tuple:
    """The count cells and the feedback facts and sums as kept in step equal a full rebuild's;
    returns the rebuilt count cells and facts rows."""
    facts = select(feedback_facts).order_by(feedback_facts.c.report_id)
    sums = select(feedback_rollups).where(or_(*[feedback_rollups.c[m] != 0 for m in ROLLUP_MEASURES]))
    with engine.begin() as connection:
        incremental, incremental_facts = rollup_cells(connection), connection.execute(facts).all()
        incremental_sums = set(connection.execute(sums).all())
        rebuild(connection)
        rebuilt, rebuilt_facts = rollup_cells(connection), connection.execute(facts).all()
        rebuilt_sums = set(connection.execute(sums).all())
    assert incremental[0] == rebuilt[0]
    assert incremental[1] == rebuilt[1]
    assert incremental[2] == rebuilt[2]
    assert incremental[3] == rebuilt[3]
    assert incremental[4] == rebuilt[4]
    assert incremental_facts == rebuilt_facts
    assert incremental_sums == rebuilt_sums
    return rebuilt, rebuilt_facts


def test_incremental_rollups_equal_a_rebuild(store):
    rng = random.Random(11)
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session)
    with transaction(store.sessions) as session:
        users = {u.username: principal_for(u) for u in session.scalars(select(User))}
        subs = session.scalars(select(Category.slug).where(Category.parent_id.is_not(None),
                                                           Category.active.is_(True))).all()
    at = START
    for i in range(160):
        at += timedelta(minutes=rng.randrange(5, 400))
        with store.session() as session:
            try:
                if i < 30 or rng.random() < 0.4:
                    point = rng.choice(POINTS)
                    submit_report(session, IntakeData(
                        text=f"Melding {i}", channel=rng.choice(sorted(CHANNELS)), category_slug=rng.choice(SLUGS),
                        lat=point and point[0], lon=point and point[1], urgent=rng.random() < 0.2,
                        received_at=at, area_code=None if point else "WK051840",
                        contact_email="melder@example.org" if rng.random() < 0.5 else None,
                        wants_feedback=rng.random() < 0.8), detect=False)
                else:
                    _step(session, rng, users, subs, at)
                session.commit()
            except WorkflowError:
                session.rollback()
    rebuilt, rebuilt_facts = assert_incremental_equals_rebuild(store.engine)
    with store.engine.connect() as connection:
        assert len(connection.execute(select(Report.id)).all()) > 40
    assert sum(row.receipts + row.closings for row in rebuilt_facts) > 0     # messages were part of it
    assert any(row.first_at for row in rebuilt_facts)                        # and some were delivered
    assert sum(v[3] for v in rebuilt[0].values()) > 0      # closed reports counted as outflow
    assert sum(rebuilt[2].values()) > 0                     # located reports counted in map cells
    assert sum(rebuilt[4].values()) == sum(rebuilt[3].values()) > 0    # lead times in the histograms


def test_rollback_leaves_the_rollups_untouched(store):
    with store.session() as session:
        submit_report(session, IntakeData(text="Losliggende stoeptegel", channel="web", category_slug=SLUGS[0],
                                          lat=52.035, lon=4.27, contact_email="melder@example.org",
                                          wants_feedback=True), detect=False)
        session.rollback()
    with store.engine.connect() as connection:
        assert rollup_cells(connection) == ({}, {}, {}, {}, {})
        assert connection.execute(select(feedback_facts)).all() == []
