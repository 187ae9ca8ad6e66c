"""live map: the report id joins the map's covering index, so the points of a time window are read
from the index alone (no heap fetch per point)

Revision ID: 0011_map_cover_id
Revises: 0003_map_indexes
"""
from alembic import op

revision = "0011_map_cover_id"
down_revision = "0003_map_indexes"
branch_labels = None
depends_on = None

OLD = ["received_at", "visibility", "lat", "lon", "urgent", "main_category_id", "incident_id"]


def upgrade() -> None:
    op.drop_index("ix_reports_map_cover", table_name="reports")
    op.create_index("ix_reports_map_cover", "reports", [*OLD, "id"], unique=False)
    op.execute("ANALYZE reports")


def downgrade() -> None:
    op.drop_index("ix_reports_map_cover", table_name="reports")
    op.create_index("ix_reports_map_cover", "reports", OLD, unique=False)
