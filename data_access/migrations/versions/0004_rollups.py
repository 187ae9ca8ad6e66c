"""timeline and workload: covering indexes for reports per period and for the outflow

No roll-up table (yet): the Tijdlijn and Werklast aggregates read these indexes only.

Revision ID: 0004_analytics_indexes
Revises: 0001
"""
from alembic import op

revision = "0004_analytics_indexes"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_reports_analytics_cover": ["received_at", "visibility", "main_category_id", "urgent", "channel",
                                   "organisation_id", "team_id", "assignee_id", "buurt_code", "wijk_code"],
    "ix_reports_closed_cover": ["closed_at", "visibility", "organisation_id", "team_id", "assignee_id",
                                "main_category_id", "urgent", "channel", "buurt_code", "wijk_code"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "reports", columns, unique=False)
    op.execute("ANALYZE reports")


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="reports")
