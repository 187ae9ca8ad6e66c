"""resident follow-ups: "ik zie dit ook", area followers and their notifications, buurt page views,
answers to a call for information

Revision ID: 0009_resident_followups
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_resident_followups"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resident_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=24), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE",
                                name=op.f("fk_resident_confirmations_incident_id_incidents")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_resident_confirmations_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident_confirmations")),
        sa.UniqueConstraint("target", "session_hash", name="uq_resident_confirmations_target_session"),
    )
    op.create_index(op.f("ix_resident_confirmations_incident_id"), "resident_confirmations", ["incident_id"])
    op.create_index(op.f("ix_resident_confirmations_report_id"), "resident_confirmations", ["report_id"])
    op.create_table(
        "area_followers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("unsubscribe_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_followers")),
        sa.UniqueConstraint("unsubscribe_hash", name=op.f("uq_area_followers_unsubscribe_hash")),
    )
    op.create_index(op.f("ix_area_followers_area_code"), "area_followers", ["area_code"])
    op.create_table(
        "neighbourhood_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("follower_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("tried_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["neighbourhood_messages.id"], ondelete="CASCADE",
                                name=op.f("fk_neighbourhood_notifications_message_id_neighbourhood_messages")),
        sa.ForeignKeyConstraint(["follower_id"], ["area_followers.id"], ondelete="SET NULL",
                                name=op.f("fk_neighbourhood_notifications_follower_id_area_followers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_neighbourhood_notifications")),
    )
    op.create_index(op.f("ix_neighbourhood_notifications_message_id"), "neighbourhood_notifications",
                    ["message_id"])
    op.create_index(op.f("ix_neighbourhood_notifications_state"), "neighbourhood_notifications", ["state"])
    op.create_table(
        "area_page_views",
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("area_code", "day", name=op.f("pk_area_page_views")),
    )
    op.create_table(
        "oproep_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["neighbourhood_messages.id"], ondelete="CASCADE",
                                name=op.f("fk_oproep_responses_message_id_neighbourhood_messages")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_oproep_responses_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oproep_responses")),
        sa.UniqueConstraint("report_id", name=op.f("uq_oproep_responses_report_id")),
    )
    op.create_index(op.f("ix_oproep_responses_message_id"), "oproep_responses", ["message_id"])


def downgrade() -> None:
    op.drop_table("oproep_responses")
    op.drop_table("area_page_views")
    op.drop_table("neighbourhood_notifications")
    op.drop_table("area_followers")
    op.drop_table("resident_confirmations")
