"""search: full text over the reports' text and address, kept in step by the database

PostgreSQL: a stored generated tsvector column (Dutch stemming and stop words; the address with
weight A, the text with weight B) and a GIN index on it; the database computes it for every INSERT
and UPDATE, also for the intake's Core executemany writer and for COPY. SQLite: an FTS5 table over
the same two columns (external content: the words only, the text stays in `reports`), unicode61
with diacritics folded (één = een, café = cafe), kept in step by three triggers.

Revision ID: 0018_finishui_search
Revises: 0017_feed_post_wijk
"""
from alembic import op

revision = "0018_finishui_search"
down_revision = "0017_feed_post_wijk"
branch_labels = None
depends_on = None

PG_VECTOR = ("setweight(to_tsvector('dutch', coalesce(address, '')), 'A') || "
             "setweight(to_tsvector('dutch', coalesce(text, '')), 'B')")
SQLITE_TRIGGERS = {
    "tr_reports_search_insert": "AFTER INSERT ON reports BEGIN {new}; END",
    "tr_reports_search_delete": "AFTER DELETE ON reports BEGIN {old}; END",
    "tr_reports_search_update": "AFTER UPDATE OF text, address ON reports BEGIN {old}; {new}; END",
}
SQLITE_NEW = "INSERT INTO report_search (rowid, text, address) VALUES (NEW.id, NEW.text, NEW.address)"
SQLITE_OLD = ("INSERT INTO report_search (report_search, rowid, text, address) "
              "VALUES ('delete', OLD.id, OLD.text, OLD.address)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE reports ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_VECTOR}) STORED")
        op.execute("CREATE INDEX ix_reports_search_vector ON reports USING gin (search_vector)")
    else:
        op.execute("CREATE VIRTUAL TABLE report_search USING fts5(text, address, content='reports', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        op.execute("INSERT INTO report_search (report_search) VALUES ('rebuild')")
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body.format(new=SQLITE_NEW, old=SQLITE_OLD)}")
    op.execute("ANALYZE reports")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_reports_search_vector")
        op.execute("ALTER TABLE reports DROP COLUMN search_vector")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE report_search")
