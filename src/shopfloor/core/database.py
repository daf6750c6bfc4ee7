"""The engine, the session factory and the request's unit of work.

One engine per process, created in the application's lifespan and disposed on shutdown.
Each request gets one session: the `DbSession` dependency commits once after the handler
returned (before the response is sent) and rolls back on any error. Services only flush.

GET and HEAD requests read without a transaction of their own: their statements run in
autocommit, which saves the BEGIN and COMMIT round trips (two of the four a by-id read
would otherwise cost). At PostgreSQL's READ COMMITTED every statement takes its own snapshot
anyway, so a reader sees exactly what it saw inside a transaction. Such a session refuses
to write: a flush or an INSERT, UPDATE or DELETE raises `ReadOnlySessionError` instead of
committing piecemeal.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from shopfloor.core.config import AppSettings
from shopfloor.core.errors import AppError


def async_url(url: str) -> URL:
    """Normalise `postgres://` / `postgresql://` URLs to the asyncpg driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed


def driver_dsn(engine: AsyncEngine) -> str:
    """The engine's URL as a plain `postgresql://` DSN for asyncpg, password included."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def engine_options(settings: AppSettings) -> dict[str, Any]:
    server_settings = {
        "application_name": "shopfloor",
        "timezone": "UTC",
        "statement_timeout": str(settings.db_statement_timeout_ms),
        "lock_timeout": str(settings.db_lock_timeout_ms),
        # A transaction left open by a crashed worker must not hold locks forever.
        "idle_in_transaction_session_timeout": str(
            max(settings.db_statement_timeout_ms * 4, 60_000)
        ),
    }
    return {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_s,
        "pool_recycle": settings.db_pool_recycle_s,
        # SQLAlchemy's own pre-ping, on every checkout, only when asked for with an idle
        # threshold of 0; otherwise `ping_idle_connections` does it for idle connections.
        "pool_pre_ping": settings.db_pool_pre_ping and settings.db_pool_ping_idle_s == 0,
        "echo": settings.db_echo,
        "connect_args": {
            "server_settings": server_settings,
            "timeout": settings.db_connect_timeout_s,
        },
    }


def create_engine(settings: AppSettings, url: str | None = None) -> AsyncEngine:
    target = url or settings.database_url
    if not target:
        raise RuntimeError("DATABASE_URL is not set and no embedded database was started")
    engine = create_async_engine(async_url(target), **engine_options(settings))
    if settings.db_pool_pre_ping and settings.db_pool_ping_idle_s > 0:
        ping_idle_connections(engine, settings.db_pool_ping_idle_s)
    return engine


_IDLE_SINCE = "shopfloor_idle_since"


def ping_idle_connections(engine: AsyncEngine, idle_s: float) -> None:
    """Test a pooled connection before use when it sat in the pool longer than `idle_s`.

    A pre-ping on every checkout costs three round trips with asyncpg (BEGIN, the ping,
    ROLLBACK), more than a primary-key read itself. A connection handed back a moment ago
    is alive; one that sat idle may have been cut by a database restart or a firewall, so
    that one is pinged and, if dead, replaced before a request gets it. A connection that
    dies while busy still fails its request once (503) and SQLAlchemy then renews the pool.
    """

    def mark_idle(connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def ping_if_idle(
        connection: Any, record: ConnectionPoolEntry, proxy: PoolProxiedConnection
    ) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < idle_s:
            return
        try:
            # SQLAlchemy's adapted connection: its ping is the dialect's own.
            connection.ping()
        except Exception as exc:
            # The pool discards this connection and checks out another (a new one if need be).
            raise DisconnectionError("a pooled connection failed its ping") from exc

    event.listen(engine.sync_engine, "checkin", mark_idle)
    event.listen(engine.sync_engine, "checkout", ping_if_idle)


def create_session_factory(bind: Any) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after the unit of work commits, which
    # lets handlers build responses without another round trip.
    return async_sessionmaker(bind=bind, expire_on_commit=False, autoflush=False)


READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


class ReadOnlySessionError(RuntimeError):
    """A GET or HEAD handler tried to write (a programming error: writes need POST etc.)."""


class ReadOnlySession(Session):
    """The session of a GET or HEAD request: autocommit reads, writes refused."""


def _refuse_write_statements(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadOnlySessionError("a read-only request may not change data")


def _refuse_flush(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadOnlySessionError("a read-only request may not change data")


event.listen(ReadOnlySession, "do_orm_execute", _refuse_write_statements)
event.listen(ReadOnlySession, "before_flush", _refuse_flush)


def create_read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for GET and HEAD: no BEGIN or COMMIT, and no writes (see the module doc).

    The isolation level is an option of the connection the pool hands out, set and reset in
    Python on checkout and checkin, so the same pool serves both kinds of request.
    """
    return async_sessionmaker(
        bind=engine.execution_options(isolation_level="AUTOCOMMIT"),
        sync_session_class=ReadOnlySession,
        expire_on_commit=False,
        autoflush=False,
    )


