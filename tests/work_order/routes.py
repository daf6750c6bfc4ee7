"""Every work-order route with the state it needs, for the role and organisation matrices.

Each entry arranges (as an admin) what its request needs to succeed, so that the only thing
that can make the request fail is who sends it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.states import order_in

EVERYONE = frozenset({"admin", "supervisor", "planner", "operator", "viewer"})
PLANNING = frozenset({"admin", "supervisor", "planner"})
SUPERVISION = frozenset({"admin", "supervisor"})
OPERATING = frozenset({"admin", "supervisor", "operator"})


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Arrange = Callable[[httpx.AsyncClient, Floor], Awaitable[Call]]


@dataclass(frozen=True)
class Route:
    name: str
    arrange: Arrange
    roles: frozenset[str]
    # The route takes an id (in the path) that another organisation cannot see.
    takes_id: bool = True


async def _order(client: httpx.AsyncClient, floor: Floor, status: str = "pending") -> Any:
    return await order_in(client, floor.admin.headers, status)


async def _dispatch(client: httpx.AsyncClient, floor: Floor, status: str = "queued") -> Any:
    order = await _order(client, floor)
    dispatch = await api.create_dispatch(
        client, floor.admin.headers, order["id"], floor.station["id"], 10
    )
    steps = {"queued": (), "in_progress": ("start",), "paused": ("start", "pause")}[status]
    for step in steps:
        dispatch = api.data_of(await api.dispatch_act(client, floor.admin.headers, dispatch, step))
    return dispatch


async def list_orders(client: httpx.AsyncClient, floor: Floor) -> Call:
    return Call("GET", api.ORDERS)


async def create_order(client: httpx.AsyncClient, floor: Floor) -> Call:
    return Call("POST", api.ORDERS, json=api.order_body())


async def summary(client: httpx.AsyncClient, floor: Floor) -> Call:
    return Call("GET", f"{api.ORDERS}/summary")


async def read_order(client: httpx.AsyncClient, floor: Floor) -> Call:
    order = await _order(client, floor)
    return Call("GET", f"{api.ORDERS}/{order['id']}")


async def update_order(client: httpx.AsyncClient, floor: Floor) -> Call:
    order = await _order(client, floor)
    return Call(
        "PATCH",
        f"{api.ORDERS}/{order['id']}",
        json={"priority": 9},
        headers=api.if_match(order["version"]),
    )


async def delete_order(client: httpx.AsyncClient, floor: Floor) -> Call:
    order = await _order(client, floor)
    return Call("DELETE", f"{api.ORDERS}/{order['id']}", headers=api.if_match(order["version"]))


def order_action(action: str, status: str) -> Arrange:
    async def arrange(client: httpx.AsyncClient, floor: Floor) -> Call:
        order = await _order(client, floor, status)
        return Call(
            "POST",
            f"{api.ORDERS}/{order['id']}/{action}",
            json={"reason": "Matrix"},
            headers=api.if_match(order["version"]),
        )

    return arrange


async def history(client: httpx.AsyncClient, floor: Floor) -> Call:
    order = await _order(client, floor)
    return Call("GET", f"{api.ORDERS}/{order['id']}/history")


async def create_dispatch(client: httpx.AsyncClient, floor: Floor) -> Call:
    order = await _order(client, floor)
    body = {"work_center_id": floor.station["id"], "planned_qty": 5}
    return Call("POST", f"{api.ORDERS}/{order['id']}/dispatches", json=body)


async def list_dispatches(client: httpx.AsyncClient, floor: Floor) -> Call:
    order = await _order(client, floor)
    return Call("GET", f"{api.ORDERS}/{order['id']}/dispatches")


async def read_dispatch(client: httpx.AsyncClient, floor: Floor) -> Call:
    dispatch = await _dispatch(client, floor)
    return Call("GET", f"{api.DISPATCHES}/{dispatch['id']}")


async def update_dispatch(client: httpx.AsyncClient, floor: Floor) -> Call:
    dispatch = await _dispatch(client, floor)
    return Call(
        "PATCH",
        f"{api.DISPATCHES}/{dispatch['id']}",
        json={"note": "Use fixture B"},
        headers=api.if_match(dispatch["version"]),
    )


def dispatch_action(action: str, status: str) -> Arrange:
    async def arrange(client: httpx.AsyncClient, floor: Floor) -> Call:
        dispatch = await _dispatch(client, floor, status)
        return Call(
            "POST",
            f"{api.DISPATCHES}/{dispatch['id']}/{action}",
            headers=api.if_match(dispatch["version"]),
        )

    return arrange


async def report(client: httpx.AsyncClient, floor: Floor) -> Call:
    dispatch = await _dispatch(client, floor, "in_progress")
    return Call("POST", f"{api.DISPATCHES}/{dispatch['id']}/reports", json={"good_qty": 1})


async def list_reports(client: httpx.AsyncClient, floor: Floor) -> Call:
    dispatch = await _dispatch(client, floor, "in_progress")
    return Call("GET", f"{api.DISPATCHES}/{dispatch['id']}/reports")


async def reverse_report(client: httpx.AsyncClient, floor: Floor) -> Call:
    dispatch = await _dispatch(client, floor, "in_progress")
    outcome = api.data_of(await api.report(client, floor.admin.headers, dispatch["id"]), 201)
    return Call(
        "POST",
        f"{api.REPORTS}/{outcome['report']['id']}/reverse",
        json={"reason": "Counted twice"},
    )


async def station_queue(client: httpx.AsyncClient, floor: Floor) -> Call:
    return Call("GET", f"{api.API}/work-centers/{floor.station['id']}/dispatches")


ROUTES = (
    Route("list orders", list_orders, EVERYONE, takes_id=False),
    Route("create order", create_order, PLANNING, takes_id=False),
    Route("summary", summary, EVERYONE, takes_id=False),
    Route("read order", read_order, EVERYONE),
    Route("update order", update_order, PLANNING),
    Route("delete order", delete_order, PLANNING),
    Route("start order", order_action("start", "pending"), PLANNING),
    Route("hold order", order_action("hold", "in_progress"), SUPERVISION),
    Route("resume order", order_action("resume", "on_hold"), SUPERVISION),
    Route("complete order", order_action("complete", "in_progress"), SUPERVISION),
    Route("cancel pending order", order_action("cancel", "pending"), PLANNING),
    Route("cancel running order", order_action("cancel", "in_progress"), SUPERVISION),
    Route("reopen order", order_action("reopen", "completed"), frozenset({"admin"})),
    Route("order history", history, EVERYONE),
    Route("create dispatch", create_dispatch, PLANNING),
    Route("list dispatches", list_dispatches, EVERYONE),
    Route("read dispatch", read_dispatch, EVERYONE),
    Route("update dispatch", update_dispatch, PLANNING),
    Route("start dispatch", dispatch_action("start", "queued"), OPERATING),
    Route("pause dispatch", dispatch_action("pause", "in_progress"), OPERATING),
    Route("resume dispatch", dispatch_action("resume", "paused"), OPERATING),
    Route("finish dispatch", dispatch_action("finish", "in_progress"), OPERATING),
    Route("cancel dispatch", dispatch_action("cancel", "queued"), PLANNING),
    Route("report production", report, OPERATING),
    Route("list reports", list_reports, EVERYONE),
    Route("reverse report", reverse_report, SUPERVISION),
    Route("station queue", station_queue, EVERYONE),
)


async def send(client: httpx.AsyncClient, call: Call, headers: dict[str, str]) -> httpx.Response:
    return await client.request(
        call.method, call.url, json=call.json, headers={**call.headers, **headers}
    )
