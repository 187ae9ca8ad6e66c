"""The feedback outbox: delivery, failure with retry and backoff, nothing lost; satisfaction answers."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.models import FeedbackMessage, OutboxAttempt, Report, ReportEvent
from services.intake import IntakeData, submit_report
from services.channels import DeliveryError, backoff
from services.outbox import deliver_pending
from services.satisfaction import record_answer
from services.workflow import WorkflowError

T0 = datetime(2026, 4, 7, 8, 0, tzinfo=timezone.utc)


class Recorder:
    def __init__(self, fail: bool = False):
        self.fail, self.delivered = fail, []

    def deliver(self, envelope):
        if self.fail:
            raise DeliveryError("SMTP-server niet bereikbaar")
        self.delivered.append(envelope)


def _report_with_message(session, channel="email"):
    report = submit_report(session, IntakeData(
        text="Losse stoeptegel", channel="web", lat=52.035, lon=4.27, received_at=T0,
        category_slug="onderhoud-stoep-straat-en-fietspad", contact_email="melder@voorbeeld.nl",
        contact_phone="0612345678", wants_feedback=True))
    message = FeedbackMessage(report_id=report.id, kind="ontvangstbevestiging", body="Dank u",
                              channel=channel, created_at=T0)
    session.add(message)
    session.flush()
    return report, message


def test_delivery_marks_sent_and_logs_attempt(store):
    adapter = Recorder()
    with transaction(store.sessions) as session:
        _, message = _report_with_message(session)
        counts = deliver_pending(session, T0 + timedelta(minutes=1), {"email": adapter})
    assert counts == {"verzonden": 1, "mislukt": 0}
    assert adapter.delivered[0].address == "melder@voorbeeld.nl"
    with store.session() as session:
        stored = session.get(FeedbackMessage, message.id)
        assert (stored.state, stored.attempts, stored.sent_at) == ("verzonden", 1, T0 + timedelta(minutes=1))
        assert session.scalar(select(func.count()).select_from(OutboxAttempt)) == 1
    with transaction(store.sessions) as session:   # a second round sends nothing again
        assert deliver_pending(session, T0 + timedelta(hours=1), {"email": adapter}) == \
            {"verzonden": 0, "mislukt": 0}
    assert len(adapter.delivered) == 1


def test_failure_is_kept_and_retried_after_backoff(store):
    broken, working = Recorder(fail=True), Recorder()
    with transaction(store.sessions) as session:
        _, message = _report_with_message(session)
        assert deliver_pending(session, T0, {"email": broken})["mislukt"] == 1
    with store.session() as session:
        stored = session.get(FeedbackMessage, message.id)
        assert (stored.state, stored.attempts, stored.last_error) == \
            ("mislukt", 1, "SMTP-server niet bereikbaar")
    with transaction(store.sessions) as session:      # within the backoff: not tried again
        assert deliver_pending(session, T0 + backoff(1) - timedelta(seconds=1),
                               {"email": working}) == {"verzonden": 0, "mislukt": 0}
    with transaction(store.sessions) as session:      # still failing: attempts counted
        deliver_pending(session, T0 + backoff(1), {"email": broken})
    with store.session() as session:
        assert session.get(FeedbackMessage, message.id).attempts == 2
    later = T0 + backoff(1) + backoff(2)
    with transaction(store.sessions) as session:
        assert deliver_pending(session, later, {"email": working})["verzonden"] == 1
    with store.session() as session:
        stored = session.get(FeedbackMessage, message.id)
        assert (stored.state, stored.attempts, stored.last_error, stored.sent_at) == \
            ("verzonden", 3, None, later)
        attempts = session.scalars(select(OutboxAttempt.ok).order_by(OutboxAttempt.id)).all()
        assert attempts == [False, False, True]


def test_unknown_channel_is_a_failure_not_a_loss(store):
    with transaction(store.sessions) as session:
        _, message = _report_with_message(session, channel="fax")
        assert deliver_pending(session, T0, {"email": Recorder()})["mislukt"] == 1
    with store.session() as session:
        stored = session.get(FeedbackMessage, message.id)
        assert stored.state == "mislukt" and "fax" in stored.last_error


def test_backoff_grows_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=5), timedelta(minutes=10),
                                               timedelta(minutes=20)]
    assert backoff(30) == timedelta(hours=6)


def _closed_report(session):
    report, _ = _report_with_message(session)
    report.status, report.closed_at = "afgehandeld", T0 + timedelta(days=1)
    session.flush()
    return report


def test_negative_answer_reopens_through_a_system_event(store):
    with transaction(store.sessions) as session:
        report = _closed_report(session)
        record_answer(session, report.id, False, "niet_opgelost", "Tegel ligt er nog",
                      at=T0 + timedelta(days=2))
    with store.session() as session:
        stored = session.get(Report, report.id)
        assert stored.status == "heropend" and stored.closed_at is None
        event = session.scalars(select(ReportEvent).where(ReportEvent.report_id == report.id,
                                                          ReportEvent.kind == "status")).one()
        assert (event.from_value, event.to_value, event.actor_label, event.actor_id) == \
            ("afgehandeld", "heropend", "systeem", None)


def test_positive_answer_and_no_reopen(store):
    with transaction(store.sessions) as session:
        first, second = _closed_report(session), _closed_report(session)
        record_answer(session, first.id, True)
        record_answer(session, second.id, False, "te_lang", reopen_on_negative=False)
    with store.session() as session:
        assert session.get(Report, first.id).status == "afgehandeld"
        assert session.get(Report, second.id).status == "afgehandeld"


def test_answer_refused_when_not_closed_or_bad_reason(store):
    with transaction(store.sessions) as session:
        report, _ = _report_with_message(session)
        report_id = report.id
    with pytest.raises(WorkflowError, match="afgehandelde"):
        with transaction(store.sessions) as session:
            record_answer(session, report_id, False, "niet_opgelost")
    with transaction(store.sessions) as session:
        session.get(Report, report_id).status = "afgehandeld"
    with pytest.raises(WorkflowError, match="redenen"):
        with transaction(store.sessions) as session:
            record_answer(session, report_id, False, "verzonnen")
    with store.session() as session:
        assert session.get(Report, report_id).status == "afgehandeld"
