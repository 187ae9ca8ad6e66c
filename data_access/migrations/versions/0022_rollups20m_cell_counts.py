"""map: located reports per local day and month x ~100 m cell, for the grid of long periods

The map's grid over a year was an index-only scan of 6.7M reports into a GROUP BY on rounded
coordinates (1.7 s p95 at 20M). `report_cell_counts` holds those counts per local day and month
with the columns the map filters and scopes on (data_access/rollup_store.py keeps it in step from
then on); the grid reads whole days and months from it and only the edges from the reports.

Revision ID: 0022_rollups20m_cell_counts
Revises: 0021_rollups20m_stage_times
"""
import sqlalchemy as sa
from alembic import op

from data_access.rollup_store import rebuild_cells

revision = "0022_rollups20m_cell_counts"
down_revision = "0021_rollups20m_stage_times"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_cell_counts",
        sa.Column("grain", sa.String(1), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("cell_row", sa.Integer(), nullable=False),
        sa.Column("cell_col", sa.Integer(), nullable=False),
        sa.Column("main_category_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("visibility", sa.String(12), nullable=False),
        sa.Column("buurt_code", sa.String(16), nullable=False),
        sa.Column("wijk_code", sa.String(16), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("grain", "period", "cell_row", "cell_col", "main_category_id", "organisation_id",
                                "urgent", "visibility", "buurt_code", "wijk_code", name="pk_report_cell_counts"),
    )
    if op.get_bind().dialect.name == "postgresql":      # the grouping of every located report in memory
        op.execute("SET LOCAL work_mem = '256MB'")
    rebuild_cells(op.get_bind())
    op.execute("ANALYZE report_cell_counts")


def downgrade() -> None:
    op.drop_table("report_cell_counts")
