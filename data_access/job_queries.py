"""The job runner's state for /beheer, /ready and /metrics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import JobRunnerBeat, JobState


def job_states(session: Session) -> list[JobState]:
    return list(session.scalars(select(JobState).order_by(JobState.name)))


def runners(session: Session) -> list[JobRunnerBeat]:
    return list(session.scalars(select(JobRunnerBeat).order_by(JobRunnerBeat.leader.desc(), JobRunnerBeat.id)))


def runner_seen_since(session: Session, moment: datetime) -> bool:
    """Whether a leading job runner beat after `moment`."""
    return bool(session.scalar(select(func.count()).select_from(JobRunnerBeat)
                               .where(JobRunnerBeat.leader.is_(True), JobRunnerBeat.seen_at >= moment)))

