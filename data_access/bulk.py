"""Many rows into one table in the caller's transaction: COPY on PostgreSQL (one stream instead of
a statement per row), executemany elsewhere. Values go through the columns' bind processors, as
with an INSERT (e.g. UTCDateTime stores naive UTC)."""

from __future__ import annotations

from sqlalchemy import Table


def insert_rows(connection, table: Table, rows: list[dict]) -> None:
    """Insert `rows` (dicts with the same keys) into `table`; triggers and defaults of the database
    apply as with an INSERT, Python-side column defaults do not (give every value)."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    names = list(rows[0])
    processors = [table.c[name].type._cached_bind_processor(connection.dialect) for name in names]
    cursor = connection.connection.driver_connection.cursor()
    quoted = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    with cursor, cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([p(row[n]) if p else row[n] for n, p in zip(names, processors)])
