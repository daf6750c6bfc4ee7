"""Fixtures for the platform tests: apps built from the test modules, the notes table.

Apps are built per test with `create_app(settings, modules=[...])`. Requests run inside the
test's outer transaction (see `tests/conftest.py`), so everything they commit is undone.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic_settings import BaseSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from shopfloor.core.config import AppSettings
from shopfloor.core.database import Database
from shopfloor.core.registry import ModuleManifest, discover_modules
from shopfloor.main import create_app
from tests.platform.modules.alpha.constants import NOTE_TABLE_DDL
from tests.platform.modules.gamma.config import GammaSettings
from tests.platform.pg import scratch_database

TEST_MODULES_PACKAGE = "tests.platform.modules"
GAMMA_KEY = "gamma-test-key-0123456789abcdef-0123456789"


def installed_test_modules() -> dict[str, ModuleManifest]:
    return discover_modules(TEST_MODULES_PACKAGE)


def platform_settings(database_url: str | None, **overrides: Any) -> AppSettings:
    values: dict[str, Any] = {
        "app_env": "test",
        "database_url": database_url,
        "enabled_modules": ["alpha", "beta", "gamma"],
        "log_level": "WARNING",
    }
    values.update(overrides)
    return AppSettings(**values)


def build_app(
    settings: AppSettings,
    *,
    modules: Sequence[ModuleManifest] | None = None,
    module_settings: dict[str, BaseSettings] | None = None,
    database: Database | None = None,
) -> FastAPI:
    installed = list(installed_test_modules().values()) if modules is None else list(modules)
    if module_settings is None and "gamma" in settings.enabled_modules:
        module_settings = {"gamma": GammaSettings(api_key=GAMMA_KEY)}
    return create_app(
        settings,
        modules=installed,
        module_settings=module_settings,
        database=database,
        configure_logs=False,
    )


def http_client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(
    database_url: str, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> AppFactory:
    """An app of the test modules whose requests run inside the test's transaction."""

    def make(**overrides: Any) -> FastAPI:
        modules = overrides.pop("modules", None)
        module_settings = overrides.pop("module_settings", None)
        settings = platform_settings(database_url, **overrides)
        database = Database(engine=engine, session_factory=session_factory)
        return build_app(
            settings, modules=modules, module_settings=module_settings, database=database
        )

    return make


@pytest.fixture
def platform_app(make_app: AppFactory) -> FastAPI:
    return make_app()


@pytest.fixture
async def platform_client(platform_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(platform_app) as client:
        yield client


@pytest.fixture
async def note_table(db_connection: AsyncConnection) -> str:
    """Alpha's table, created inside the test's transaction (gone when it rolls back)."""
    await db_connection.execute(text(NOTE_TABLE_DDL))
    return "platform_note"


@pytest.fixture
def organization_id() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def org_headers(organization_id: uuid.UUID) -> dict[str, str]:
    return {"X-Organization-ID": str(organization_id)}


@pytest.fixture
def isolated_database_url(database_url: str) -> Iterator[str]:
    """An empty database of this test's own on the test server (nobody else connects)."""
    with scratch_database(database_url) as url:
        yield url
