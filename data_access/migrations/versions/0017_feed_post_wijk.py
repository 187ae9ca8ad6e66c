"""feed: the wijk of a post, so that a wijkagent's review queue holds only the assigned wijken

A post's place comes from its geotag or from a street name in its text; the wijk is looked up from
that point once, when the post arrives. Waiting posts that are already stored get theirs here.

Revision ID: 0017_feed_post_wijk
Revises: 0006_intake_api
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from services.areas import AreaIndex

revision = "0017_feed_post_wijk"
down_revision = "0006_intake_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feed_posts") as batch:
        batch.add_column(sa.Column("wijk_code", sa.String(length=16), nullable=True))
        batch.create_index("ix_feed_posts_wijk_code", ["wijk_code"], unique=False)
    posts = sa.table("feed_posts", sa.column("id", sa.Integer), sa.column("lat", sa.Float),
                     sa.column("lon", sa.Float), sa.column("wijk_code", sa.String))
    connection = op.get_bind()
    located = connection.execute(sa.select(posts.c.id, posts.c.lat, posts.c.lon)
                                 .where(posts.c.lat.is_not(None), posts.c.lon.is_not(None))).all()
    if not located:
        return
    index = AreaIndex.from_session(Session(bind=connection))
    places = index.locate_many([row.lat for row in located], [row.lon for row in located])
    updates = [{"post_id": row.id, "wijk": place.wijk_code} for row, place in zip(located, places) if place]
    if updates:
        connection.execute(posts.update().where(posts.c.id == sa.bindparam("post_id"))
                           .values(wijk_code=sa.bindparam("wijk")), updates)


def downgrade() -> None:
    with op.batch_alter_table("feed_posts") as batch:
        batch.drop_index("ix_feed_posts_wijk_code")
        batch.drop_column("wijk_code")
