"""The jobs the job runner runs. Adding a job is one entry in JOBS.

A job's target is "module:function", imported when the job first runs and called as
`function(session, now)` inside one transaction (the runner commits it; a function may commit
along the way, as the outbox does after each mail) and inside the app context (`current_app`
gives the settings). It returns a short summary for /beheer (a dict of counts, a list, a text or
None). When it raises, the runner rolls back, records the failure and tries again after a back-off.
`every` runs it at that interval, `cron` at fixed local times (Europe/Amsterdam, crontab syntax,
e.g. "30 3 * * *" for 03:30 every night).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from data_access.vocabulary import TIMEZONE_NAME


@dataclass(frozen=True)
class Job:
    name: str                      # English, the key in job_states and on the command line
    label: str                     # Dutch, for /beheer
    target: str                    # "module:function(session, now)"
    every: timedelta | None = None
    cron: str | None = None

    def __post_init__(self):
        if (self.every is None) == (self.cron is None):
            raise ValueError(f"job {self.name}: give either every or cron")

    def trigger(self) -> BaseTrigger:
        if self.every is not None:
            return IntervalTrigger(seconds=self.every.total_seconds(), timezone="UTC")
        return CronTrigger.from_crontab(self.cron, timezone=TIMEZONE_NAME)

    def function(self) -> Callable:
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)


JOBS: tuple[Job, ...] = (
    Job("outbox", "Terugkoppeling, buurtberichten en bevestigingen versturen", "services.outbox:deliver_round",
        every=timedelta(seconds=30)),
    Job("detect", "Vroegsignalering: gemiste meldingen inhalen, dan het afgelopen etmaal",
        "services.detection_queue:scheduled_pass",
        every=timedelta(minutes=15)),
    Job("staff", "Spoedmeldingen en signalen mailen aan wie dienst heeft",
        "services.staff_notifications:notify_on_duty", every=timedelta(minutes=1)),
    Job("followers", "Onbevestigde volgers van buurten wissen", "services.area_followers:expire_unconfirmed",
        every=timedelta(hours=1)),
    Job("retrain", "Triagemodel hertrainen op correcties; alleen promoveren als het niet slechter is",
        "services.triage.retrain:scheduled_retraining", cron="0 4 * * sun"),
    Job("retention", "Bewaartermijnen: persoonsgegevens wissen, vrije tekst pseudonimiseren",
        "services.privacy.retention:scheduled_retention", cron="0 3 * * *"),
)
