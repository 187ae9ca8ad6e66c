"""sec-data: every timeline event carries the visibility of its most restricted source

A shared report linked to a police incident got "Gekoppeld aan incident: <title>" on its timeline,
and a police incident's title is the police report's own text: the gemeente read it. Events now
have their own visibility (the strictest of their report and of what they quote); existing events
take their report's, and incident events that name a police incident become police-only.

Revision ID: 0019_secdata_event_visibility
Revises: 0018_triage_safety_check
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_secdata_event_visibility"
down_revision = "0018_triage_safety_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report_events", sa.Column("visibility", sa.String(12), nullable=False,
                                             server_default="politie"))
    op.execute("UPDATE report_events SET visibility = COALESCE("
               "(SELECT r.visibility FROM reports r WHERE r.id = report_events.report_id), 'politie')")
    op.execute("UPDATE report_events SET visibility = 'politie' WHERE kind = 'incident' AND EXISTS ("
               "SELECT 1 FROM incidents i WHERE i.visibility <> 'gedeeld' AND ("
               "CAST(i.id AS VARCHAR(20)) = report_events.to_value "
               "OR CAST(i.id AS VARCHAR(20)) = report_events.from_value))")


def downgrade() -> None:
    with op.batch_alter_table("report_events") as batch:
        batch.drop_column("visibility")
