"""early warning per channel: an alert may be a spike of one channel in a wijk; an index lets the
detector count a wijk x channel series from a range scan

Revision ID: 0012_alert_channel
Revises: 0011_map_cover_id
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_alert_channel"
down_revision = "0011_map_cover_id"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=20), nullable=True))
    op.create_index("ix_reports_wijk_channel_time", "reports", ["wijk_code", "channel", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_reports_wijk_channel_time", table_name="reports")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("channel")
