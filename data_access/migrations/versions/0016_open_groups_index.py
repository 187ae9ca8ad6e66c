"""workload: the open reports also in group order (organisation, team, assignee first)

The Werklast group table counts the open reports per organisation, team or person in one pass. Read
through ix_reports_open_work (received_at first) SQLite sorts every open report into a temporary
B-tree for the GROUP BY; read in group order it streams the groups (5M reports: 250 -> 100 ms).
Only the open reports are in it, so it stays small.

Revision ID: 0016_open_groups_index
Revises: 0015_late_three_x
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_open_groups_index"
down_revision = "0015_late_three_x"
branch_labels = None
depends_on = None

OPEN_WHERE = sa.text("status IN ('gemeld', 'in_behandeling', 'ingepland', 'reactie_gevraagd', 'doorgezet', 'heropend')")
COLUMNS = ["organisation_id", "team_id", "assignee_id", "received_at", "due_at", "late3x_at", "visibility",
           "wijk_code", "buurt_code", "main_category_id", "urgent", "channel", "category_id", "status"]


def upgrade() -> None:
    op.create_index("ix_reports_open_groups", "reports", COLUMNS, unique=False,
                    postgresql_where=OPEN_WHERE, sqlite_where=OPEN_WHERE)
    op.execute("ANALYZE reports")


def downgrade() -> None:
    op.drop_index("ix_reports_open_groups", table_name="reports")
