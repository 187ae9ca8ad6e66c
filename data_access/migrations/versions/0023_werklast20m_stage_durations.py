"""workload: histograms of the lead times per stage per local day and month

Werklast's medians per stage (received -> first in_behandeling -> first afgehandeld) were
`percentile_cont` over every report of the period (0021 put the moments on the report row): at 20M
reports 30 days are ~545,000 durations per stage, 1.9 s p95, three sorts that spill to disk.
`report_stage_blocks` and `report_stage_durations` count the reports per local received day and
month x visibility and wijk x stage x block and bucket of the duration (data_access/stage_durations.py;
rollup_store keeps them in step from then on); the median comes from the whole days' counts plus
the period's edges from the reports. Filled with one INSERT ... SELECT ... GROUP BY over the
reports (on PostgreSQL an index-only pass over ix_reports_stage_times), then the months and blocks.

Revision ID: 0023_werklast20m_stage_durations
Revises: 0022_rollups20m_cell_counts
"""
import sqlalchemy as sa
from alembic import op

from data_access.rollup_store import rebuild_stages

revision = "0023_werklast20m_stage_durations"
down_revision = "0022_rollups20m_cell_counts"
branch_labels = None
depends_on = None


KEYS = {"report_stage_blocks": ("grain", "period", "visibility", "wijk_code", "stage", "block"),
        "report_stage_durations": ("grain", "stage", "block", "period", "visibility", "wijk_code", "bucket")}
TYPES = {"grain": sa.String(1), "period": sa.Date(), "visibility": sa.String(12), "wijk_code": sa.String(16),
         "stage": sa.SmallInteger(), "block": sa.Integer(), "bucket": sa.Integer()}


def upgrade() -> None:
    # On PostgreSQL the primary keys come after the fill: millions of rows into a B-tree one by one
    # took twice as long as the whole fill without it (SQLite cannot add a primary key later).
    later = op.get_bind().dialect.name == "postgresql"
    for table, key in KEYS.items():
        op.create_table(table, *[sa.Column(name, TYPES[name], nullable=False) for name in key],
                        sa.Column("n", sa.Integer(), nullable=False),
                        *([] if later else [sa.PrimaryKeyConstraint(*key, name=f"pk_{table}")]))
    if later:       # the grouping of every report's stages in memory
        op.execute("SET LOCAL work_mem = '256MB'")
    rebuild_stages(op.get_bind())
    for table, key in KEYS.items():
        if later:
            op.create_primary_key(f"pk_{table}", table, list(key))
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    op.drop_table("report_stage_durations")
    op.drop_table("report_stage_blocks")
