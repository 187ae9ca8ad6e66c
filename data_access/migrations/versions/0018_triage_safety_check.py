"""triage: reports that may describe someone in danger, for a person to check first

The API intakes cannot ask the resident "Is er nu iemand in gevaar?"; such a report is stored
urgent with `safety_check` set, and the urgent queue shows it on top until someone picks it up.
The urgent queue reads open urgent reports newest first; the flag needs no index of its own.

Revision ID: 0018_triage_safety_check
Revises: 0017_feed_post_wijk
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_triage_safety_check"
down_revision = "0017_feed_post_wijk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN on both dialects (no table rebuild: SQLite keeps the reports' triggers)
    op.add_column("reports", sa.Column("safety_check", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("safety_check")
