"""Bring an order into a given status through the API (as an admin)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.work_order import api

STATUSES = ("pending", "in_progress", "on_hold", "completed", "cancelled")
ACTIONS = ("start", "hold", "resume", "complete", "cancel", "reopen")

# The path from a new order to each status: (action, reason).
PATHS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "pending": (),
    "in_progress": (("start", None),),
    "on_hold": (("start", None), ("hold", "Waiting for material")),
    "completed": (("start", None), ("complete", "Customer took a partial lot")),
    "cancelled": (("cancel", "Order withdrawn"),),
}


async def order_in(
    client: httpx.AsyncClient, headers: dict[str, str], status: str, **fields: Any
) -> dict[str, Any]:
    order = await api.create_order(client, headers, **fields)
    for action, reason in PATHS[status]:
        order = api.data_of(await api.act(client, headers, order, action, reason))
    assert order["status"] == status
    return order
