"""early warning: one covering index for a main category's recent reports (time, audience, place,
buurt, wijk), so the spike windows and history, the weekday/hour profile, repeat locations and
hotspots are counted from the index alone instead of one table read per report in range

Revision ID: 0014_early_warning_cover
Revises: 0012_alert_channel
"""
from alembic import op

revision = "0014_early_warning_cover"
down_revision = "0012_alert_channel"
branch_labels = None
depends_on = None

COLUMNS = ["main_category_id", "received_at", "visibility", "lat", "lon", "buurt_code", "wijk_code"]


def upgrade() -> None:
    op.create_index("ix_reports_early_warning_cover", "reports", COLUMNS)
    # Without statistics for the new index SQLite takes it for a selective one and plans e.g. the
    # urgent queue as a walk over every report of each main category (1.7 s at 1M instead of 1 ms).
    op.execute("ANALYZE reports")


def downgrade() -> None:
    op.drop_index("ix_reports_early_warning_cover", table_name="reports")
