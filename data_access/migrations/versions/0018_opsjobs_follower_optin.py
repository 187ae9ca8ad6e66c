"""double opt-in of area followers: confirmed_at, and the confirmation mail as a notification kind

Followers stored before this revision followed under the old rule (at once) and count as confirmed.

Revision ID: 0018_opsjobs_follower_optin
Revises: 0009_resident_followups
"""
from alembic import op
import sqlalchemy as sa

revision = "0018_opsjobs_follower_optin"
down_revision = "0009_resident_followups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("area_followers") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(), nullable=True))
        batch.create_index(batch.f("ix_area_followers_confirmed_at"), ["confirmed_at"])
    op.execute("UPDATE area_followers SET confirmed_at = created_at")
    with op.batch_alter_table("neighbourhood_notifications") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="buurtbericht"))
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM neighbourhood_notifications WHERE message_id IS NULL")
    with op.batch_alter_table("neighbourhood_notifications") as batch:
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("kind")
    with op.batch_alter_table("area_followers") as batch:
        batch.drop_index(batch.f("ix_area_followers_confirmed_at"))
        batch.drop_column("confirmed_at")
