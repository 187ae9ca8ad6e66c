"""live map and wall: covering indexes for map points, grid cells and open-now tiles

Revision ID: 0003_map_indexes
Revises: 0001
"""
from alembic import op

revision = "0003_map_indexes"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_reports_map_cover": ["received_at", "visibility", "lat", "lon", "urgent", "main_category_id",
                             "incident_id"],
    "ix_reports_open_cover": ["status", "urgent", "due_at", "visibility", "wijk_code", "buurt_code"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "reports", columns, unique=False)
    # Fresh statistics, or the planners keep preferring the older, narrower indexes.
    op.execute("ANALYZE reports")


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="reports")
