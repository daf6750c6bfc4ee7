"""Fixtures shared by the whole suite.

- One PostgreSQL database per test session, created fresh and migrated with Alembic.
- `client`: the real application over ASGI; each test runs inside an outer transaction and
  every commit becomes a savepoint, so nothing a test writes survives it.
- `live_client`: the same application on a real connection pool, for tests that need truly
  concurrent transactions. Its data is committed; tests keep apart by using their own
  organisations, and the whole database is dropped at the end of the session.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

# Test settings: fixed values so module settings validate without an env file. Hashing
# parameters are cheap here; the production defaults are checked by their own tests.
os.environ["APP_ENV"] = "test"
os.environ.setdefault("AUTH_JWT_SECRET", "test-signing-key-0123456789abcdef-0123456789")
os.environ.setdefault("AUTH_ARGON2_TIME_COST", "1")
os.environ.setdefault("AUTH_ARGON2_MEMORY_COST", "8192")
os.environ.setdefault("AUTH_ARGON2_PARALLELISM", "1")

from shopfloor.core.config import AppSettings
from shopfloor.core.database import Database, create_engine
from shopfloor.core.registry import discover_modules
from shopfloor.main import create_app
from shopfloor.user import passwords
from tests.support import migrations
from tests.support.database import temporary_database
from tests.support.identity import MakeUser, TestUser, create_organization, user_factory
from tests.support.openapi_contract import Contract


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with temporary_database(Path(tmp_path_factory.mktemp("db"))) as url:
        migrations.upgrade(url)
        yield url


def make_settings(database_url: str, **overrides: object) -> AppSettings:
    values: dict[str, object] = {
        "app_env": "test",
        "database_url": database_url,
        "enabled_modules": list(discover_modules()),
        "log_level": "WARNING",
        "db_pool_size": 25,
        "db_max_overflow": 5,
    }
    values.update(overrides)
    return AppSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings(database_url: str) -> AppSettings:
    return make_settings(database_url)


@pytest.fixture(scope="session")
async def engine(settings: AppSettings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def app(settings: AppSettings) -> FastAPI:
    return create_app(settings, configure_logs=False)


@pytest.fixture
async def db_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            if transaction.is_active:
                await transaction.rollback()


@pytest.fixture
def session_factory(db_connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=db_connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def db_session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session inside the test's transaction, for arranging data and checking results."""
    async with session_factory() as session:
        yield session


def asgi_client(app: FastAPI) -> httpx.AsyncClient:
    """The product over ASGI; every answer is checked against the OpenAPI document.

    So each error any test provokes must be one its operation documents (status, code and
    headers), and each documented header must really be sent.
    """
    contract = Contract(app.openapi())

    async def check(response: httpx.Response) -> None:
        await response.aread()
        contract.check_if_documented(response)

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(
        transport=transport, base_url="http://testserver", event_hooks={"response": [check]}
    )


@pytest.fixture
async def client(
    app: FastAPI, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    app.state.database = Database(engine=engine, session_factory=session_factory)
    try:
        async with asgi_client(app) as http:
            yield http
    finally:
        app.state.database = None


@pytest.fixture
async def live_client(app: FastAPI, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    """Requests on their own pooled connections, committing for real (for concurrency)."""
    app.state.database = Database(engine=engine)
    try:
        async with asgi_client(app) as http:
            yield http
    finally:
        app.state.database = None


@pytest.fixture
async def live_session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A committing session for arranging data that `live_client` requests must see."""
    async with async_sessionmaker(bind=engine, expire_on_commit=False)() as session:
        yield session


# -- identities: organisations, users and their tokens (see tests/support/identity.py) --------


@pytest.fixture
async def org(db_session: AsyncSession) -> uuid.UUID:
    """A new organisation inside the test's transaction."""
    return await create_organization(db_session)


@pytest.fixture
def make_user(db_session: AsyncSession, org: uuid.UUID) -> MakeUser:
    """`await make_user(role=..., organization_id=..., ...)` -> a TestUser with a valid token."""
    return user_factory(db_session, org)


@pytest.fixture
async def admin(make_user: MakeUser) -> TestUser:
    """An admin of `org`."""
    return await make_user(role="admin")


@pytest.fixture
async def live_org(live_session: AsyncSession) -> uuid.UUID:
    """A new organisation, committed (for `live_client` tests)."""
    organization_id = await create_organization(live_session)
    await live_session.commit()
    return organization_id


@pytest.fixture
def live_make_user(live_session: AsyncSession, live_org: uuid.UUID) -> MakeUser:
    """Like `make_user`, but every user is committed (for `live_client` tests)."""
    return user_factory(live_session, live_org, commit=True)


@pytest.fixture(autouse=True)
def suite_password_hashing() -> Iterator[None]:
    """Keep the suite's cheap password hashing for every test.

    Starting an application configures the process's password hasher from its settings; a
    test that starts one with production settings would otherwise leave the slow production
    parameters behind for every later test.
    """
    settings = passwords.current().settings
    yield
    if passwords.current().settings != settings:
        passwords.configure(settings)
