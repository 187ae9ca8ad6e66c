"""workload: "more than 3x late" as a generated column in the open-work index

A report is more than three times late from due_at + 2 x (due_at - received_at) on (its age passes
three afhandeltermijnen). Stored as a generated column (virtual on SQLite, stored on PostgreSQL)
and added to the partial index over the open reports, the Werklast count compares one indexed value
with `now` instead of doing date arithmetic on every open report.

Revision ID: 0015_late_three_x
Revises: 0013_feedback_facts
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_late_three_x"
down_revision = "0013_feedback_facts"
branch_labels = None
depends_on = None

OPEN_WHERE = sa.text("status IN ('gemeld', 'in_behandeling', 'ingepland', 'reactie_gevraagd', 'doorgezet', 'heropend')")
OPEN_COLUMNS = ["received_at", "organisation_id", "team_id", "assignee_id", "due_at", "visibility", "wijk_code",
                "buurt_code", "main_category_id", "urgent", "channel", "category_id", "status"]
# SQLite keeps datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' text; this renders the same shape (to the
# millisecond), so the column compares with a bound datetime as text does.
GENERATED = {
    "sqlite": "strftime('%Y-%m-%d %H:%M:%f', 3 * julianday(due_at) - 2 * julianday(received_at))",
    "postgresql": "due_at + 2 * (due_at - received_at)",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    storage = "VIRTUAL" if dialect == "sqlite" else "STORED"
    op.execute(f"ALTER TABLE reports ADD COLUMN late3x_at TIMESTAMP "
               f"GENERATED ALWAYS AS ({GENERATED[dialect]}) {storage}")
    op.drop_index("ix_reports_open_work", table_name="reports")
    op.create_index("ix_reports_open_work", "reports", OPEN_COLUMNS + ["late3x_at"], unique=False,
                    postgresql_where=OPEN_WHERE, sqlite_where=OPEN_WHERE)
    op.execute("ANALYZE reports")


def downgrade() -> None:
    op.drop_index("ix_reports_open_work", table_name="reports")
    op.create_index("ix_reports_open_work", "reports", OPEN_COLUMNS, unique=False,
                    postgresql_where=OPEN_WHERE, sqlite_where=OPEN_WHERE)
    op.execute("ALTER TABLE reports DROP COLUMN late3x_at")
