"""Each report's first move to in_behandeling and to afgehandeld, kept on the report row (migration
0021_rollups20m_stage_times) so that Werklast's lead times per stage read only `reports`.

They are what the timeline says: the earliest status event to that status. Every writer of status
events notes the moment here as well: services/workflow.change_status (the ORM path of every status
change), the importers (Core rows with the source's status) and the bench generators.
"""

from __future__ import annotations

from datetime import datetime

from data_access.models import Report

STAGE_COLUMNS = {"in_behandeling": "first_in_behandeling_at", "afgehandeld": "first_afgehandeld_at"}


def note_status(report: Report, status: str, at: datetime) -> None:
    """The report moved to `status` at `at` (also when recorded out of order: the earliest wins)."""
    column = STAGE_COLUMNS.get(status)
    if column is not None:
        current = getattr(report, column)
        if current is None or at < current:
            setattr(report, column, at)


def stage_values(status: str, at: datetime) -> dict:
    """Both columns for a report inserted with one status event to `status` at `at` (Core rows)."""
    return {column: at if status == stage else None for stage, column in STAGE_COLUMNS.items()}
