"""Database outages answer 503 with Retry-After, however the failure arrives.

Each test first produces the real exception through the real driver (and checks its type, so
the test is known to cover that arrival path), then makes the same failure happen inside a
request and checks the answer.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shopfloor.core.config import AppSettings
from shopfloor.core.database import Database, create_engine
from shopfloor.core.db_errors import is_database_unavailable
from tests.platform.conftest import build_app, http_client, platform_settings
from tests.platform.pg import plain_dsn

RETRY_AFTER_S = 7


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unreachable_url() -> str:
    return f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/shopfloor"


@asynccontextmanager
async def probes_client(
    database_url: str, **overrides: object
) -> AsyncIterator[tuple[httpx.AsyncClient, AsyncEngine]]:
    """The probes module on its own engine, so pool and server settings can be tuned."""
    settings = platform_settings(
        database_url,
        enabled_modules=["alpha", "beta"],
        db_unavailable_retry_after_s=RETRY_AFTER_S,
        **overrides,
    )
    engine = create_engine(settings)
    app = build_app(settings, database=Database(engine=engine))
    try:
        async with http_client(app) as client:
            yield client, engine
    finally:
        await engine.dispose()


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_S)
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "DATABASE_UNAVAILABLE"
    assert body["error"]["message"] == "The database is temporarily unavailable; try again later."
    assert body["request_id"] == response.headers["X-Request-ID"]


EN = {"Accept-Language": "en"}


async def raised_by(action: Callable[[], Awaitable[object]]) -> Exception:
    """Whatever `action` raises; the test then checks its type."""
    try:
        await action()
    except Exception as exc:
        return exc
    raise AssertionError("the action did not fail")


# -- pool exhausted --------------------------------------------------------------------------


async def test_an_exhausted_pool_is_503(database_url: str) -> None:
    tight = {"db_pool_size": 1, "db_max_overflow": 0, "db_pool_timeout_s": 0.2}
    async with probes_client(database_url, **tight) as (client, engine):
        async with engine.connect() as held:
            await held.execute(text("SELECT 1"))

            async def second_checkout() -> None:
                async with engine.connect():
                    pass

            arrived = await raised_by(second_checkout)
            response = await client.get("/api/v1/beta/database/settings", headers=EN)

        recovered = await client.get("/api/v1/beta/database/settings")

    assert isinstance(arrived, sa_exc.TimeoutError)
    assert is_database_unavailable(arrived)
    assert_unavailable(response)
    assert recovered.status_code == 200


# -- connection dropped by the server --------------------------------------------------------


async def test_a_connection_invalidated_mid_request_is_503(database_url: str) -> None:
    async with probes_client(database_url) as (client, engine):

        async def terminate() -> None:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))

        arrived = await raised_by(terminate)
        response = await client.post("/api/v1/beta/database/disconnect", headers=EN)
        recovered = await client.get("/api/v1/beta/database/settings")

    assert isinstance(arrived, sa_exc.DBAPIError)
    assert arrived.connection_invalidated
    assert is_database_unavailable(arrived)
    assert_unavailable(response)
    assert recovered.status_code == 200


async def test_a_raw_driver_error_counts_as_unavailable(database_url: str) -> None:
    # The notification listener runs on its own asyncpg connection: its errors arrive
    # unwrapped by SQLAlchemy.
    connection = await asyncpg.connect(plain_dsn(database_url))
    arrived = await raised_by(
        lambda: connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    )
    await connection.close()
    assert isinstance(arrived, asyncpg.PostgresError | asyncpg.InterfaceError)
    assert type(arrived).__module__.startswith("asyncpg")
    assert is_database_unavailable(arrived)


# -- server not there ------------------------------------------------------------------------


async def test_a_refused_connection_is_503(caplog: pytest.LogCaptureFixture) -> None:
    url = unreachable_url()
    settings = AppSettings(app_env="test", database_url=url)
    engine = create_engine(settings)

    async def connect() -> None:
        async with engine.connect():
            pass

    arrived = await raised_by(connect)
    await engine.dispose()
    caplog.set_level(logging.WARNING, logger="shopfloor.errors")

    async with probes_client(url) as (client, _):
        response = await client.get("/api/v1/beta/database/settings", headers=EN)

    assert isinstance(arrived, OSError)
    assert is_database_unavailable(arrived)
    assert_unavailable(response)
    warnings = [record for record in caplog.records if record.name == "shopfloor.errors"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert warnings[0].getMessage().startswith("database unavailable: ")
    assert warnings[0].request_id == response.headers["X-Request-ID"]  # type: ignore[attr-defined]


async def test_a_raw_driver_connect_to_a_closed_port_counts_as_unavailable() -> None:
    arrived = await raised_by(
        lambda: asyncpg.connect(f"postgresql://postgres@127.0.0.1:{closed_port()}/x", timeout=2)
    )

    assert isinstance(arrived, ConnectionRefusedError)
    assert is_database_unavailable(arrived)


# -- statement timeout -----------------------------------------------------------------------


async def test_a_statement_timeout_is_503(database_url: str) -> None:
    async with probes_client(database_url, db_statement_timeout_ms=50) as (client, engine):

        async def slow_query() -> None:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT pg_sleep(2)"))

        arrived = await raised_by(slow_query)
        response = await client.get("/api/v1/beta/database/sleep?seconds=2", headers=EN)
        quick = await client.get("/api/v1/beta/database/settings")

    assert isinstance(arrived, sa_exc.DBAPIError)
    assert getattr(arrived.orig, "sqlstate", None) == "57014"
    assert is_database_unavailable(arrived)
    assert_unavailable(response)
    assert quick.json()["data"]["statement_timeout"] == "50ms"


# -- what is not an outage -------------------------------------------------------------------


@pytest.mark.usefixtures("note_table")
async def test_an_integrity_error_is_not_an_outage(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    response = await platform_client.post(
        "/api/v1/alpha/notes",
        json={"code": "NEG", "title": "Negative", "quantity": -1},
        headers=org_headers,
    )

    assert response.status_code == 500
    assert "Retry-After" not in response.headers
