"""Liveness and readiness probes: outside the API prefix, no authentication."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from shopfloor.core.database import Database, create_engine
from tests.platform.conftest import AppFactory, build_app, http_client, platform_settings
from tests.platform.test_database_unavailable import unreachable_url


@pytest.fixture
async def unreachable_client() -> AsyncIterator[httpx.AsyncClient]:
    settings = platform_settings(unreachable_url(), db_unavailable_retry_after_s=9)
    engine = create_engine(settings)
    app = build_app(settings, database=Database(engine=engine))
    try:
        async with http_client(app) as client:
            yield client
    finally:
        await engine.dispose()


async def test_liveness_is_ok(platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"success": True, "data": {"status": "ok"}, "message": None}


async def test_liveness_does_not_touch_the_database(
    unreachable_client: httpx.AsyncClient,
) -> None:
    response = await unreachable_client.get("/health")

    assert response.status_code == 200


async def test_readiness_checks_the_database(platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["data"] == {"status": "ready", "database": "ok"}


async def test_readiness_is_503_when_the_database_is_unreachable(
    unreachable_client: httpx.AsyncClient,
) -> None:
    response = await unreachable_client.get("/health/ready", headers={"Accept-Language": "en"})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "9"
    assert response.json()["error"]["code"] == "DATABASE_UNAVAILABLE"


async def test_readiness_gives_up_on_a_silent_database() -> None:
    """A server that accepts the connection and never answers: the short timeout decides."""
    held: list[asyncio.StreamWriter] = []

    async def accept_and_stay_silent(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept_and_stay_silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = platform_settings(
        f"postgresql+asyncpg://postgres@127.0.0.1:{port}/shopfloor",
        db_ready_timeout_s=0.2,
        db_connect_timeout_s=30,
    )
    engine = create_engine(settings)
    app = build_app(settings, database=Database(engine=engine))
    try:
        async with http_client(app) as client:
            response = await client.get("/health/ready")
    finally:
        await engine.dispose()
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "DATABASE_UNAVAILABLE"
    assert held, "the probe never reached the silent server"


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/health/ready"])
async def test_probes_are_not_under_the_api_prefix(
    path: str, platform_client: httpx.AsyncClient
) -> None:
    response = await platform_client.get(path)

    assert response.status_code == 404


async def test_probes_need_no_credentials_even_with_authentication_enabled(
    make_app: AppFactory,
) -> None:
    app = make_app(enabled_modules=["gamma"])

    async with http_client(app) as client:
        protected = await client.get("/api/v1/gamma/me")
        ready = await client.get("/health/ready")

    assert protected.status_code == 401
    assert ready.status_code == 200


def test_probe_sockets_are_plain_tcp() -> None:
    # The helper used above must hand out a port nothing listens on.
    url = unreachable_url()
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
