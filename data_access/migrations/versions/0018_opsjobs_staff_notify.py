"""staff notifications: each staff member's choice and the mails about urgent reports and alerts

Revision ID: 0018_opsjobs_staff_notify
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0018_opsjobs_staff_notify"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_notification_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("urgent_reports", sa.Boolean(), nullable=False),
        sa.Column("alerts", sa.Boolean(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_staff_notification_settings_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_staff_notification_settings")),
    )
    op.create_table(
        "staff_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("tried_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_staff_notifications_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notifications")),
        sa.UniqueConstraint("user_id", "kind", "object_id", name="uq_staff_notifications_user_kind_object"),
    )
    op.create_index(op.f("ix_staff_notifications_state"), "staff_notifications", ["state"])


def downgrade() -> None:
    op.drop_table("staff_notifications")
    op.drop_table("staff_notification_settings")
