"""What a piece of code sends to PostgreSQL on one connection, whichever way it goes.

SQLAlchemy's cursor event sees the statements that go through SQLAlchemy; asyncpg's query
log sees what goes to the driver outside them: the BEGIN that
SQLAlchemy's asyncpg adapter sends lazily through the driver.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection


@dataclass
class Seen:
    through_sqlalchemy: list[str] = field(default_factory=list)
    direct: list[str] = field(default_factory=list)

    @property
    def everything(self) -> list[str]:
        return [*self.through_sqlalchemy, *self.direct]


@asynccontextmanager
async def statements_on(connection: AsyncConnection) -> AsyncIterator[Seen]:
    """Record the statements run on `connection` (its engine's cursor events, its driver's
    query log) while the block runs."""
    seen = Seen()

    def on_cursor(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.through_sqlalchemy.append(statement)

    def on_driver(query: Any) -> None:
        seen.direct.append(query.query)

    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    event.listen(connection.sync_engine, "before_cursor_execute", on_cursor)
    driver.add_query_logger(on_driver)
    try:
        yield seen
    finally:
        driver.remove_query_logger(on_driver)
        event.remove(connection.sync_engine, "before_cursor_execute", on_cursor)
