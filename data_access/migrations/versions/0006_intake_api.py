"""intake API: api keys, stored intake answers (idempotency, tokens), feed review queue

Revision ID: 0006_intake_api
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_intake_api"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("name", name="uq_api_keys_name"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_index("ix_api_keys_prefix", "api_keys", ["prefix"])
    op.create_table(
        "intake_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_keys.id"],
                                name="fk_intake_requests_api_key_id_api_keys"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name="fk_intake_requests_report_id_reports"),
        sa.PrimaryKeyConstraint("id", name="pk_intake_requests"),
        sa.UniqueConstraint("api_key_id", "kind", "key", name="uq_intake_requests_api_key_id"),
    )
    op.create_index("ix_intake_requests_report_id", "intake_requests", ["report_id"])
    op.create_table(
        "feed_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_ref", sa.String(160), nullable=False),
        sa.Column("source_name", sa.String(80), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("location_source", sa.String(16), nullable=False),
        sa.Column("street", sa.String(120), nullable=True),
        sa.Column("proposed_category", sa.String(80), nullable=True),
        sa.Column("proposed_urgent", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name="fk_feed_posts_report_id_reports"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name="fk_feed_posts_decided_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_feed_posts"),
        sa.UniqueConstraint("source_ref", name="uq_feed_posts_source_ref"),
    )
    op.create_index("ix_feed_posts_received_at", "feed_posts", ["received_at"])
    op.create_index("ix_feed_posts_state", "feed_posts", ["state"])


def downgrade() -> None:
    op.drop_table("feed_posts")
    op.drop_table("intake_requests")
    op.drop_table("api_keys")
