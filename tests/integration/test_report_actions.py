"""Working a report on both backends: every action, its timeline event, refusals and conflicts."""

import pytest
from sqlalchemy import func, select

from auth.users import ensure_demo_accounts, principal_for
from data_access.db import transaction
from data_access.models import FeedbackMessage, Incident, Report, ReportEvent, Team, User
from data_access.triage_queries import correction_examples
from services import report_actions as actions
from services.feedback_templates import KINDS, render, templates_for
from services.intake import IntakeData, submit_report
from services.workflow import URGENT_HANDLING, ConflictError, WorkflowError, change_status


@pytest.fixture
def world(store):
    """Demo accounts, a shared gemeente report with contact, a police-only report, an incident."""
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session)
        shared = submit_report(session, IntakeData(
            text="Losse stoeptegel bij de school", channel="web", lat=52.035, lon=4.27,
            category_slug="onderhoud-stoep-straat-en-fietspad", contact_email="melder@voorbeeld.nl",
            wants_feedback=True))
        police = submit_report(session, IntakeData(
            text="Inbraak bij de buren, dader nog binnen", channel="app", lat=52.036, lon=4.271,
            category_slug="inbraak"))
        incident = Incident(title="Losliggende tegels schoolplein", organisation_id=shared.organisation_id,
                            lat=52.035, lon=4.27)
        session.add(incident)
        session.flush()
        ids = {"shared": shared.id, "police": police.id, "incident": incident.id}
    return store, ids


def who(session, username):
    return principal_for(session.scalar(select(User).where(User.username == username)))


def version(session, report_id):
    return session.get(Report, report_id).version


def note(session, username, report_id, text="x"):
    return actions.add_note(session, who(session, username), report_id, version(session, report_id), text)


def events(session, report_id, kind):
    return list(session.scalars(select(ReportEvent).where(ReportEvent.report_id == report_id,
                                                          ReportEvent.kind == kind)))


def test_assign_team_and_person_of_the_handling_organisation(world):
    store, ids = world
    with transaction(store.sessions) as session:
        me = who(session, "handhaving")
        team = session.scalar(select(Team).where(Team.code == "handhaving"))
        report = actions.assign(session, me, ids["shared"], version(session, ids["shared"]),
                                team_id=team.id, assignee_id=me.user_id)
        assert (report.team_id, report.assignee_id) == (team.id, me.user_id)
        event = events(session, ids["shared"], "toewijzing")[0]
        assert "Demo Handhaver" in event.to_value and event.actor_label == "Demo Handhaver"
    with transaction(store.sessions) as session:
        me = who(session, "handhaving")
        police_team = session.scalar(select(Team).where(Team.code == "noodhulp"))
        police_user = session.scalar(select(User).where(User.username == "meldkamer"))
        with pytest.raises(WorkflowError, match="team hoort niet"):
            actions.assign(session, me, ids["shared"], version(session, ids["shared"]), team_id=police_team.id)
        with pytest.raises(WorkflowError, match="persoon"):
            actions.assign(session, me, ids["shared"], version(session, ids["shared"]), assignee_id=police_user.id)


def test_status_transitions_legal_and_illegal(world):
    store, ids = world
    with transaction(store.sessions) as session:
        me = who(session, "gemeente")
        change_status(session, me, ids["shared"], version(session, ids["shared"]), "afgehandeld")
    with transaction(store.sessions) as session:
        me = who(session, "gemeente")
        with pytest.raises(WorkflowError, match="geen toegestane"):
            change_status(session, me, ids["shared"], version(session, ids["shared"]), "ingepland")


def test_category_and_urgency_corrections_are_events_and_training_examples(world):
    store, ids = world
    with transaction(store.sessions) as session:
        me = who(session, "gemeente")
        report = actions.change_category(session, me, ids["shared"], version(session, ids["shared"]),
                                         "straatmeubilair")
        assert report.category.slug == "straatmeubilair"
        assert report.main_category.slug == "wegen-verkeer-straatmeubilair"
        report = actions.change_urgency(session, me, ids["shared"], version(session, ids["shared"]), True)
        assert report.urgent and report.due_at == report.received_at + URGENT_HANDLING
    with transaction(store.sessions) as session:
        corrections = events(session, ids["shared"], "correctie")
        assert [(e.from_value, e.to_value) for e in corrections] == [
            ("onderhoud-stoep-straat-en-fietspad", "straatmeubilair"), ("geen spoed", "spoed")]
        assert [(c.text, c.sub_slug, c.urgent) for c in correction_examples(session)] == [
            ("Losse stoeptegel bij de school", "straatmeubilair", True)]
        me = who(session, "gemeente")
        with pytest.raises(WorkflowError, match="bestaande subcategorie"):
            actions.change_category(session, me, ids["shared"], version(session, ids["shared"]), "afval")
        with pytest.raises(WorkflowError, match="al op spoed"):
            actions.change_urgency(session, me, ids["shared"], version(session, ids["shared"]), True)


def test_note_and_incident_link_and_unlink(world):
    store, ids = world
    with transaction(store.sessions) as session:
        me = who(session, "gemeente")
        with pytest.raises(WorkflowError, match="Schrijf eerst"):
            actions.add_note(session, me, ids["shared"], version(session, ids["shared"]), "   ")
        actions.add_note(session, me, ids["shared"], version(session, ids["shared"]), "Aannemer gebeld")
        report = actions.link_incident(session, me, ids["shared"], version(session, ids["shared"]), ids["incident"])
        assert report.incident_id == ids["incident"]
        report = actions.unlink_incident(session, me, ids["shared"], version(session, ids["shared"]))
        assert report.incident_id is None
        with pytest.raises(WorkflowError, match="niet bij een incident"):
            actions.unlink_incident(session, me, ids["shared"], version(session, ids["shared"]))
    with transaction(store.sessions) as session:
        assert events(session, ids["shared"], "notitie")[0].detail == "Aannemer gebeld"
        assert len(events(session, ids["shared"], "incident")) == 2


