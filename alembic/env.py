"""Alembic environment: async engine, the metadata of every installed module.

The URL comes from (in order) `-x url=...`, the `sqlalchemy.url` set by the caller (the CLI
and the tests), or the application settings (DATABASE_URL, or the embedded database in dev).
"""

from __future__ import annotations

import asyncio
import logging
from logging.config import fileConfig

from alembic import context
from alembic.operations import ops
from alembic.runtime.migration import MigrationContext
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shopfloor.core.config import get_settings
from shopfloor.core.database import async_url
from shopfloor.core.embedded_db import database_url_or_embedded
from shopfloor.core.models import Base
from shopfloor.core.registry import discover_modules, import_models

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging_config"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

logger = logging.getLogger("alembic.env")

# Every installed module's models, enabled or not: the schema never depends on ENABLED_MODULES.
import_models(discover_modules().values())
target_metadata = Base.metadata


def database_url() -> str:
    x_args = context.get_x_argument(as_dictionary=True)
    url = x_args.get("url") or config.get_main_option("sqlalchemy.url")
    if url:
        return url
    return database_url_or_embedded(get_settings())


def skip_empty_revisions(
    migration_context: MigrationContext, revision: object, directives: list[ops.MigrationScript]
) -> None:
    """An autogenerate run that finds no change writes no file."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives:
        script = directives[0]
        if script.upgrade_ops is not None and script.upgrade_ops.is_empty():
            directives[:] = []
            logger.info("no schema changes detected; no revision written")


def configure(connection: Connection | None = None, url: str | None = None) -> None:
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=False,
        render_as_batch=False,
        process_revision_directives=skip_empty_revisions,
        transaction_per_migration=True,
        literal_binds=connection is None,
        dialect_opts={"paramstyle": "named"} if connection is None else {},
    )


def run_migrations_offline() -> None:
    configure(url=str(async_url(database_url()).set(drivername="postgresql")))
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_async_engine(async_url(database_url()), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
        return
    asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
