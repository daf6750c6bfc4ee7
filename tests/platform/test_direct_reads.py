"""Prebuilt reads on the driver: same answers as SQLAlchemy, same connection and transaction.

Which way a statement went is told apart by where it shows up: SQLAlchemy's cursor event
sees what goes through SQLAlchemy, asyncpg's query log what goes to the driver directly.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import (
    Integer,
    PickleType,
    String,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from shopfloor.core.database import (
    create_engine,
    create_read_session_factory,
    create_session_factory,
)
from shopfloor.core.db_errors import is_database_unavailable
from shopfloor.core.direct_reads import DirectRead, compile_direct
from tests.conftest import make_settings
from tests.support.statements import Seen, statements_on

PG_TYPE = table("pg_type", column("typname", String), column("typlen", Integer))

# The IN list is written into the SQL (literal_execute); the length is bound per call.
TYPES_OF_LENGTH = DirectRead(
    select(PG_TYPE.c.typname, PG_TYPE.c.typlen)
    .where(
        PG_TYPE.c.typname.in_(
            bindparam(
                "names", ["int2", "int4", "int8", "text"], expanding=True, literal_execute=True
            )
        ),
        PG_TYPE.c.typlen == bindparam("length", type_=Integer()),
    )
    .order_by(PG_TYPE.c.typname)
)


def test_literal_lists_are_written_in_and_values_are_placeholders() -> None:
    compiled = compile_direct(TYPES_OF_LENGTH.statement, asyncpg_dialect())

    assert compiled.direct
    assert "IN ('int2', 'int4', 'int8', 'text')" in compiled.sql
    assert "$1" in compiled.sql
    assert compiled.names == ("length",)
    assert TYPES_OF_LENGTH.keys == ("typname", "typlen")


def test_a_list_bound_per_call_goes_through_sqlalchemy() -> None:
    statement = select(PG_TYPE.c.typname).where(
        PG_TYPE.c.typname.in_(bindparam("names", expanding=True))
    )

    assert not compile_direct(statement, asyncpg_dialect()).direct


def test_a_type_that_converts_values_goes_through_sqlalchemy() -> None:
    pickled = table("blobs", column("payload", PickleType()))

    assert not compile_direct(select(pickled.c.payload), asyncpg_dialect()).direct


@asynccontextmanager
async def watched(session: AsyncSession) -> AsyncIterator[Seen]:
    async with statements_on(await session.connection()) as seen:
        yield seen


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(make_settings(database_url, db_pool_size=1, db_max_overflow=0))
    yield engine
    await engine.dispose()


async def test_a_read_request_runs_it_on_the_driver_with_the_same_answer(
    engine: AsyncEngine,
) -> None:
    async with create_read_session_factory(engine)() as session:
        async with watched(session) as seen:
            direct = await TYPES_OF_LENGTH.fetch(session, {"length": 4})
            count = await DirectRead(
                select(func.count()).select_from(PG_TYPE).where(PG_TYPE.c.typlen == 8)
            ).scalar(session, {})
        connection = await session.connection()
        expected = (await connection.execute(TYPES_OF_LENGTH.statement, {"length": 4})).all()

    assert [tuple(row) for row in direct] == [tuple(row) for row in expected]
    assert [tuple(row) for row in direct] == [("int4", 4)]
    assert count >= 1
    assert len(seen.direct) == 2
    assert seen.through_sqlalchemy == []


async def test_a_write_request_begins_through_sqlalchemy_and_then_reads_in_its_transaction(
    engine: AsyncEngine,
) -> None:
    temporary = DirectRead(
        select(literal_column("n", Integer)).select_from(text("direct_read_probe"))
    )
    async with create_session_factory(engine)() as session:
        async with watched(session) as seen:
            # Nothing has begun yet: the first read must go through SQLAlchemy, which sends
            # BEGIN with it.
            before = await TYPES_OF_LENGTH.fetch(session, {"length": 2})
            await session.execute(text("CREATE TEMPORARY TABLE direct_read_probe (n int)"))
            await session.execute(text("INSERT INTO direct_read_probe VALUES (7)"))
            inside = await temporary.scalar(session, {})
        await session.rollback()
        async with watched(session) as after_rollback:
            # A value the statement holds itself is sent along with the caller's.
            gone = await DirectRead(
                select(func.to_regclass("pg_temp.direct_read_probe").is_(None))
            ).scalar(session, {})

    assert [tuple(row) for row in before] == [("int2", 2)]
    assert len(seen.through_sqlalchemy) == 3
    assert TYPES_OF_LENGTH.compiled(engine.dialect).sql == seen.through_sqlalchemy[0]
    # The uncommitted row is visible: the direct read ran inside the transaction.
    assert inside == 7
    # SQLAlchemy's adapter sends its deferred BEGIN through the driver's query log too.
    assert seen.direct == ["BEGIN;", temporary.compiled(engine.dialect).sql]
    # After the rollback nothing has begun again: the next read went through SQLAlchemy.
    assert gone is True
    assert len(after_rollback.through_sqlalchemy) == 1
    assert after_rollback.direct == ["BEGIN;"]


async def read_after_the_server_dropped_the_connection(
    engine: AsyncEngine, killer: AsyncEngine
) -> tuple[BaseException, int]:
    """Terminate the backend of a session's connection, then read on it: (error, its pid)."""
    async with create_read_session_factory(engine)() as session:
        connection = await session.connection()
        pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with killer.connect() as other:
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            gone = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            for _ in range(500):
                if not (await other.execute(gone, {"pid": pid})).scalar_one():
                    break
                await asyncio.sleep(0.01)
        with pytest.raises(sa_exc.SQLAlchemyError) as failure:
            await TYPES_OF_LENGTH.fetch(session, {"length": 4})
    return failure.value, pid


async def test_a_dropped_connection_is_an_outage_and_the_pool_recovers(
    engine: AsyncEngine, database_url: str
) -> None:
    killer = create_engine(make_settings(database_url))
    outcomes = []
    try:
        # Several rounds: the driver may or may not have seen the connection close before the
        # read, which takes the read through SQLAlchemy or to the driver.
        for _ in range(5):
            error, pid = await read_after_the_server_dropped_the_connection(engine, killer)
            # The pool holds one connection, the dead one: the next checkout replaces it.
            async with create_read_session_factory(engine)() as session:
                rows = await TYPES_OF_LENGTH.fetch(session, {"length": 4})
                connection = await session.connection()
                now = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            outcomes.append(
                (is_database_unavailable(error), [tuple(row) for row in rows], now != pid)
            )
    finally:
        await killer.dispose()

    assert outcomes == [(True, [("int4", 4)], True)] * 5


async def test_with_statement_echo_on_every_read_goes_where_it_is_logged(
    database_url: str,
) -> None:
    echoing = create_engine(make_settings(database_url, db_echo=True))
    try:
        async with (
            create_read_session_factory(echoing)() as session,
            watched(session) as seen,
        ):
            rows = await TYPES_OF_LENGTH.fetch(session, {"length": 8})
    finally:
        await echoing.dispose()

    assert [tuple(row) for row in rows] == [("int8", 8)]
    assert seen.through_sqlalchemy == [TYPES_OF_LENGTH.compiled(echoing.dialect).sql]
    assert seen.direct == []
