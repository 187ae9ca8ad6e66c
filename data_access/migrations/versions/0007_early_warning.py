"""early warning: incident grouping proposals and an index for open-alert lookups

Revision ID: 0007_early_warning
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_early_warning"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("candidate_report_id", sa.Integer(), nullable=False),
        sa.Column("candidate_incident_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.String(length=12), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_incident_proposals_report_id_reports")),
        sa.ForeignKeyConstraint(["candidate_report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_incident_proposals_candidate_report_id_reports")),
        sa.ForeignKeyConstraint(["candidate_incident_id"], ["incidents.id"], ondelete="CASCADE",
                                name=op.f("fk_incident_proposals_candidate_incident_id_incidents")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_incident_proposals_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_incident_proposals_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_proposals")),
    )
    op.create_index(op.f("ix_incident_proposals_report_id"), "incident_proposals", ["report_id"])
    op.create_index("ix_incident_proposals_state_created", "incident_proposals",
                    ["state", "created_at"])
    op.create_index("ix_alerts_series", "alerts",
                    ["kind", "area_code", "main_category_id", "visibility", "window_end"])


def downgrade() -> None:
    op.drop_index("ix_alerts_series", table_name="alerts")
    op.drop_index("ix_incident_proposals_state_created", table_name="incident_proposals")
    op.drop_index(op.f("ix_incident_proposals_report_id"), table_name="incident_proposals")
    op.drop_table("incident_proposals")
