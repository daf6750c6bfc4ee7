"""Small helpers that drive the work-order API the way a client does."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

API = "/api/v1"
ORDERS = f"{API}/work-orders"
DISPATCHES = f"{API}/dispatches"
REPORTS = f"{API}/production-reports"


def if_match(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


def data_of(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()["data"]


async def create_work_center(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    body = {"code": unique("WC"), "name": "Station", **fields}
    return data_of(await client.post(f"{API}/work-centers", json=body, headers=headers), 201)  # type: ignore[no-any-return]


async def deactivate_work_center(
    client: httpx.AsyncClient, headers: dict[str, str], work_center: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        f"{API}/work-centers/{work_center['id']}/deactivate",
        headers={**headers, **if_match(work_center["version"])},
    )
    return data_of(response)  # type: ignore[no-any-return]


async def create_customer(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    body = {"code": unique("C"), "name": "Customer", **fields}
    return data_of(await client.post(f"{API}/customers", json=body, headers=headers), 201)  # type: ignore[no-any-return]


async def create_item(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    body = {"code": unique("IT"), "name": "Drive shaft", **fields}
    return data_of(await client.post(f"{API}/items", json=body, headers=headers), 201)  # type: ignore[no-any-return]


def order_body(**fields: Any) -> dict[str, Any]:
    return {"order_number": unique("WO"), "product_model": "GB-200", "quantity": 100, **fields}


async def create_order(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    return data_of(await client.post(ORDERS, json=order_body(**fields), headers=headers), 201)  # type: ignore[no-any-return]


async def read_order(
    client: httpx.AsyncClient, headers: dict[str, str], order_id: str
) -> dict[str, Any]:
    return data_of(await client.get(f"{ORDERS}/{order_id}", headers=headers))  # type: ignore[no-any-return]


async def act(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    order: dict[str, Any],
    action: str,
    reason: str | None = None,
) -> httpx.Response:
    """POST an action with the order's current version as If-Match."""
    body = {"reason": reason} if reason is not None else None
    return await client.post(
        f"{ORDERS}/{order['id']}/{action}",
        json=body,
        headers={**headers, **if_match(order["version"])},
    )


async def create_dispatch(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    order_id: str,
    work_center_id: str,
    planned_qty: int,
    **fields: Any,
) -> dict[str, Any]:
    body = {"work_center_id": work_center_id, "planned_qty": planned_qty, **fields}
    response = await client.post(f"{ORDERS}/{order_id}/dispatches", json=body, headers=headers)
    return data_of(response, 201)  # type: ignore[no-any-return]


async def dispatch_act(
    client: httpx.AsyncClient, headers: dict[str, str], dispatch: dict[str, Any], action: str
) -> httpx.Response:
    return await client.post(
        f"{DISPATCHES}/{dispatch['id']}/{action}",
        headers={**headers, **if_match(dispatch["version"])},
    )


async def report(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    dispatch_id: str,
    *,
    key: str | None = None,
    **fields: Any,
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key is not None else {}
    body = {"good_qty": 1, **fields}
    return await client.post(
        f"{DISPATCHES}/{dispatch_id}/reports", json=body, headers={**headers, **extra}
    )


async def reverse(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    report_id: str,
    *,
    key: str | None = None,
    reason: str = "Counted twice",
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key is not None else {}
    return await client.post(
        f"{REPORTS}/{report_id}/reverse", json={"reason": reason}, headers={**headers, **extra}
    )
