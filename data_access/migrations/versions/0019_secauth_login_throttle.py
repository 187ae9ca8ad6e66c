"""login throttle: failed logins per account name, for an exponential back-off across hosts

Revision ID: 0019_secauth_login_throttle
Revises: 0019_secauth_sessions
"""
from alembic import op
import sqlalchemy as sa

revision = "0019_secauth_login_throttle"
down_revision = "0019_secauth_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_login_throttle")),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
