"""timeline and workload: a partial covering index over the open reports only, and the outflow
index with received_at (the backlog at the start of a period reads it without table lookups)

Revision ID: 0008_rollups
Revises: 0004_analytics_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_rollups"
down_revision = "0004_analytics_indexes"
branch_labels = None
depends_on = None

# The same literal list as workload_queries.OPEN: SQLite uses a partial index only when the query
# repeats its WHERE term exactly.
OPEN_WHERE = sa.text("status IN ('gemeld', 'in_behandeling', 'ingepland', 'reactie_gevraagd', 'doorgezet', 'heropend')")
OPEN_COLUMNS = ["received_at", "organisation_id", "team_id", "assignee_id", "due_at", "visibility", "wijk_code",
                "buurt_code", "main_category_id", "urgent", "channel", "category_id", "status"]
CLOSED_COLUMNS = ["closed_at", "received_at", "visibility", "organisation_id", "team_id", "assignee_id",
                  "main_category_id", "urgent", "channel", "buurt_code", "wijk_code"]
OLD_CLOSED = ["closed_at", "visibility", "organisation_id", "team_id", "assignee_id", "main_category_id", "urgent",
              "channel", "buurt_code", "wijk_code"]


def upgrade() -> None:
    op.create_index("ix_reports_open_work", "reports", OPEN_COLUMNS, unique=False,
                    postgresql_where=OPEN_WHERE, sqlite_where=OPEN_WHERE)
    op.create_index("ix_reports_closed_work", "reports", CLOSED_COLUMNS, unique=False)
    op.drop_index("ix_reports_closed_cover", table_name="reports")
    op.execute("ANALYZE reports")


def downgrade() -> None:
    op.create_index("ix_reports_closed_cover", "reports", OLD_CLOSED, unique=False)
    op.drop_index("ix_reports_closed_work", table_name="reports")
    op.drop_index("ix_reports_open_work", table_name="reports")
