"""workload: each report's first in_behandeling and first afgehandeld time on the report row

Werklast's lead times per stage (received -> first in_behandeling -> first afgehandeld) were read
from the timeline: at 20M reports the period's reports were hash-joined with a sequential scan of
all 59.6M report_events (30 days: 17 s p95, 7 days: 1.8 s). The two moments now live on the report
(set where the status changes: services/workflow.change_status, the importers, the bench
generators) and a covering index led by received_at holds them with the columns the scope and the
filters need, so the medians read only the period's index entries. Backfilled from report_events.

Rewrites `reports` on PostgreSQL (see upgrade()): the table is locked for the whole rewrite and its
indexes are built again, so run it in a quiet hour (docs/operations.md, "Upgrades", has the time
it took on the 20M-report bench store).

Revision ID: 0021_rollups20m_stage_times
Revises: 0020_partners_sharing
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_rollups20m_stage_times"
down_revision = "0020_partners_sharing"
branch_labels = None
depends_on = None

STAGES = {"first_in_behandeling_at": "in_behandeling", "first_afgehandeld_at": "afgehandeld"}
INDEX_COLUMNS = ["received_at", *STAGES, "visibility", "category_id", "main_category_id", "organisation_id",
                 "wijk_code", "buurt_code", "urgent", "channel", "status"]


def upgrade() -> None:
    for column in STAGES:
        op.add_column("reports", sa.Column(column, sa.DateTime(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # Not an UPDATE: at 20M reports that maintains all 24 indexes row by row (~280 us a row on
        # a 200,000-report store, ~1.5 h at 20M, and leaves every row and index entry twice). A
        # column type "change" with USING rewrites the table once and builds its indexes afresh;
        # each row looks its first moments up through ix_report_events_report_at.
        op.execute("CREATE OR REPLACE FUNCTION pg_temp.first_status_at(report integer, wanted text) RETURNS timestamp "
                   "LANGUAGE sql STABLE AS $$ SELECT min(at) FROM report_events WHERE report_id = report "
                   "AND kind = 'status' AND to_value = wanted $$")
        op.execute("ALTER TABLE reports " + ", ".join(
            f"ALTER COLUMN {column} TYPE timestamp USING pg_temp.first_status_at(id, '{status}')"
            for column, status in STAGES.items()))
        op.execute("DROP FUNCTION pg_temp.first_status_at(integer, text)")
    else:   # UPDATE ... FROM (SQLite 3.33+)
        firsts = ", ".join(f"min(CASE WHEN to_value = '{status}' THEN at END) AS {column}"
                           for column, status in STAGES.items())
        statuses = ", ".join(f"'{status}'" for status in STAGES.values())
        op.execute(f"UPDATE reports SET {', '.join(f'{c} = f.{c}' for c in STAGES)} "
                   f"FROM (SELECT report_id, {firsts} FROM report_events WHERE kind = 'status' "
                   f"AND to_value IN ({statuses}) GROUP BY report_id) AS f WHERE reports.id = f.report_id")
    op.create_index("ix_reports_stage_times", "reports", INDEX_COLUMNS, unique=False)
    op.execute("ANALYZE reports")


def downgrade() -> None:
    op.drop_index("ix_reports_stage_times", table_name="reports")
    for column in STAGES:
        op.drop_column("reports", column)
