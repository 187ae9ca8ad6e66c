"""privacy: mark when a closed report's free text was pseudonymised by the retention run (issue 17)

The retention run (services/privacy/retention.py) deletes contact details, photos and tracking
tokens (their absence is their own mark) and pseudonymises free text, which stays: this column
says it was done, so that a daily run only touches reports whose term ended since the last run.
The run finds its reports through ix_reports_closed_work (closed_at first); no index of its own.

Revision ID: 0019_privacy_retention
Revises: 0018_triage_safety_check
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_privacy_retention"
down_revision = "0018_triage_safety_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN on both dialects (no table rebuild: SQLite keeps the reports' triggers)
    op.add_column("reports", sa.Column("text_pseudonymised_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("text_pseudonymised_at")
