"""map: what the grid's two GROUP BYs need at 20M reports (a covering index and statistics)

1. A long period's cells from report_cell_counts (a year: ~322,000 day and month rows at 20M) were
   read through the primary key and then the table (a bitmap heap scan of 76,000 pages, 747 ms of
   the year's 1,088 ms p95): `received` is in no index and a period's rows lie all over the table.
   `ix_report_cell_counts_cover` holds every column the grid reads, in period order; the grid asks
   for one key range per part of the period (data_access/map_queries.py).
2. A short period's cells come from the reports, grouped on round(lat / CELL_LAT) and
   round(lon / CELL_LON). PostgreSQL has no statistics on those expressions and estimates about one
   group per report (~500,000 for 30 days at 20M instead of ~780), so it plans a serial
   HashAggregate sized for that many groups, with JIT, instead of a parallel partial aggregate.
   `st_reports_map_cell` (ndistinct on the two expressions, PostgreSQL only) gives it the real
   number of cells. The expressions must be the ones `rollup_store.cell_index` sends.

Builds with a plain CREATE INDEX (the app migrates inside one transaction under an advisory lock,
so not CONCURRENTLY): writes to report_cell_counts, i.e. intake, wait for the build; reads go on.
Time at 20M reports (7.4M roll-up rows): see docs/operations.md, "Upgrades".

Revision ID: 0023_map20m_grid
Revises: 0022_rollups20m_cell_counts
"""
from alembic import op

from data_access.rollup_store import CELL_COVER_COLUMNS, CELL_LAT, CELL_LON

revision = "0023_map20m_grid"
down_revision = "0022_rollups20m_cell_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_report_cell_counts_cover", "report_cell_counts", CELL_COVER_COLUMNS, unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE STATISTICS st_reports_map_cell (ndistinct) ON (round(lat / {CELL_LAT!r}::float8)), "
                   f"(round(lon / {CELL_LON!r}::float8)) FROM reports")
        op.execute("ANALYZE reports (lat, lon)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP STATISTICS IF EXISTS st_reports_map_cell")
    op.drop_index("ix_report_cell_counts_cover", table_name="report_cell_counts")
