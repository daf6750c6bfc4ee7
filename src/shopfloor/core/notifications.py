"""PostgreSQL notifications: one LISTEN connection per process, for caches that must forget.

A module that keeps something from the database in memory (the identity of a caller, say)
subscribes to a channel its migration's trigger sends on, and forgets an entry when a
notification names it. PostgreSQL delivers a notification to every listening connection
when the transaction that sent it commits, so every worker of every instance hears it.

A cache may only answer while notifications are guaranteed to reach it. The listener tells
its subscribers through `on_reset(listening)`, which means "forget everything; answer from
now on only if `listening`": `True` once LISTEN is in place (anything could have changed
before), `False` as soon as the connection is lost or stops answering its keepalive
(notifications may be missed from then on). A handler that fails is reset the same way.
The listener reconnects by itself with a growing delay.

The connection is a plain asyncpg connection outside the request pool: it sits idle in
LISTEN for the life of the process, and a pooled connection is returned after each request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

import asyncpg
from fastapi import FastAPI

logger = logging.getLogger("shopfloor.notifications")

MessageHandler = Callable[[str], None]
ResetHandler = Callable[[bool], None]


@dataclass(frozen=True, slots=True)
class Subscription:
    channel: str
    on_message: MessageHandler
    on_reset: ResetHandler


class NotificationListener:
    """Listens on the subscribed channels while `run()` is in progress (see the module doc)."""

    def __init__(
        self,
        *,
        keepalive_s: float = 5.0,
        connect_timeout_s: float = 5.0,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 30.0,
    ) -> None:
        self.dsn = ""
        self.keepalive_s = keepalive_s
        self.connect_timeout_s = connect_timeout_s
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self._subscriptions: list[Subscription] = []
        self._listening = False
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    @property
    def listening(self) -> bool:
        return self._listening

    @property
    def subscriptions(self) -> tuple[Subscription, ...]:
        return tuple(self._subscriptions)

    def subscribe(
        self, channel: str, *, on_message: MessageHandler, on_reset: ResetHandler
    ) -> None:
        if self._task is not None:
            raise RuntimeError("subscribe before the listener starts")
        self._subscriptions.append(Subscription(channel, on_message, on_reset))

    def start(self, dsn: str) -> None:
        """Begin listening in the background; returns at once (the database may be down).

        `dsn` is a plain PostgreSQL URL (`postgresql://...`). Without subscriptions nothing
        is started.
        """
        if self._task is None and self._subscriptions:
            self.dsn = dsn
            self._connected = asyncio.Event()
            self._task = asyncio.create_task(self._run(), name="shopfloor-notifications")

    async def wait_listening(self, timeout_s: float) -> bool:
        """Wait until LISTEN is in place (for start-up and tests); False on timeout or when
        the listener was not started."""
        if self._listening:
            return True
        if self._task is None:
            return False
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                await self._connected.wait()
        return self._listening

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._set_listening(False)

    async def _run(self) -> None:
        delay = self.retry_initial_s
        while True:
            try:
                await self._listen_once()
                delay = self.retry_initial_s
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning(
                    "database notifications unavailable (%s: %s); caches that depend on them "
                    "are off, retrying in %.1f s",
                    type(exc).__name__,
                    exc,
                    delay,
                )
            finally:
                self._set_listening(False)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.retry_max_s)

    async def _listen_once(self) -> None:
        connection: asyncpg.Connection = await asyncpg.connect(
            self.dsn,
            timeout=self.connect_timeout_s,
            server_settings={"application_name": "shopfloor-notifications"},
        )
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _connection: lost.set())
        try:
            for channel in sorted({s.channel for s in self._subscriptions}):
                await connection.add_listener(channel, self._dispatch)
            self._set_listening(True)
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.keepalive_s):
                        await lost.wait()
                if lost.is_set():
                    break
                # A connection cut without a FIN (a firewall, a dead host) never reports
                # itself: ask it something, and give up on it when it does not answer.
                async with asyncio.timeout(self.keepalive_s):
                    await connection.fetchval("SELECT 1")
            logger.warning("database notifications: the connection was closed")
        finally:
            self._set_listening(False)
            connection.terminate()

    def _dispatch(self, _connection: object, _pid: int, channel: str, payload: object) -> None:
        for subscription in self._subscriptions:
            if subscription.channel == channel:
                try:
                    subscription.on_message(str(payload))
                except Exception:
                    logger.exception("a notification handler failed on %s", channel)
                    # It may now hold what it should have forgotten.
                    self._reset(subscription, self._listening)

    def _set_listening(self, listening: bool) -> None:
        changed = listening != self._listening
        self._listening = listening
        if listening:
            self._connected.set()
        else:
            self._connected.clear()
        if not changed:
            return
        logger.info("database notifications: %s", "listening" if listening else "not listening")
        for subscription in self._subscriptions:
            self._reset(subscription, listening)

    @staticmethod
    def _reset(subscription: Subscription, listening: bool) -> None:
        try:
            subscription.on_reset(listening)
        except Exception:
            logger.exception("a notification reset handler failed on %s", subscription.channel)


_STATE = "notifications"


def install_listener(app: FastAPI, listener: NotificationListener) -> None:
    """Give the application its listener (the app factory does it before module start-up)."""
    setattr(app.state, _STATE, listener)


def listener_of(app: FastAPI) -> NotificationListener:
    listener = getattr(app.state, _STATE, None)
    if not isinstance(listener, NotificationListener):
        raise RuntimeError("the application has no notification listener")
    return listener


def subscribe(
    app: FastAPI, channel: str, *, on_message: MessageHandler, on_reset: ResetHandler
) -> None:
    """Subscribe to `channel` on the application's listener (from a module's startup hook)."""
    listener_of(app).subscribe(channel, on_message=on_message, on_reset=on_reset)
