"""A per-process bound on sign-ins in progress.

A sign-in holds a database connection from its first query (the failure counters) to its
commit, and spends most of that time waiting to hash. Without a bound, a burst of sign-ins
would take every pooled connection while queueing for the hasher, and every other request
would wait for a connection. Waiting here happens before the first query, holding nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class SignInGate:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._semaphore: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _current(self) -> asyncio.Semaphore:
        # A semaphore belongs to one event loop; tests and tools may run several.
        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._loop is not loop:
            self._semaphore = asyncio.Semaphore(self.limit)
            self._loop = loop
        return self._semaphore

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._current():
            yield