def read_only_variant(
    factory: async_sessionmaker[AsyncSession],
) -> async_sessionmaker[AsyncSession]:
    """`factory`'s sessions (same bind, same transaction handling) refusing writes.

    For an injected factory such as a test's outer transaction: reads then see what the
    test wrote before, and a GET that writes fails there as it would in production.
    """
    options = {**factory.kw, "sync_session_class": ReadOnlySession}
    return async_sessionmaker(class_=factory.class_, **options)


@dataclass
class Database:
    """The process's engine and the factory request sessions come from.

    Tests pass their own `session_factory` (bound to a connection inside an outer
    transaction) so that everything a request commits is rolled back after the test; GET and
    HEAD requests then use its read-only variant unless `read_session_factory` is given.
    """

    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession] | None = None
    read_session_factory: async_sessionmaker[AsyncSession] | None = None

    def __post_init__(self) -> None:
        if self.session_factory is None:
            self.session_factory = create_session_factory(self.engine)
            if self.read_session_factory is None:
                self.read_session_factory = create_read_session_factory(self.engine)
        elif self.read_session_factory is None:
            self.read_session_factory = read_only_variant(self.session_factory)

    def sessions(self) -> async_sessionmaker[AsyncSession]:
        assert self.session_factory is not None  # set in __post_init__
        return self.session_factory

    def read_sessions(self) -> async_sessionmaker[AsyncSession]:
        """The factory of GET and HEAD requests (see the module doc)."""
        assert self.read_session_factory is not None  # set in __post_init__
        return self.read_session_factory

    async def ping(self, timeout_s: float) -> None:
        """`SELECT 1` within `timeout_s`; raises on any failure."""
        async with asyncio.timeout(timeout_s):
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def get_database(request: Request) -> Database:
    database: Database | None = getattr(request.app.state, "database", None)
    if database is None:
        raise RuntimeError("the database is not initialised (lifespan not run)")
    return database


async def get_db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work: commit once on success, roll back on any error.

    An `AppError` raised with `keep_changes=True` is the one exception: what the request
    wrote before it (an audit entry, a failure counter) commits, then the error is answered.
    A GET or HEAD request reads in autocommit and has nothing to commit.
    """
    database = get_database(request)
    read_only = request.method in READ_ONLY_METHODS
    factory = database.read_sessions() if read_only else database.sessions()
    async with factory() as session:
        try:
            yield session
            if not read_only:
                await session.commit()
        except AppError as error:
            if error.keep_changes and not read_only:
                await _commit_kept(session)
            else:
                await _discard(session)
            raise
        except BaseException:
            await _discard(session)
            raise


async def _discard(session: AsyncSession) -> None:
    # The original error is what the caller must see; a rollback failing on a broken
    # connection would only hide it (the pool discards that connection).
    with contextlib.suppress(SQLAlchemyError, OSError):
        await session.rollback()


async def _commit_kept(session: AsyncSession) -> None:
    """Commit a refused request's trace; if that fails, its error replaces the refusal."""
    try:
        await session.commit()
    except BaseException:
        await _discard(session)
        raise


# scope="function": the exit code (the commit) runs when the handler returns, before the
# response is sent, so a failed commit still becomes a proper error response.
DbSession = Annotated[AsyncSession, Depends(get_db_session, scope="function")]
