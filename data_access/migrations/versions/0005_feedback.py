"""feedback: satisfaction answers, the outbox delivery log, contacts that want feedback

Revision ID: 0005_feedback
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_feedback"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satisfaction_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_satisfaction_answers_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_answers")),
    )
    op.create_index(op.f("ix_satisfaction_answers_report_id"), "satisfaction_answers", ["report_id"])
    op.create_index(op.f("ix_satisfaction_answers_answered_at"), "satisfaction_answers", ["answered_at"])
    op.create_table(
        "outbox_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["feedback_messages.id"], ondelete="CASCADE",
                                name=op.f("fk_outbox_attempts_message_id_feedback_messages")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attempts")),
    )
    op.create_index("ix_outbox_attempts_message_at", "outbox_attempts", ["message_id", "at"])
    op.create_index("ix_reporter_contacts_wants_feedback", "reporter_contacts", ["wants_feedback", "report_id"])


def downgrade() -> None:
    op.drop_index("ix_reporter_contacts_wants_feedback", table_name="reporter_contacts")
    op.drop_index("ix_outbox_attempts_message_at", table_name="outbox_attempts")
    op.drop_table("outbox_attempts")
    op.drop_index(op.f("ix_satisfaction_answers_answered_at"), table_name="satisfaction_answers")
    op.drop_index(op.f("ix_satisfaction_answers_report_id"), table_name="satisfaction_answers")
    op.drop_table("satisfaction_answers")
