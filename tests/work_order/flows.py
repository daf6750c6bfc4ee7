"""Multi-step arrangements shared by the dispatch, query and summary tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.work_order import api
from tests.work_order.conftest import Floor


async def running(
    client: httpx.AsyncClient,
    floor: Floor,
    *,
    quantity: int = 100,
    planned: int = 100,
    station: dict[str, Any] | None = None,
    **order_fields: Any,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """An order with one started dispatch: (order, dispatch), both as currently stored."""
    order = await api.create_order(client, floor.planner.headers, quantity=quantity, **order_fields)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], (station or floor.station)["id"], planned
    )
    started = api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))
    return await api.read_order(client, floor.viewer.headers, order["id"]), started


async def reported(
    client: httpx.AsyncClient, floor: Floor, dispatch: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    """Report on the dispatch and return it with its new version."""
    outcome = api.data_of(
        await api.report(client, floor.operator.headers, dispatch["id"], **fields), 201
    )
    return {**dispatch, **outcome["dispatch"]}


async def dispatch_step(
    client: httpx.AsyncClient, floor: Floor, dispatch: dict[str, Any], action: str
) -> dict[str, Any]:
    headers = floor.planner.headers if action == "cancel" else floor.operator.headers
    return api.data_of(await api.dispatch_act(client, headers, dispatch, action))  # type: ignore[no-any-return]
