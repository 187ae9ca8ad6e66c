"""Staff on duty get an e-mail about each new urgent report and each new alert they may see.

Each staff member sets it up for themselves (page /instellingen): a work address, "ik heb dienst",
and which of the two kinds. The "staff" job (`notify_on_duty`) queues one StaffNotification per
person and report or alert, within that person's scope as the dashboard applies it (a gemeente
user never hears of a police-only report or alert; a wijkagent only of the assigned wijken), and
delivers them like the outbox (back-off on failure, never twice: one row per person and object).
The mails hold no personal data of reporters and no report text: category, buurt, time, reference
and a link to the dashboard; an alert's explanation (counts only) goes to those who may see it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from auth.users import principal_for
from data_access.models import Alert, Area, Category, Report, StaffNotification, StaffNotificationSetting, User, utcnow
from data_access.scoping import scoped_select
from data_access.time_buckets import LOCAL_TZ
from data_access.vocabulary import ALERT_KIND_LABELS, OPEN_STATUSES
from services.channels import (
    CANCELLED, FAILED, QUEUED, SENT, ChannelAdapter, attempt, configured_adapters, is_due, send_with,
)
from services.mail_content import EMAIL_PATTERN, staff_mail
from services.workflow import WorkflowError

URGENT, ALERT = "spoedmelding", "signaal"
WINDOW = timedelta(hours=24)          # what a runner that was away for a while still reports
BATCH = 200


def save_setting(session: Session, principal: Principal, email: str, on_duty: bool, urgent_reports: bool,
                 alerts: bool, now: datetime | None = None) -> StaffNotificationSetting:
    """The staff member's own choice (never another's: the principal comes from the session)."""
    if not principal.handles_reports:
        raise WorkflowError("Meldingen per e-mail zijn er voor wie meldingen behandelt.")
    email = (email or "").strip()
    if on_duty and (not EMAIL_PATTERN.match(email) or len(email) > 200):
        raise WorkflowError("Vul een geldig e-mailadres in om berichten te krijgen.")
    setting = session.get(StaffNotificationSetting, principal.user_id) or StaffNotificationSetting(
        user_id=principal.user_id)
    if on_duty and not setting.on_duty:
        setting.since = now or utcnow()     # nothing from before the shift began
    setting.email, setting.on_duty = email, bool(on_duty)
    setting.urgent_reports, setting.alerts = bool(urgent_reports), bool(alerts)
    session.add(setting)
    session.flush()
    return setting


def _not_queued(user_id: int, kind: str, column):
    return ~exists().where(StaffNotification.user_id == user_id, StaffNotification.kind == kind,
                           StaffNotification.object_id == column)


def queue_new(session: Session, now: datetime) -> int:
    """Queue a notification for every new urgent report and alert per person on duty who may see it."""
    queued = 0
    rows = session.execute(select(StaffNotificationSetting, User)
                           .join(User, User.id == StaffNotificationSetting.user_id)
                           .where(StaffNotificationSetting.on_duty.is_(True), User.active.is_(True))).all()
    for setting, user in rows:
        principal = principal_for(user)
        if not principal.handles_reports:
            continue
        since = max(setting.since, now - WINDOW)
        ids: list[tuple[str, int]] = []
        if setting.urgent_reports:
            ids += [(URGENT, i) for i in session.scalars(
                scoped_select(principal, Report, Report.id).where(Report.urgent.is_(True),
                                        Report.status.in_(sorted(OPEN_STATUSES)), Report.received_at >= since,
                                        _not_queued(user.id, URGENT, Report.id)))]
        if setting.alerts:
            # a wijkagent hears of the alerts in the assigned wijken: the registry's area rule
            ids += [(ALERT, i) for i in session.scalars(
                scoped_select(principal, Alert, Alert.id).where(Alert.created_at >= since,
                                                                _not_queued(user.id, ALERT, Alert.id)))]
        session.add_all([StaffNotification(user_id=user.id, kind=kind, object_id=object_id, state=QUEUED,
                                           created_at=now) for kind, object_id in ids])
        queued += len(ids)
    session.flush()
    return queued


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%d-%m-%Y %H:%M")


def _area_name(session: Session, code: str | None) -> str:
    if not code:
        return "onbekend"
    return session.scalar(select(Area.name).where(Area.code == code)) or code


def _compose(session: Session, note: StaffNotification, base_url: str):
    """The mail about one report or alert, or None when it is gone (retention, merged)."""
    settings_url = f"{base_url}/instellingen"
    if note.kind == URGENT:
        report = session.get(Report, note.object_id)
        if report is None:
            return None
        category = session.scalar(select(Category.name).where(Category.id == report.category_id))
        area = _area_name(session, report.buurt_code)
        return staff_mail(f"Spoedmelding in {area}: {category}", f"Nieuwe spoedmelding {report.reference}",
                          [("Categorie", category), ("Buurt", area), ("Binnengekomen", _local(report.received_at)),
                           ("Melding", report.reference)], f"{base_url}/kaart", settings_url)
    alert = session.get(Alert, note.object_id)
    if alert is None:
        return None
    category = session.scalar(select(Category.name).where(Category.id == alert.main_category_id)) or "alle"
    area = _area_name(session, alert.area_code)
    kind = ALERT_KIND_LABELS.get(alert.kind, alert.kind)
    return staff_mail(f"Nieuw signaal: {kind.lower()} in {area}", f"{kind} in {area}",
                      [("Soort", kind), ("Categorie", category), ("Gebied", area),
                       ("Uitleg", alert.explanation), ("Sinds", _local(alert.created_at))],
                      f"{base_url}/signalen", settings_url)


def deliver(session: Session, now: datetime, adapters: dict[str, ChannelAdapter], base_url: str,
            checkpoint: Callable[[], None] = lambda: None) -> dict[str, int]:
    """One delivery round of queued (and due failed) staff notifications; the caller commits."""
    counts = {SENT: 0, FAILED: 0}
    rows = session.execute(select(StaffNotification, StaffNotificationSetting.email)
                           .join(StaffNotificationSetting, StaffNotificationSetting.user_id == StaffNotification.user_id)
                           .where(StaffNotification.state.in_((QUEUED, FAILED)))
                           .order_by(StaffNotification.created_at).limit(BATCH)).all()
    for note, email in rows:
        if not is_due(note.state, note.attempts, note.tried_at, now):
            continue
        mail = _compose(session, note, base_url)
        if mail is None:
            note.state = CANCELLED
            continue
        envelope = mail.envelope(note.id, note.object_id if note.kind == URGENT else None, note.channel,
                                 note.kind, email)
        counts[SENT if attempt(note, now, send_with(adapters, envelope)) else FAILED] += 1
        session.flush()
        checkpoint()
    return counts


def notify_on_duty(session: Session, now: datetime) -> dict[str, int]:
    """The "staff" job: queue what is new, then deliver through the configured channels."""
    from flask import current_app

    settings = current_app.config["HNM_SETTINGS"]
    queued = queue_new(session, now)
    session.commit()
    counts = deliver(session, now, configured_adapters(settings), settings.effective_public_url,
                     checkpoint=session.commit)
    return {"klaargezet": queued, "verzonden": counts[SENT], "mislukt": counts[FAILED]}
