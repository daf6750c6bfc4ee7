"""Orders of an item whose released routing has operations, driven through the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.routing import api as routing_api
from tests.work_order import api
from tests.work_order.conftest import Floor


@dataclass(frozen=True)
class Plant:
    """Three stations and an item whose default routing passes through them."""

    lathe: dict[str, Any]
    mill: dict[str, Any]
    bench: dict[str, Any]
    item: dict[str, Any]
    routing: dict[str, Any]


async def build_plant(client: httpx.AsyncClient, floor: Floor) -> Plant:
    headers = floor.admin.headers
    lathe = await api.create_work_center(client, headers, name="Lathe")
    mill = await api.create_work_center(client, headers, name="Mill")
    bench = await api.create_work_center(client, headers, name="Inspection bench")
    item = await routing_api.create_item(client, headers, name="Drive shaft DS-40")
    routing = await routing_api.create_routing(
        client,
        headers,
        item["id"],
        None,
        is_default=True,
        operations=[
            routing_api.operation(lathe["id"], 10, name="turning", run_s_per_unit=42),
            routing_api.operation(mill["id"], 20, name="milling", setup_min=15),
            routing_api.operation(bench["id"], 30, name="inspection"),
        ],
    )
    routing = await routing_api.released(client, headers, routing)
    return Plant(lathe=lathe, mill=mill, bench=bench, item=item, routing=routing)


async def create_routed_order(
    client: httpx.AsyncClient, headers: dict[str, str], plant: Plant, **fields: Any
) -> dict[str, Any]:
    body = {"order_number": api.unique("WO"), "item_id": plant.item["id"], "quantity": 100}
    response = await client.post(api.ORDERS, json={**body, **fields}, headers=headers)
    return api.data_of(response, 201)  # type: ignore[no-any-return]


def operation_at(order: dict[str, Any], seq: int) -> dict[str, Any]:
    [found] = [op for op in order["operations"] if op["seq"] == seq]
    return found


async def dispatch_operation(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    order_id: str,
    operation_id: str,
    **fields: Any,
) -> httpx.Response:
    return await client.post(
        f"{api.ORDERS}/{order_id}/dispatches",
        json={"operation_id": operation_id, **fields},
        headers=headers,
    )


async def started(
    client: httpx.AsyncClient, headers: dict[str, str], dispatch: dict[str, Any]
) -> dict[str, Any]:
    return api.data_of(await api.dispatch_act(client, headers, dispatch, "start"))  # type: ignore[no-any-return]


def operations_url(order_id: str, operation_id: str | None = None) -> str:
    url = f"{api.ORDERS}/{order_id}/operations"
    return url if operation_id is None else f"{url}/{operation_id}"
