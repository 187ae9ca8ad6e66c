"""rights: the audit log says from which page a view came; residents found by e-mail address

`audit_log.source` is the page (or route) where a contact view, photo view or export happened,
for the /audit page. The privacy officer finds a resident's reports by e-mail address: an index on
lower(email) keeps that from reading every contact row.

Revision ID: 0019_rights_audit_source
Revises: 0018_triage_safety_check
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_rights_audit_source"
down_revision = "0018_triage_safety_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("source", sa.String(120), nullable=False, server_default=""))
    op.create_index("ix_audit_log_action_at", "audit_log", ["action", "at"])
    op.create_index("ix_reporter_contacts_email_lower", "reporter_contacts", [sa.text("lower(email)")])
    op.create_index("ix_area_followers_email_lower", "area_followers", [sa.text("lower(email)")])


def downgrade() -> None:
    op.drop_index("ix_area_followers_email_lower", "area_followers")
    op.drop_index("ix_reporter_contacts_email_lower", "reporter_contacts")
    op.drop_index("ix_audit_log_action_at", "audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("source")
