"""terugkoppeling and trends: one row of feedback facts per report whose reporter wants to hear
back and their roll-up per local day/month, filled from the reports, contacts, messages and answers
already there (data_access/feedback_store.py keeps them in step from then on)

Revision ID: 0013_feedback_facts
Revises: 0012_report_rollups (and needs 0005_feedback)
"""
import sqlalchemy as sa
from alembic import op

from data_access.feedback_store import rebuild
from data_access.models import UTCDateTime

revision = "0013_feedback_facts"
down_revision = "0012_report_rollups"
branch_labels = None
depends_on = ("0005_feedback",)   # satisfaction answers and outbox columns

OWED = sa.text("owed_by IS NOT NULL")
DIMENSIONS = ("organisation_id", "team_id", "main_category_id", "buurt_code", "visibility", "wijk_code")
MEASURES = ("wanting", "niets", "ontvangst", "tussenbericht", "afloop", "informed", "receipt_on_time", "firsts",
            "first_ms", "closings_sent", "closing_ms", "answers", "satisfied", "deadlines")


def upgrade() -> None:
    op.create_table(
        "feedback_facts",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("main_category_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("buurt_code", sa.String(16), nullable=True),
        sa.Column("wijk_code", sa.String(16), nullable=True),
        sa.Column("visibility", sa.String(12), nullable=False),
        sa.Column("receipt_at", UTCDateTime(), nullable=True),
        sa.Column("first_at", UTCDateTime(), nullable=True),
        sa.Column("closing_at", UTCDateTime(), nullable=True),
        *[sa.Column(name, sa.Integer(), nullable=False)
          for name in ("interims", "receipts", "closings", "failed", "answers", "satisfied")],
        sa.Column("owed_by", UTCDateTime(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("informed", sa.Integer(), nullable=False),
        sa.Column("receipt_on_time", sa.Integer(), nullable=False),
        sa.Column("first_ms", sa.BigInteger(), nullable=True),
        sa.Column("closing_ms", sa.BigInteger(), nullable=True),
        sa.Column("overdue_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("report_id", name="pk_feedback_facts"),
    )
    op.create_table(
        "feedback_rollups",
        sa.Column("grain", sa.String(1), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        *[sa.Column(name, sa.Integer() if name.endswith("_id") else sa.String(16), nullable=False)
          for name in DIMENSIONS],
        *[sa.Column(name, sa.BigInteger() if name.endswith("_ms") else sa.Integer(), nullable=False)
          for name in MEASURES],
        sa.PrimaryKeyConstraint("grain", "period", *DIMENSIONS, name="pk_feedback_rollups"),
    )
    op.create_index("ix_feedback_facts_received_at", "feedback_facts", ["received_at"])
    op.create_index("ix_feedback_facts_overdue_at", "feedback_facts", ["overdue_at"])
    op.create_index("ix_feedback_facts_owed", "feedback_facts", [sa.text("urgent DESC"), "owed_by"],
                    postgresql_where=OWED, sqlite_where=OWED)
    rebuild(op.get_bind())
    op.execute("ANALYZE feedback_facts")
    op.execute("ANALYZE feedback_rollups")


def downgrade() -> None:
    op.drop_table("feedback_rollups")
    op.drop_table("feedback_facts")
