"""analysis pages: roll-up tables of report counts per local day/month and per UTC hour, filled from
the reports already there (data_access/rollup_store.py keeps them in step from then on)

Revision ID: 0012_report_rollups
Revises: 0008_rollups
"""
import sqlalchemy as sa
from alembic import op

from data_access.rollup_store import rebuild_counts

revision = "0012_report_rollups"
down_revision = "0008_rollups"
branch_labels = None
depends_on = None

MEASURES = ("received", "closed", "on_time", "outflow")


def upgrade() -> None:
    op.create_table(
        "report_rollups",
        sa.Column("grain", sa.String(1), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("main_category_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("visibility", sa.String(12), nullable=False),
        sa.Column("buurt_code", sa.String(16), nullable=False),
        sa.Column("wijk_code", sa.String(16), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES],
        sa.PrimaryKeyConstraint("grain", "period", "main_category_id", "organisation_id", "team_id", "urgent",
                                "channel", "visibility", "buurt_code", "wijk_code", name="pk_report_rollups"),
    )
    op.create_table(
        "report_hour_counts",
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.String(12), nullable=False),
        sa.Column("buurt_code", sa.String(16), nullable=False),
        sa.Column("wijk_code", sa.String(16), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "organisation_id", "visibility", "buurt_code", "wijk_code",
                                name="pk_report_hour_counts"),
    )
    rebuild_counts(op.get_bind())
    op.execute("ANALYZE report_rollups")
    op.execute("ANALYZE report_hour_counts")


def downgrade() -> None:
    op.drop_table("report_hour_counts")
    op.drop_table("report_rollups")
