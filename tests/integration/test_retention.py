"""Retention (issue 17) on SQLite and PostgreSQL: after the term a planted reporter's contact details,
photo, tracking link and identifying text are gone from every text column of every table, the
report stays as an anonymous record, every analytics figure is unchanged, a dry run changes
nothing, a second run does nothing, and each run is in the audit log. The CLI is run as an
operator would (`flask --app app privacy retention`)."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image
from sqlalchemy import LargeBinary, String, Text, func, inspect, select, text

from auth.users import ensure_demo_accounts, principal_for
from data_access import feedback_store, rollup_store
from data_access.db import transaction
from data_access.feedback_queries import feedback_figures
from data_access.models import (
    AreaFollower, AuditLog, FeedbackMessage, JobState, Report, ReporterContact, ReportEvent, ReportPhoto, SatisfactionAnswer, User,
)
from data_access.neighbourhood_queries import counts_by_main, find_area, grid_cells
from data_access.timeline_queries import ReportFilters, counts_over_time, hour_weekday_counts
from data_access.trend_queries import compare, series_by_group
from data_access.workload_queries import daily_flow, handovers, stage_medians, workload_groups
from services.intake import IntakeData, submit_report
from services.photos import attach_photo, prepare_photo
from services.privacy.policy import load_policy
from services.privacy.retention import Retention
from services.satisfaction import record_answer
from services.tracking import issue_token
from services.workflow import change_status

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=2 * 365)          # past every term of the shipped rules
NAME, EMAIL, PHONE = "Jan de Vries", "jan.devries@example.nl", "0612345678"
PLANTED_TEXT = (f"Mijn buurman {NAME} (06-12345678) zet zijn bus op de stoep bij Akkerwindestraat 14, "
                f"kenteken XP-406-G, mail {EMAIL}")
SECRETS = (NAME, "Vries", EMAIL, PHONE, "06-12345678", "XP-406-G", "Akkerwindestraat 14")


def _photo_bytes() -> str:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _plant(session, slug: str, received_at: datetime) -> tuple[int, bytes]:
    """A closed report with every kind of personal data; returns its id and the stored photo bytes."""
    report = submit_report(session, IntakeData(
        text=PLANTED_TEXT, channel="web", lat=52.0455, lon=4.288, address="Akkerwindestraat 14, Den Haag",
        category_slug=slug, received_at=received_at, contact_name=NAME, contact_email=EMAIL,
        contact_phone=PHONE, wants_feedback=True))
    photo = attach_photo(session, report, prepare_photo(_photo_bytes()))
    issue_token(session, report)
    session.add(FeedbackMessage(report_id=report.id, kind="afloopbericht", body=f"Beste {NAME}, de bus is weg.",
                                created_at=received_at + timedelta(hours=2)))
    handler = principal_for(session.scalar(select(User).where(User.username == (
        "meldkamer" if report.organisation.code == "politie" else "handhaving"))))
    change_status(session, handler, report.id, report.version, "in_behandeling", at=received_at + timedelta(hours=1),
                  note=f"Gebeld met {NAME} op {PHONE}")
    change_status(session, handler, report.id, report.version, "afgehandeld", at=received_at + timedelta(hours=3))
    record_answer(session, report.id, True, text=f"Prima geholpen, groet {NAME}", at=received_at + timedelta(hours=4))
    session.add(AreaFollower(area_code="BU05184012", email=EMAIL, unsubscribe_hash=f"{report.id:064d}",
                             created_at=received_at - timedelta(days=1100),        # followers: 3 years
                             confirmed_at=received_at - timedelta(days=1100)))
    session.flush()
    return report.id, photo.data


BACKGROUND = ("grofvuil", "veeg-zwerfvuil", "boom", "inbraak", "jongerenoverlast", "overlast-door-afsteken-vuurwerk")
POINTS = ((52.0455, 4.288), (52.0415, 4.284), (52.0475, 4.283), (52.048, 4.268))


def _background(session, count: int = 48) -> None:
    """Reports over four weeks in several categories, buurten and states, some with reporters who
    want feedback, closed ones (on time and late) with a questionnaire answer: what the figures count."""
    users = {u.username: principal_for(u) for u in session.scalars(select(User))}
    for i in range(count):
        at = NOW - timedelta(days=27 - i * 27 / count, hours=i % 7)
        lat, lon = POINTS[i % len(POINTS)]
        report = submit_report(session, IntakeData(
            text=f"Achtergrondmelding {i} zonder persoonsgegevens", channel=("app", "web", "chat")[i % 3],
            lat=lat, lon=lon, category_slug=BACKGROUND[i % len(BACKGROUND)], received_at=at,
            contact_email=f"melder{i}@voorbeeld.nl" if i % 2 else None, wants_feedback=bool(i % 2)))
        handler = users["meldkamer" if report.organisation.code == "politie" else "handhaving"]
        if i % 3:
            change_status(session, handler, report.id, report.version, "in_behandeling", at=at + timedelta(hours=2))
        if i % 3 == 2:
            change_status(session, handler, report.id, report.version, "afgehandeld",
                          at=at + timedelta(hours=5 + 30 * (i % 4)))
            if i % 2:
                session.add(FeedbackMessage(report_id=report.id, kind="afloopbericht", body="De melding is afgehandeld.",
                                            created_at=at + timedelta(hours=6), state="verzonden",
                                            sent_at=at + timedelta(hours=6)))
                record_answer(session, report.id, bool(i % 4 == 1), at=at + timedelta(hours=40), reopen_on_negative=False)
    session.flush()


@pytest.fixture
def planted(store):
    with transaction(store.sessions) as session:
        ensure_demo_accounts(session)
        _background(session)
        gemeente = _plant(session, "grofvuil", NOW - timedelta(days=10))
        politie = _plant(session, "inbraak", NOW - timedelta(days=9))
    return store, [gemeente, politie]


def _principals(session):
    users = {u.username: principal_for(u) for u in session.scalars(select(User))}
    return [users[name] for name in ("manager-politie", "manager-gemeente", "meldkamer", "gemeente")]


def _as_plain(value):
    if dataclasses.is_dataclass(value):
        return _as_plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _as_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_plain(v) for v in value]
    return value


def figures(session) -> dict:
    """What the analytics pages show: trends, timeline, workload, feedback, buurt page, roll-ups."""
    start, end = NOW - timedelta(days=28), NOW
    filters = ReportFilters(start, end)
    out = {}
    for principal in _principals(session):
        key = principal.username
        groups = workload_groups(session, principal, filters, NOW, "organisatie")
        out[key] = {
            "trend_week": compare(session, principal, "week", NOW.date() - timedelta(days=3), NOW),
            "trend_month_buurt": compare(session, principal, "month", NOW.date(), NOW, group="buurt"),
            "series": series_by_group(session, principal, "week", NOW.date()),
            "timeline": [counts_over_time(session, principal, filters, "day", stack)
                         for stack in ("categorie", "urgentie", "kanaal")],
            "heat": sorted(hour_weekday_counts(session, principal, filters).items()),
            "workload": groups, "flow": daily_flow(session, principal, filters, groups),
            "stages": stage_medians(session, principal, filters), "handovers": handovers(session, principal, filters),
            "feedback": feedback_figures(session, principal, start, end, NOW, "organisatie"),
        }
    area = find_area(session, "WK051840")
    out["buurt"] = [counts_by_main(session, area, NOW - timedelta(days=28)),
                    counts_by_main(session, area, NOW - timedelta(days=28), closed=True),
                    grid_cells(session, area, NOW - timedelta(days=28))]
    for table in ("report_rollups", "report_hour_counts", "feedback_facts", "feedback_rollups"):
        out[table] = sorted(map(tuple, session.execute(text(f"SELECT * FROM {table}")).all()), key=repr)
    return _as_plain(out)


def every_text_value(session) -> list[str]:
    """Every text and binary value of every table (also SQLite's search index tables)."""
    values = []
    engine = session.get_bind()
    inspector = inspect(engine)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if isinstance(column["type"], (String, Text, LargeBinary)) or str(column["type"]).upper() in ("BLOB", ""):
                for (value,) in session.execute(text(f'SELECT "{column["name"]}" FROM "{table}"')):
                    if isinstance(value, (bytes, memoryview)):
                        values.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        values.append(str(value))
    return values


def test_retention_removes_personal_data_and_keeps_every_figure(planted):
    store, plants = planted
    policy = load_policy()
    with store.session() as session:
        before = figures(session)
        haystack = "\n".join(every_text_value(session))
        assert all(secret in haystack for secret in (NAME, EMAIL, PHONE, "XP-406-G"))   # planted indeed
        reports_before = session.scalar(select(func.count()).select_from(Report))

        # a dry run counts and changes nothing but its own audit line
        counts = Retention(session, LATER, policy, dry_run=True).run()
        assert counts["contact"] >= 2 and counts["photos"] >= 2 and counts["text"] >= 2 and counts["tracking"] >= 2
        assert session.scalar(select(func.count()).select_from(ReportPhoto)) >= 2
        assert figures(session) == before

        # a run stopped after its first batch (one report at a time) is run again
        class Stop(Exception):
            pass

        calls = []

        def stop_after_two():
            calls.append(1)
            session.commit()
            if len(calls) == 2:
                raise Stop
        with pytest.raises(Stop):
            Retention(session, LATER, policy, batch=1, commit=stop_after_two).run()
        session.rollback()
        done = Retention(session, LATER, policy).run()
        assert done["contact"] == counts["contact"] - 1 and done["photos"] == counts["photos"]
        assert Retention(session, LATER, policy).run() == dict.fromkeys(done, 0) | {"audit_log": 0}

    with store.session() as session:
        haystack = "\n".join(every_text_value(session))
        for secret in SECRETS:
            assert secret not in haystack, secret
        for report_id, photo in plants:
            assert photo.decode("latin-1") not in haystack
            report = session.get(Report, report_id)
            assert report.status == "afgehandeld" and report.text_pseudonymised_at is not None
            assert report.text.startswith("Mijn buurman [NAAM] ([TELEFOON])") and report.address == "Akkerwindestraat"
            contact = session.scalar(select(ReporterContact).where(ReporterContact.report_id == report_id))
            assert (contact.name, contact.email, contact.phone, contact.tracking_token_hash) == (None,) * 4
            assert contact.wants_feedback is True
            assert session.scalar(select(func.count()).select_from(ReportPhoto)
                                  .where(ReportPhoto.report_id == report_id)) == 0
            assert "[NAAM]" in session.scalar(select(SatisfactionAnswer.text).where(SatisfactionAnswer.report_id == report_id))
            assert "[TELEFOON]" in " ".join(session.scalars(select(ReportEvent.detail)
                                                              .where(ReportEvent.report_id == report_id)))
        assert session.scalar(select(func.count()).select_from(Report)) == reports_before
        assert figures(session) == before
        audit = session.scalars(select(AuditLog).where(AuditLog.action.like("privacy_retentie%"))
                                .order_by(AuditLog.id)).all()
        assert [a.action for a in audit] == ["privacy_retentie_proef", "privacy_retentie", "privacy_retentie",
                                             "privacy_retentie"]
        assert json.loads(audit[0].detail)["stand"].startswith("proefrun")
        assert json.loads(audit[1].detail)["stand"] == "bezig"          # the interrupted run says so
        assert json.loads(audit[2].detail)["stand"] == "klaar"
        assert json.loads(audit[2].detail)["foto's"] == counts["photos"]

    # the roll-ups rebuilt from the anonymous reports are the same: nothing depended on the personal data
    with store.engine.begin() as connection:
        rollup_store.rebuild(connection)
        feedback_store.rebuild(connection)
    with store.session() as session:
        assert figures(session) == before


def test_terms_follow_the_organisation(planted):
    """Police data (Wpg, 365 days) outlives gemeente contact details (AVG, 180 days)."""
    store, plants = planted
    (gemeente_id, _), (politie_id, _) = plants
    with store.session() as session:
        closed = session.get(Report, gemeente_id).closed_at
        Retention(session, closed + timedelta(days=200), load_policy()).run()
        contact = lambda rid: session.scalar(select(ReporterContact.email).where(ReporterContact.report_id == rid))
        assert contact(gemeente_id) is None and contact(politie_id) == EMAIL
        assert session.get(Report, gemeente_id).text == PLANTED_TEXT          # text: 365 days for both
        assert session.get(Report, politie_id).text == PLANTED_TEXT


def test_open_reports_keep_everything(store):
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text=PLANTED_TEXT, channel="web", lat=52.0455, lon=4.288,
                                                   category_slug="grofvuil", received_at=NOW - timedelta(days=900),
                                                   contact_email=EMAIL))
        report_id = report.id
    with store.session() as session:
        assert Retention(session, LATER, load_policy()).run()["contact"] == 0
        assert session.get(Report, report_id).text == PLANTED_TEXT


