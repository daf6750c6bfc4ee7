"""Waiting in tests for something another connection or task does (a notification, a reconnect)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

POLL_S = 0.01


async def eventually(check: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Return as soon as `check()` holds; fail the test when it has not within `timeout_s`."""
    for _ in range(round(timeout_s / POLL_S)):
        if check():
            return
        await asyncio.sleep(POLL_S)
    assert check(), f"still not true after {timeout_s} s"
