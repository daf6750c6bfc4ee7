"""Waiting for what the application's notification listener delivered, without polling.

A `NotificationWatch` subscribes to a channel on the application's listener after the
module's own cache did, so the listener hands it every notification (and every change of
its listening state) just after the cache. When the watch hears something, the cache has
handled it already.

`mark(session)` sends a marker on the channel and waits until the watch hears it.
PostgreSQL delivers notifications in the order their transactions committed, so by then
the cache has handled every notification of every change committed before the marker. The
marker names a key no cache holds (a fresh UUID), so it makes a cache forget nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from shopfloor.core.config import AppSettings
from shopfloor.core.notifications import listener_of
from tests.support.running_app import RunningApp, build

WAIT_S = 10.0


class NotificationWatch:
    def __init__(self, channel: str) -> None:
        self.channel = channel
        self._heard: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self._listening = {True: asyncio.Event(), False: asyncio.Event()}

    def attach(self, app: FastAPI) -> None:
        """Subscribe to the application's listener, after the caches (from the app's start-up
        hooks) and before its lifespan starts."""
        listener_of(app).subscribe(
            self.channel, on_message=self._on_message, on_reset=self._on_reset
        )

    def _on_message(self, payload: str) -> None:
        self._heard[payload].set()

    def _on_reset(self, listening: bool) -> None:
        self._listening[not listening].clear()
        self._listening[listening].set()

    async def mark(self, session: AsyncSession) -> None:
        """Wait until the application heard every notification committed before now.

        The marker is sent and committed through `session`, which must commit for real
        (`live_session`).
        """
        marker = str(uuid.uuid4())
        await session.execute(
            text("SELECT pg_notify(:channel, :marker)"),
            {"channel": self.channel, "marker": marker},
        )
        await session.commit()
        await self._wait(self._heard[marker], f"the marker on {self.channel}")

    async def settle(self, engine: AsyncEngine) -> None:
        """`mark`, on a connection of its own from `engine` (for tests without `live_session`)."""
        async with AsyncSession(engine) as session:
            await self.mark(session)

    async def until_listening(self, listening: bool) -> None:
        """Wait until the listener says it is (True) or is not (False) listening."""
        await self._wait(self._listening[listening], f"listening={listening}")

    @staticmethod
    async def _wait(event: asyncio.Event, what: str) -> None:
        try:
            async with asyncio.timeout(WAIT_S):
                await event.wait()
        except TimeoutError:
            raise AssertionError(f"{what} did not arrive within {WAIT_S} s") from None


@asynccontextmanager
async def running_with_watch(
    settings: AppSettings, engine: AsyncEngine, channel: str
) -> AsyncIterator[tuple[RunningApp, NotificationWatch]]:
    """The app with its lifespan started (like `running_app.running`), watched on `channel`."""
    run = build(settings, engine)
    watch = NotificationWatch(channel)
    watch.attach(run.app)
    async with run.app.router.lifespan_context(run.app), run.http:
        await watch.until_listening(True)
        yield run, watch