def test_stale_version_is_a_conflict_and_changes_nothing(world):
    store, ids = world
    with transaction(store.sessions) as session:
        me = who(session, "gemeente")
        loaded = version(session, ids["shared"])
        actions.add_note(session, me, ids["shared"], loaded, "Eerste")
    with transaction(store.sessions) as session:
        me = who(session, "gemeente")
        for act in (lambda: actions.add_note(session, me, ids["shared"], loaded, "Tweede"),
                    lambda: actions.change_urgency(session, me, ids["shared"], loaded, True),
                    lambda: change_status(session, me, ids["shared"], loaded, "in_behandeling")):
            with pytest.raises(ConflictError, match="intussen"):
                act()
    with transaction(store.sessions) as session:
        report = session.get(Report, ids["shared"])
        assert (report.status, report.urgent) == ("gemeld", False)
        assert [e.detail for e in events(session, ids["shared"], "notitie")] == ["Eerste"]


def test_only_the_handling_organisation_acts_and_gemeente_never_loads_police_only(world):
    store, ids = world
    with transaction(store.sessions) as session:
        with pytest.raises(WorkflowError, match="Alleen de behandelende"):
            note(session, "meldkamer", ids["shared"], "x")
        with pytest.raises(WorkflowError, match="niet gevonden"):
            note(session, "gemeente", ids["police"], "x")
        with pytest.raises(WorkflowError, match="Alleen de behandelende"):
            note(session, "manager-politie", ids["police"], "x")


def test_hand_over_rules(world):
    store, ids = world
    with transaction(store.sessions) as session:
        me = who(session, "meldkamer")
        with pytest.raises(WorkflowError, match="alleen voor de politie"):
            actions.hand_over(session, me, ids["police"], version(session, ids["police"]), "gemeente")
        with pytest.raises(WorkflowError, match="al bij deze organisatie"):
            actions.hand_over(session, me, ids["police"], version(session, ids["police"]), "politie")
    with transaction(store.sessions) as session:
        assert session.get(Report, ids["police"]).visibility == "politie"     # nothing half-written
        me = who(session, "meldkamer")
        report = actions.hand_over(session, me, ids["police"], version(session, ids["police"]), "gemeente",
                                   share=True, note="Valt onder handhaving")
        assert (report.organisation.code, report.team.code, report.visibility) == ("gemeente", "regie", "gedeeld")
    with transaction(store.sessions) as session:
        assert [(e.from_value, e.to_value) for e in events(session, ids["police"], "overdracht")] == [
            ("Politie Den Haag", "Gemeente Den Haag")]
        assert len(events(session, ids["police"], "zichtbaarheid")) == 1
        # now the gemeente handles it and the police can no longer change it
        note(session, "gemeente", ids["police"], "Over")
        with pytest.raises(WorkflowError, match="Alleen de behandelende"):
            note(session, "meldkamer", ids["police"], "x")


def test_feedback_is_queued_with_an_event(world):
    store, ids = world
    with transaction(store.sessions) as session:
        me = who(session, "gemeente")
        report = session.get(Report, ids["shared"])
        body = render("ontvangstbevestiging", report, report.category)
        assert report.reference in body and "melder@" not in body
        message = actions.send_feedback(session, me, ids["shared"], report.version, "ontvangstbevestiging", body)
        assert (message.state, message.channel, message.kind) == ("wachtrij", "email", "ontvangstbevestiging")
        with pytest.raises(WorkflowError, match="leeg"):
            actions.send_feedback(session, me, ids["shared"], version(session, ids["shared"]), "tussenbericht", " ")
        police = session.get(Report, ids["police"])
        with pytest.raises(WorkflowError, match="geen e-mailadres"):
            actions.send_feedback(session, who(session, "meldkamer"), police.id, police.version,
                                  "tussenbericht", "Wij zijn bezig.")
    with transaction(store.sessions) as session:
        assert session.scalar(select(func.count()).select_from(FeedbackMessage)) == 1
        assert events(session, ids["shared"], "terugkoppeling")[0].to_value == "ontvangstbevestiging"


def test_templates_per_status_put_the_fitting_kind_first(world):
    store, ids = world
    with transaction(store.sessions) as session:
        category = session.get(Report, ids["shared"]).category
        assert list(templates_for(category, "gemeld"))[0] == "ontvangstbevestiging"
        assert list(templates_for(category, "afgehandeld"))[0] == "afloopbericht"
        assert set(templates_for(category, "ingepland")) == set(KINDS)
        assert category.handling_text.split(".")[0] in templates_for(category, "gemeld")["ontvangstbevestiging"]


def test_sla_state(world):
    store, ids = world
    with transaction(store.sessions) as session:
        report = session.get(Report, ids["shared"])
        term = report.due_at - report.received_at
        assert actions.sla_state(report, report.received_at) == "op tijd"
        assert actions.sla_state(report, report.due_at - term * 0.1) == "bijna"
        assert actions.sla_state(report, report.due_at + term) == "te laat"
