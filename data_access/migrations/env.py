"""Alembic environment: runs on the connection handed over by data_access.db.upgrade_schema,
or on HNM_DATABASE_URL when called from the alembic command line."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from data_access.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch ALTER TABLE
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from settings import load_settings

    config.set_main_option("sqlalchemy.url", load_settings().effective_database_url)
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
