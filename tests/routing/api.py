"""Small helpers that drive the routing API the way a client does."""

from __future__ import annotations

from typing import Any

import httpx

from tests.work_order.api import API, data_of, if_match, unique

ROUTINGS = f"{API}/routings"
ITEMS = f"{API}/items"

__all__ = ["ITEMS", "ROUTINGS", "data_of", "if_match", "unique"]


async def create_item(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    body = {"code": unique("IT"), "name": "Drive shaft", **fields}
    return data_of(await client.post(ITEMS, json=body, headers=headers), 201)  # type: ignore[no-any-return]


def operation(work_center_id: str, seq: int = 10, **fields: Any) -> dict[str, Any]:
    return {"seq": seq, "name": f"Step {seq}", "work_center_id": work_center_id, **fields}


def routing_body(item_id: str, work_center_id: str | None, **fields: Any) -> dict[str, Any]:
    operations = [operation(work_center_id)] if work_center_id else []
    return {"item_id": item_id, "code": "STD", "operations": operations, **fields}


async def create_routing(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    item_id: str,
    work_center_id: str | None,
    **fields: Any,
) -> dict[str, Any]:
    response = await client.post(
        ROUTINGS, json=routing_body(item_id, work_center_id, **fields), headers=headers
    )
    return data_of(response, 201)  # type: ignore[no-any-return]


async def act(
    client: httpx.AsyncClient, headers: dict[str, str], routing: dict[str, Any], action: str
) -> httpx.Response:
    """POST an action with the routing's revision as If-Match (copy needs none, it ignores it)."""
    return await client.post(
        f"{ROUTINGS}/{routing['id']}/{action}",
        headers={**headers, **if_match(routing["revision"])},
    )


async def released(
    client: httpx.AsyncClient, headers: dict[str, str], routing: dict[str, Any]
) -> dict[str, Any]:
    return data_of(await act(client, headers, routing, "release"))  # type: ignore[no-any-return]


async def read(client: httpx.AsyncClient, headers: dict[str, str], routing_id: str) -> Any:
    return data_of(await client.get(f"{ROUTINGS}/{routing_id}", headers=headers))


async def patch(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    routing: dict[str, Any],
    body: dict[str, Any],
) -> httpx.Response:
    return await client.patch(
        f"{ROUTINGS}/{routing['id']}",
        json=body,
        headers={**headers, **if_match(routing["revision"])},
    )
