"""resilience: the reports early warning has not checked yet, kept in the store (issue 16)

A report that needs early warning gets a row here in the transaction that stores it; the check
that handles it deletes the row. A detection that fails (a database hiccup) or never runs (a
killed worker with ids still queued in memory) leaves the row, and the job runner's "detect" job
catches up from it. Existing reports need no row: the old 24-hour pass has seen them.

Revision ID: 0019_resilience_backlog
Revises: 0018_triage_safety_check
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_resilience_backlog"
down_revision = "0018_triage_safety_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "detection_backlog",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_detection_backlog_report_id_reports")),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_detection_backlog")),
    )


def downgrade() -> None:
    op.drop_table("detection_backlog")