def test_cli_dry_run_and_run(planted, tmp_path_factory):
    from app import create_app
    from settings import Settings

    store, _ = planted
    app = create_app(Settings(mode="test", database_url=store.url, secret_key="t" * 40,
                              instance_dir=tmp_path_factory.mktemp("instance"), demo_live=False))
    runner = app.server.test_cli_runner()
    with store.session() as session:
        photos = session.scalar(select(func.count()).select_from(ReportPhoto))
    dry = runner.invoke(args=["privacy", "retention", "--dry-run", "--as-of", LATER.date().isoformat()])
    assert dry.exit_code == 0, dry.output
    assert "Proefrun" in dry.output and f"foto's: {photos} te verwijderen" in dry.output
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ReportPhoto)) == photos
    run = runner.invoke(args=["privacy", "retention", "--as-of", LATER.date().isoformat()])
    assert run.exit_code == 0 and f"foto's: {photos} verwijderd" in run.output, run.output
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ReportPhoto)) == 0
    bad = runner.invoke(args=["privacy", "retention", "--as-of", "gisteren"])
    assert bad.exit_code == 2 and "geef een datum" in bad.output
    with app.server.app_context():                                    # the nightly job, as the runner runs it
        job = runner.invoke(args=["jobs", "run", "retention"])
    assert job.exit_code == 0 and "Taak retention: ok" in job.output, job.output
    with store.session() as session:
        state = session.get(JobState, "retention")
        assert state.last_status == "ok" and "foto" in state.last_summary
