"""partners: a network of N organisations with sharing rules per category (issue 19)

Organisations get their kind (politie, gemeente, partner) and whether the sharing rules show them
the shared reports of every category; `category_sharing` holds the region file's rule per
organisation and category (who handles, sees, sees personal data). Both are rewritten from the
region file at every start; existing stores keep today's behaviour until then (politie and
gemeente see every category, nobody else is there).

Revision ID: 0020_partners_sharing
Revises: 0019_secdata_event_visibility
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_partners_sharing"
down_revision = "0019_secdata_event_visibility"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN, not batch mode: batch mode rebuilds `organisations`, and SQLite refuses to
    # drop a table that a store's reports, users and categories point to
    op.add_column("organisations", sa.Column("kind", sa.String(16), nullable=False, server_default="partner"))
    op.add_column("organisations", sa.Column("sees_every_category", sa.Boolean(), nullable=False,
                                             server_default=sa.false()))
    op.execute("UPDATE organisations SET kind = code, sees_every_category = TRUE WHERE code IN ('politie', 'gemeente')")
    op.create_table(
        "category_sharing",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("handles", sa.Boolean(), nullable=False),
        sa.Column("sees", sa.Boolean(), nullable=False),
        sa.Column("personal_data", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                name="fk_category_sharing_organisation_id_organisations"),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], ondelete="CASCADE",
                                name="fk_category_sharing_category_id_categories"),
        sa.PrimaryKeyConstraint("organisation_id", "category_id", name="pk_category_sharing"),
    )


def downgrade() -> None:
    op.drop_table("category_sharing")
    # plain DROP COLUMN (SQLite 3.35+), not batch mode, for the same reason
    op.drop_column("organisations", "sees_every_category")
    op.drop_column("organisations", "kind")
