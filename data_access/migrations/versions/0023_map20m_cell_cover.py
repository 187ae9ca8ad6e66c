"""map: a covering index on report_cell_counts, so the grid of a long period is an index-only scan

At 20M reports the map's year read ~322,000 day and month rows of report_cell_counts through its
primary key and then the table (a bitmap heap scan: 76,000 pages, 747 ms of 1,088 ms p95), since
`received` is in no index and a period's rows lie all over the table. This index holds every
column the grid statement reads (the period, the cell, the scope and filter columns and the count)
in period order.

Builds with a plain CREATE INDEX (the app migrates inside one transaction under an advisory lock,
so not CONCURRENTLY): writes to report_cell_counts, i.e. intake, wait for the build (20M reports,
7.4M roll-up rows: see docs/operations.md, "Upgrades"); reads go on.

Revision ID: 0023_map20m_cell_cover
Revises: 0022_rollups20m_cell_counts
"""
from alembic import op

from data_access.rollup_store import CELL_COVER_COLUMNS

revision = "0023_map20m_cell_cover"
down_revision = "0022_rollups20m_cell_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_report_cell_counts_cover", "report_cell_counts", CELL_COVER_COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_report_cell_counts_cover", table_name="report_cell_counts")
