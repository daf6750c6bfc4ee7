"""Direct PostgreSQL look-ups for the tests (outside the application's own engine)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg

from shopfloor.core.database import async_url


def plain_dsn(url: str, database: str | None = None) -> str:
    parsed = async_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def database_of(url: str) -> str:
    return str(async_url(url).database)


async def count_connections(url: str, *, application_name: str = "shopfloor") -> int:
    """Sessions on `url`'s database opened by the application (seen from another database)."""
    connection = await asyncpg.connect(plain_dsn(url, "postgres"))
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
            database_of(url),
            application_name,
        )
    finally:
        await connection.close()
    return int(count)


async def settle_connections(url: str, *, attempts: int = 50) -> int:
    """The count once closed sessions have left pg_stat_activity (their exit is asynchronous)."""
    count = await count_connections(url)
    for _ in range(attempts):
        if count == 0:
            break
        await asyncio.sleep(0.1)
        count = await count_connections(url)
    return count


async def execute(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def fetch_value(url: str, query: str, *args: object) -> object:
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        return await connection.fetchval(query, *args)
    finally:
        await connection.close()


async def _create_database(server_url: str, name: str) -> None:
    connection = await asyncpg.connect(plain_dsn(server_url, "postgres"))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _drop_database(server_url: str, name: str) -> None:
    connection = await asyncpg.connect(plain_dsn(server_url, "postgres"))
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
            name,
        )
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await connection.close()


@contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server of `server_url`, dropped afterwards.

    Call it outside a running event loop (a sync fixture or test).
    """
    name = f"shopfloor_platform_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(server_url, name))
    try:
        yield async_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_drop_database(server_url, name))
