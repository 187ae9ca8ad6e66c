"""workload: "more than 3x late" as a stored moment in the open-work index

A report is more than three times late from due_at + 2 x (due_at - received_at) on (its age passes
three afhandeltermijnen). With that moment stored and in the partial index over the open reports,
the Werklast count compares one indexed value with `now` instead of doing date arithmetic on every
open report. PostgreSQL stores it as a generated column. SQLite cannot add a stored generated
column to an existing table, and does not read a virtual one from an index (the index would no
longer cover the query), so there it is a plain column kept by two triggers.

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
# SQLite keeps datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' text (SQLAlchemy's format); this renders
# the same shape (strftime's %f has milliseconds), so the column compares with a bound datetime.
SQLITE_MOMENT = "strftime('%Y-%m-%d %H:%M:%f', 3 * julianday({0}due_at) - 2 * julianday({0}received_at)) || '000'"
SQLITE_TRIGGERS = {
    "tr_reports_late3x_insert": "AFTER INSERT ON reports",
    "tr_reports_late3x_update": "AFTER UPDATE OF due_at, received_at ON reports",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE reports ADD COLUMN late3x_at TIMESTAMP "
                   "GENERATED ALWAYS AS (due_at + 2 * (due_at - received_at)) STORED")
    else:
        op.execute("ALTER TABLE reports ADD COLUMN late3x_at DATETIME")
        op.execute(f"UPDATE reports SET late3x_at = {SQLITE_MOMENT.format('')} WHERE due_at IS NOT NULL")
        for name, event in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW BEGIN "
                       f"UPDATE reports SET late3x_at = {SQLITE_MOMENT.format('NEW.')} WHERE id = NEW.id; END")
    op.drop_index("ix_reports_open_work", table_name="reports")
    op.create_index("ix_reports_open_work", "reports", OPEN_COLUMNS + ["late3x_at"], unique=False,
                    postgresql_where=OPEN_WHERE, sqlite_where=OPEN_WHERE)
    op.execute("ANALYZE reports")


def downgrade() -> None:
    op.drop_index("ix_reports_open_work", table_name="reports")
    op.create_index("ix_reports_open_work", "reports", OPEN_COLUMNS, unique=False,
                    postgresql_where=OPEN_WHERE, sqlite_where=OPEN_WHERE)
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.execute("ALTER TABLE reports DROP COLUMN late3x_at")
