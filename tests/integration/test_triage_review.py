"""Possible danger through the API intakes (flag, urgent, top of the queue), the model page's figures
from operators' corrections in each role's scope, and one real retraining run."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from auth.users import create_user, principal_for
from data_access.map_queries import urgent_queue
from data_access.models import Report, ReportEvent, utcnow
from data_access.triage_queries import (
    accuracy_per_buurt, accuracy_per_channel, accuracy_per_length, accuracy_per_main, confusions,
    correction_examples, drift, summary,
)
from services.intake import IntakeData, check_safety, prepare_report, store_reports, submit_report, triage_options
from services.report_actions import change_category, change_urgency
from services.workflow import change_status
from tests.conftest import DEMO_PASSWORD, make_store

POINT = (52.0455, 4.288)
UNSURE = "Er ligt een man op de stoep bij de bushalte, hij ligt daar al een tijd"
ROUTINE = "De lantaarnpaal bij de speeltuin is al een week kapot"


def _users(session):
    made = {name: create_user(session, name, DEMO_PASSWORD, org, roles, []) for name, org, roles in (
        ("mk", "politie", ["meldkamer"]), ("gm", "gemeente", ["gemeente"]),
        ("mp", "politie", ["manager"]), ("mg", "gemeente", ["manager"]), ("bh", "gemeente", ["beheerder"]))}
    session.flush()
    return {name: principal_for(user) for name, user in made.items()}


def _api_report(session, text, **kw) -> Report:
    """Like the JSON intake: check_safety, then prepare and store."""
    data = IntakeData(text=text, channel="app", lat=POINT[0], lon=POINT[1], **kw)
    safety = check_safety(data)
    prepared = prepare_report(session, data, **triage_options(safety))
    store_reports(session, [prepared])
    return session.get(Report, prepared.id)


def test_possible_danger_is_flagged_urgent_and_explained(store):
    with store.session() as session:
        unsure = _api_report(session, UNSURE)
        named = _api_report(session, UNSURE, category_slug="overige-overlast-door-personen")   # the client chose
        open311 = submit_report(session, IntakeData(text=UNSURE, channel="open311", lat=POINT[0], lon=POINT[1]))
        routine = _api_report(session, ROUTINE)
        session.commit()
        for report in (unsure, named, open311):
            assert report.safety_check and report.urgent, report.channel
        assert unsure.needs_triage
        assert not routine.safety_check and not routine.urgent
        detail = session.scalar(select(ReportEvent.detail).where(ReportEvent.report_id == unsure.id,
                                                                 ReportEvent.kind == "triage"))
        assert "Te beoordelen: mogelijk iemand in gevaar" in detail


def test_a_no_from_the_resident_is_not_flagged(store):
    with store.session() as session:
        report = _api_report(session, UNSURE, danger_answer="nee")
        assert not report.safety_check


def test_safety_checks_top_the_urgent_queue_until_picked_up(store):
    with store.session() as session:
        people = _users(session)
        start = utcnow() - timedelta(hours=2)
        to_check = _api_report(session, UNSURE, received_at=start)
        newer = [_api_report(session, f"Er wordt nu ingebroken bij nummer {n}, ze zijn binnen",
                             received_at=start + timedelta(minutes=10 * n)) for n in range(1, 4)]
        session.commit()
        queue = urgent_queue(session, people["mk"], [], 10)
        assert queue[0].report_id == to_check.id and queue[0].safety_check
        assert [q.report_id for q in queue[1:4]] == [r.id for r in reversed(newer)]   # then newest first

        change_status(session, people["mk"], to_check.id, to_check.version, "in_behandeling")
        session.commit()
        queue = urgent_queue(session, people["mk"], [], 10)
        assert queue[0].report_id == newer[-1].id and queue[-1].report_id == to_check.id


def test_correcting_urgency_or_category_clears_the_flags(store):
    with store.session() as session:
        people = _users(session)
        report = _api_report(session, UNSURE)
        session.commit()
        change_urgency(session, people["mk"], report.id, report.version, False)
        assert not report.safety_check
        change_category(session, people["mk"], report.id, report.version, "daklozen-bedelen")
        assert not report.needs_triage


@pytest.fixture
def corrected(store):
    """Triaged reports, checked by a person, some corrected: (store, principals, ids)."""
    with store.session() as session:
        people = _users(session)
        texts = {  # text -> final sub category (None: the proposal was right)
            "De lantaarnpaal bij de speeltuin is al een week kapot": None,
            "Overal zwerfvuil en blikjes bij het winkelcentrum": None,
            "Er staat een fietswrak zonder wielen al maanden in het rek": "fietswrak",
            "Ganzen poepen het hele grasveld onder bij de vijver": None,
            "Mijn fiets is vorige week gestolen bij het station": None,
        }
        ids = {}
        for text, final in texts.items():
            report = submit_report(session, IntakeData(text=text, channel="chat", lat=POINT[0], lon=POINT[1]),
                                   detect=False)
            handler = people["mk"] if report.organisation.code == "politie" else people["gm"]
            change_status(session, handler, report.id, report.version, "in_behandeling")
            ids[text] = report.id
            if final:
                change_category(session, handler, report.id, report.version, "graffiti-wildplak")
        # one made urgent afterwards
        geese = session.get(Report, ids["Ganzen poepen het hele grasveld onder bij de vijver"])
        assert not geese.urgent
        change_urgency(session, people["gm"], geese.id, geese.version, True)
        session.commit()
        return store, people, ids


def test_model_page_figures_follow_the_corrections_and_the_scope(corrected):
    store, people, ids = corrected
    start, end = utcnow() - timedelta(days=1), utcnow() + timedelta(minutes=1)
    with store.session() as session:
        police, city, admin = people["mp"], people["mg"], people["bh"]
        totals = summary(session, police, start, end)
        assert totals.triaged == 5 and totals.checked == 5 and totals.urgency_missed == 1
        assert totals.right == 5          # fietswrak -> graffiti: another sub, the same main category
        per_main = {a.label: (a.checked, a.right) for a in accuracy_per_main(session, police, start, end)}
        assert sum(n for n, _ in per_main.values()) == 5
        assert {a.label for a in accuracy_per_channel(session, police, start, end, {"chat": "Chat"})} == {"Chat"}
        lengths = accuracy_per_length(session, police, start, end)
        assert [a.label for a in lengths][0].startswith("kort") and sum(a.checked for a in lengths) == 5
        assert sum(a.checked for a in accuracy_per_buurt(session, police, start, end)) == 5
        assert sum(w.triaged for w in drift(session, police, start, end)) == 5

        # the gemeente manager never counts the police-only report; a beheerder reads no reports
        visible_to_city = summary(session, city, start, end)
        police_only = session.scalar(select(Report.visibility).where(
            Report.id == ids["Mijn fiets is vorige week gestolen bij het station"]))
        assert police_only == "politie"
        assert visible_to_city.triaged == 4 and visible_to_city.checked == 4
        assert summary(session, admin, start, end).triaged == 0
        assert confusions(session, admin, start, end) == []


def test_confusions_name_proposed_and_final_main_category(store):
    with store.session() as session:
        people = _users(session)
        report = submit_report(session, IntakeData(text="Ganzen poepen het hele grasveld onder bij de vijver",
                                                   channel="app", lat=POINT[0], lon=POINT[1]), detect=False)
        proposed = report.main_category.name
        change_status(session, people["gm"], report.id, report.version, "in_behandeling")
        change_category(session, people["gm"], report.id, report.version, "hondenpoep")
        session.commit()
        found = confusions(session, people["mp"], utcnow() - timedelta(days=1), utcnow() + timedelta(minutes=1))
        assert [(c.proposed, c.count) for c in found] == [(proposed, 1)]
        assert found[0].final == report.main_category.name != proposed
        examples = correction_examples(session)
        assert [(e.report_id, e.sub_slug) for e in examples] == [(report.id, "hondenpoep")]


@pytest.fixture
def registry_dir(tmp_path, monkeypatch):
    from services.triage import registry

    monkeypatch.setenv(registry.DIR_ENV, str(tmp_path / "models"))
    yield tmp_path / "models"
    from services.triage.model import set_model

    set_model(None)


def test_retraining_promotes_a_better_candidate_and_refuses_a_worse_one(request, tmp_path_factory, registry_dir):
    """Real training on slices of the corpus (SQLite only: the database part is read once)."""
    from services.triage import registry
    from services.triage.model import HOLDOUT_PATH, read_corpus, read_eval_set, train_model
    from services.triage.retrain import recent_decisions, retrain_and_maybe_promote

    store = make_store(request, "sqlite", tmp_path_factory)
    corpus, fixed = read_corpus(), read_eval_set(HOLDOUT_PATH)[::2]
    weak = train_model(out_dir=registry_dir, corpus=corpus[::40], dev=[])
    registry.promote(weak.stem.removeprefix("triage-"))

    better = retrain_and_maybe_promote(store.sessions, fixed_set=fixed, corpus=corpus[::4], dev=[])
    assert better.promoted, better.reason
    assert registry.active_version() == better.candidate_version
    assert better.candidate.fixed["main_accuracy"]["value"] > better.current.fixed["main_accuracy"]["value"]

    worse = retrain_and_maybe_promote(store.sessions, fixed_set=fixed, corpus=corpus[::40], dev=[])
    assert not worse.promoted and registry.active_version() == better.candidate_version
    with pytest.raises(Exception):
        registry.find(worse.candidate_version)          # a refused candidate is not kept
    assert [d["promoted"] for d in recent_decisions()] == [False, True]
    assert registry.rollback().stem == weak.stem        # the model before it is still there


def test_the_weekly_retraining_job_runs_through_the_job_runner(request, tmp_path_factory, registry_dir):
    """The registered job, run the way the scheduler runs it: full training, a decision, a record."""
    from data_access.models import JobState
    from services.jobs.registry import JOBS
    from services.jobs.runner import JobRunner
    from services.triage.retrain import recent_decisions
    from tests.conftest import make_app

    store = make_store(request, "sqlite", tmp_path_factory)
    app = make_app(store, tmp_path_factory)
    runner = JobRunner(app.server, [job for job in JOBS if job.name == "retrain"], name="test-runner")
    assert runner.run_now("retrain") == "ok"
    with store.sessions() as session:
        state = session.get(JobState, "retrain")
        assert state.last_status == "ok" and "gepromoveerd" in state.last_summary
        assert state.next_run_at is not None and state.next_run_at.weekday() == 6   # Sunday night
    decision = recent_decisions()[0]
    assert decision["candidate_version"] and decision["reason"]
