"""Fixtures for the auth tests: sign-in helpers and clients calling from other addresses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack

import httpx
import pytest
from fastapi import FastAPI

ClientAt = Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def client_at(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[ClientAt]:
    """`await client_at("10.1.2.3")`: a client of the same app and test transaction as
    `client`, whose requests come from that address."""
    async with AsyncExitStack() as stack:

        async def make(address: str) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(
                app=app, raise_app_exceptions=False, client=(address, 50_000)
            )
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://testserver")
            )

        yield make
