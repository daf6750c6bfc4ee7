"""Waiting in tests for the notification listener, on events instead of polling.

A test that changes data a cache keeps must not read before the change's notification has
reached the cache: a read that races it stores nothing, or is forgotten right after. The
`NotificationMarks` subscriber is added to the listener after the caches (so it hears each
notification after they have handled it), and `settle` sends a marker of its own once the
change has committed. PostgreSQL delivers notifications in the order their transactions
committed, so when the marker arrives every earlier change has reached the caches.
"""

from __future__ import annotations

import asyncio
import uuid

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shopfloor.core.notifications import listener_of

TIMEOUT_S = 10.0


class NotificationMarks:
    """What the listener delivered on one channel, and whether it is listening."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self._heard: dict[str, asyncio.Event] = {}
        self._listening = {True: asyncio.Event(), False: asyncio.Event()}

    def subscribe_to(self, app: FastAPI) -> None:
        """Subscribe after the caches (from the app's start-up hooks), before the lifespan."""
        listener_of(app).subscribe(
            self.channel, on_message=self._on_message, on_reset=self._on_reset
        )

    def _on_message(self, payload: str) -> None:
        self._heard.setdefault(payload, asyncio.Event()).set()

    def _on_reset(self, listening: bool) -> None:
        self._listening[not listening].clear()
        self._listening[listening].set()

    async def heard(self, payload: str) -> None:
        """Return once `payload` has been delivered (and handled by every cache before us)."""
        async with asyncio.timeout(TIMEOUT_S):
            await self._heard.setdefault(payload, asyncio.Event()).wait()

    async def listening(self, listening: bool = True) -> None:
        """Return once the listener has told its subscribers it is (or is not) listening."""
        async with asyncio.timeout(TIMEOUT_S):
            await self._listening[listening].wait()

    async def settle(self, engine: AsyncEngine) -> None:
        """Return once every change committed before this call has reached the caches.

        The marker is a fresh UUID: a cache keyed by ids forgets nothing for it.
        """
        marker = str(uuid.uuid4())
        async with engine.connect() as connection:
            await connection.execute(select(func.pg_notify(self.channel, marker)))
            await connection.commit()
        await self.heard(marker)
