"""Prebuilt SELECTs that the hottest reads run on the driver under the request's session.

SQLAlchemy's asyncio layer costs about as much per statement as the driver and PostgreSQL
together for a primary-key read (an execution context, a cursor adapter, a greenlet switch,
the result wrapper), and every authenticated request runs at least one such read. A
`DirectRead` is compiled once for the engine's dialect and then executed with asyncpg's own
`fetch`, on the very connection the session holds: same pool, same transaction, same
server settings (statement and lock timeouts), so a request sees one unit of work whichever
way its statements go.

It is used only where it gives the same answer as going through SQLAlchemy:

- the statement has no bound or result value processors for the dialect (UUID, text,
  integer, date and time columns have none with asyncpg), and no expanding parameter
  bound per call (an `IN` list written into the SQL with `literal_execute` is fine);
- the connection is in autocommit (a GET or HEAD request) or its transaction has already
  begun. SQLAlchemy's asyncpg adapter sends BEGIN lazily, with the first statement; a
  statement run past it before that would run outside the transaction, so the first
  statement of a write request goes through SQLAlchemy instead.

With `DB_ECHO` on, every statement goes through SQLAlchemy, so that each one is logged.

Errors are the driver's own (`asyncpg.PostgresError` ...), which the error handlers classify
like their wrapped forms (`core.db_errors`). A connection the driver already knows is closed
goes through SQLAlchemy, which reports it as invalidated. One the server dropped that the
driver finds out about only on a direct read (asyncpg then raises an internal state error,
not a disconnect) is invalidated here, the way SQLAlchemy would, and reported as a
`DisconnectionError`: an outage (503), and the pool replaces the connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

# Any SELECT, whatever its columns.
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the bound parameters, in placeholder order ($1, $2, ...)
    direct: bool  # False: run through SQLAlchemy (see the module doc)
    defaults: Mapping[str, Any] = field(default_factory=dict)  # values the statement holds


class DirectRead:
    """A SELECT built once; `fetch`, `fetch_one` and `scalar` run it with bound `values`."""

    __slots__ = ("_compiled", "keys", "statement")

    def __init__(self, statement: AnySelect) -> None:
        self.statement = statement
        self.keys: tuple[str, ...] = tuple(str(column.key) for column in statement.selected_columns)
        self._compiled: _Compiled | None = None

    def compiled(self, dialect: Dialect) -> _Compiled:
        """The SQL and parameter order for `dialect` (one engine, so one dialect, per process)."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = compile_direct(self.statement, dialect)
        return compiled

    async def fetch(self, db_session: AsyncSession, values: Mapping[str, Any]) -> Sequence[Any]:
        """Every row, each a sequence of the selected columns' values in `keys` order."""
        connection = await db_session.connection()
        compiled = self.compiled(connection.dialect)
        driver = _driver_for(connection) if compiled.direct else None
        if driver is None:
            return (await connection.execute(self.statement, dict(values))).all()
        if compiled.defaults:
            values = {**compiled.defaults, **values}
        try:
            rows: Sequence[Any] = await driver.fetch(
                compiled.sql, *(values[name] for name in compiled.names)
            )
        except Exception as exc:
            if not driver.is_closed():
                raise
            # The server dropped the connection. The driver only learns it on this call, and
            # then reports an internal state error rather than a disconnect; SQLAlchemy would
            # invalidate the connection and count it as an outage, so do the same.
            await connection.invalidate(exc)
            raise DisconnectionError("the database closed the connection") from exc
        return rows

    async def fetch_one(
        self, db_session: AsyncSession, values: Mapping[str, Any]
    ) -> Sequence[Any] | None:
        rows = await self.fetch(db_session, values)
        return rows[0] if rows else None

    async def scalar(self, db_session: AsyncSession, values: Mapping[str, Any]) -> Any:
        """The first column of the first row (a count, an existence check)."""
        row = await self.fetch_one(db_session, values)
        return row[0] if row is not None else None


def compile_direct(statement: AnySelect, dialect: Dialect) -> _Compiled:
    """`statement` as SQL for the driver, with its literal `IN` lists written in."""
    plain = statement.compile(dialect=dialect)
    binds = list(plain.binds.values())
    per_call_lists = any(bind.expanding and not bind.literal_execute for bind in binds)
    processed = any(
        bind.type.dialect_impl(dialect).bind_processor(dialect) is not None for bind in binds
    ) or any(
        column.type.dialect_impl(dialect).result_processor(dialect, None) is not None
        for column in statement.selected_columns
    )
    if per_call_lists or processed:
        return _Compiled(sql=str(plain), names=(), direct=False)
    # Values bound per call are placeholders whatever they hold; None stands in for them so
    # that the literal lists can be rendered.
    unbound = {bind.key: None for bind in binds if not bind.literal_execute and bind.value is None}
    rendered = statement.params(unbound).compile(
        dialect=dialect, compile_kwargs={"render_postcompile": True}
    )
    names = tuple(rendered.positiontup or ())
    held = {name: bind.value for name, bind in plain.binds.items() if bind.value is not None}
    defaults = {name: held[name] for name in names if name in held}
    return _Compiled(sql=rendered.string, names=names, direct=True, defaults=defaults)


def _driver_for(connection: AsyncConnection) -> Any | None:
    """The asyncpg connection under `connection`, when a statement may go to it directly."""
    sync_connection = connection.sync_connection
    if sync_connection is None or sync_connection.engine.echo:
        return None  # with DB_ECHO on, every statement goes where SQLAlchemy logs it
    pooled = sync_connection.connection
    adapter = pooled.dbapi_connection
    driver = pooled.driver_connection
    if adapter is None or driver is None or not hasattr(driver, "is_in_transaction"):
        return None
    if driver.is_closed():
        # The server dropped it while it sat in the pool. SQLAlchemy's path turns that into
        # an invalidated connection (an outage, 503) and replaces it.
        return None
    if getattr(adapter, "autocommit", False) or driver.is_in_transaction():
        return driver
    return None
