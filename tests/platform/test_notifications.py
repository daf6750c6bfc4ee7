"""The notification listener against a real PostgreSQL server: delivery, loss, recovery."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest

from shopfloor.core.notifications import NotificationListener
from tests.platform.pg import plain_dsn
from tests.support.waiting import eventually

LISTENER_NAME = "shopfloor-notifications"


class Recorder:
    """What a subscriber was told, in order."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.resets: list[bool] = []

    def on_message(self, payload: str) -> None:
        self.messages.append(payload)

    def on_reset(self, listening: bool) -> None:
        self.resets.append(listening)


@pytest.fixture
def dsn(database_url: str) -> str:
    return plain_dsn(database_url)


@pytest.fixture
def channel() -> str:
    return f"test_{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def notify(dsn: str) -> AsyncIterator[Callable[[str, str], Awaitable[None]]]:
    connection = await asyncpg.connect(dsn)

    async def send(channel: str, payload: str) -> None:
        await connection.execute("SELECT pg_notify($1, $2)", channel, payload)

    try:
        yield send
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def running(listener: NotificationListener, dsn: str) -> AsyncIterator[None]:
    listener.start(dsn)
    try:
        yield
    finally:
        await listener.stop()


async def listener_pids(dsn: str) -> list[int]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1 "
            "AND datname = current_database()",
            LISTENER_NAME,
        )
    finally:
        await connection.close()
    return [row["pid"] for row in rows]


async def test_a_notification_reaches_its_subscribers_only(
    dsn: str, channel: str, notify: Callable[[str, str], Awaitable[None]]
) -> None:
    listener = NotificationListener()
    mine, other = Recorder(), Recorder()
    listener.subscribe(channel, on_message=mine.on_message, on_reset=mine.on_reset)
    listener.subscribe(channel + "_x", on_message=other.on_message, on_reset=other.on_reset)
    async with running(listener, dsn):
        assert await listener.wait_listening(10)
        assert mine.resets == [True]
        await notify(channel, "first")
        await notify(channel, "second")
        await eventually(lambda: len(mine.messages) == 2)
    assert mine.messages == ["first", "second"]
    assert other.messages == []
    assert mine.resets == [True, False]
    assert not listener.listening


async def test_a_notification_of_a_rolled_back_transaction_never_arrives(
    dsn: str, channel: str, notify: Callable[[str, str], Awaitable[None]]
) -> None:
    listener = NotificationListener()
    seen = Recorder()
    listener.subscribe(channel, on_message=seen.on_message, on_reset=seen.on_reset)
    async with running(listener, dsn):
        assert await listener.wait_listening(10)
        connection = await asyncpg.connect(dsn)
        try:
            transaction = connection.transaction()
            await transaction.start()
            await connection.execute("SELECT pg_notify($1, 'undone')", channel)
            await transaction.rollback()
        finally:
            await connection.close()
        # A later notification on the same channel arrives; the undone one never does.
        await notify(channel, "done")
        await eventually(lambda: seen.messages == ["done"])


async def test_a_lost_connection_resets_the_subscribers_and_is_reopened(
    dsn: str, channel: str, notify: Callable[[str, str], Awaitable[None]]
) -> None:
    listener = NotificationListener(retry_initial_s=0.05)
    seen = Recorder()
    listener.subscribe(channel, on_message=seen.on_message, on_reset=seen.on_reset)
    async with running(listener, dsn):
        assert await listener.wait_listening(10)
        [pid] = await listener_pids(dsn)
        admin = await asyncpg.connect(dsn)
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
        finally:
            await admin.close()
        await eventually(lambda: seen.resets[:2] == [True, False])
        await eventually(lambda: seen.resets == [True, False, True])
        assert listener.listening
        [new_pid] = await listener_pids(dsn)
        assert new_pid != pid
        await notify(channel, "after")
        await eventually(lambda: seen.messages == ["after"])


async def test_a_server_that_does_not_answer_leaves_it_off_without_blocking(
    channel: str,
) -> None:
    # A port that accepts connections and never says a word, like a hung server.
    held: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    listener = NotificationListener(connect_timeout_s=0.2, retry_initial_s=0.05)
    seen = Recorder()
    listener.subscribe(channel, on_message=seen.on_message, on_reset=seen.on_reset)
    try:
        async with running(listener, f"postgresql://postgres@127.0.0.1:{port}/postgres"):
            assert not await listener.wait_listening(0.5)
            await eventually(lambda: len(held) >= 2)  # it keeps trying
            assert not listener.listening
        assert True not in seen.resets
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_failing_handler_resets_its_subscriber(
    dsn: str, channel: str, notify: Callable[[str, str], Awaitable[None]]
) -> None:
    listener = NotificationListener()
    seen = Recorder()

    def refuse(payload: str) -> None:
        seen.messages.append(payload)
        raise ValueError("cannot handle it")

    listener.subscribe(channel, on_message=refuse, on_reset=seen.on_reset)
    async with running(listener, dsn):
        assert await listener.wait_listening(10)
        await notify(channel, "x")
        await eventually(lambda: seen.resets == [True, True])
        assert listener.listening
    assert seen.messages == ["x"]


def test_subscribing_after_start_is_refused() -> None:
    async def scenario() -> None:
        listener = NotificationListener(connect_timeout_s=0.1)
        listener.subscribe("a", on_message=lambda _p: None, on_reset=lambda _l: None)
        listener.start("postgresql://postgres@127.0.0.1:1/postgres")
        try:
            with pytest.raises(RuntimeError, match="before the listener starts"):
                listener.subscribe("b", on_message=lambda _p: None, on_reset=lambda _l: None)
        finally:
            await listener.stop()

    asyncio.run(scenario())


async def test_without_subscriptions_nothing_connects(dsn: str) -> None:
    listener = NotificationListener()
    listener.start(dsn)
    assert not await listener.wait_listening(0.2)
    assert await listener_pids(dsn) == []
    await listener.stop()
