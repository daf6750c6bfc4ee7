"""The walkthrough of docs/items-and-routings.md: a 100-piece order through three operations.

Operation 20 can start only once operation 10 has made pieces good, takes no more than it
made, and a reversal at operation 10 is refused once operation 20 has used its pieces. The
order completes with the totals of its last operation and the history shows every step.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.routed import (
    build_plant,
    create_routed_order,
    dispatch_operation,
    operation_at,
    started,
)


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    return error


async def test_a_hundred_pieces_through_turning_milling_and_inspection(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    plant = await build_plant(client, floor)
    planner, operator, supervisor = floor.planner, floor.operator, floor.supervisor

    # 1. The order copies the item's default routing: turning is ready, the rest pending.
    order = await create_routed_order(client, planner.headers, plant)
    assert order["routing_id"] == plant.routing["id"]
    order = await api.read_order(client, planner.headers, order["id"])
    assert [(op["seq"], op["name"], op["status"]) for op in order["operations"]] == [
        (10, "turning", "ready"),
        (20, "milling", "pending"),
        (30, "inspection", "pending"),
    ]
    turning, milling, inspection = (operation_at(order, seq) for seq in (10, 20, 30))
    assert [op["available_qty"] for op in (turning, milling, inspection)] == [100, 0, 0]

    # 2. Dispatches default to the operation's work center and undispatched quantity.
    at_lathe = api.data_of(
        await dispatch_operation(client, planner.headers, order["id"], turning["id"]), 201
    )
    at_mill = api.data_of(
        await dispatch_operation(client, planner.headers, order["id"], milling["id"]), 201
    )
    assert (at_lathe["work_center_id"], at_lathe["planned_qty"]) == (plant.lathe["id"], 100)
    assert (at_mill["work_center_id"], at_mill["operation"]) == (plant.mill["id"], "milling")

    # 3. Milling cannot start before turning has made anything good: refused at start.
    early = await api.dispatch_act(client, operator.headers, at_mill, "start")
    assert error_of(early, 409)["code"] == "OPERATION_NOT_READY"
    assert early.json()["error"]["details"][0]["available_qty"] == 0

    # 4. Turning makes 40 good; milling becomes startable with 40 available.
    at_lathe = await started(client, operator.headers, at_lathe)
    first = api.data_of(
        await api.report(client, operator.headers, at_lathe["id"], good_qty=40), 201
    )
    queue = api.data_of(
        await client.get(
            f"{api.API}/work-centers/{plant.mill['id']}/dispatches", headers=operator.headers
        )
    )
    [queued] = queue
    assert (queued["operation_seq"], queued["operation_name"]) == (20, "milling")
    assert (queued["available_qty"], queued["startable"]) == (40, True)

    # 5. Milling takes the 40 and not a 41st.
    at_mill = await started(client, operator.headers, at_mill)
    response = await api.report(client, operator.headers, at_mill["id"], good_qty=40)
    assert response.status_code == 201, response.text
    refused = await api.report(client, operator.headers, at_mill["id"], good_qty=1)
    error = error_of(refused, 409)
    assert error["code"] == "OPERATION_QTY_EXCEEDS_AVAILABLE"
    assert (error["details"][0]["available_qty"], error["details"][0]["remaining"]) == (40, 0)

    # 6. Turning's 40 are used by milling now: their reversal is refused.
    consumed = await api.reverse(client, supervisor.headers, first["report"]["id"])
    error = error_of(consumed, 409)
    assert error["code"] == "REPORT_QUANTITY_CONSUMED"
    assert error["details"][0]["operation_id"] == milling["id"]

    # 7. The rest goes through: turning 58 good and 2 scrapped, milling 58, inspection 97+1.
    extra = {"scrap_reason": "Chatter marks"}
    response = await api.report(
        client, operator.headers, at_lathe["id"], good_qty=58, scrap_qty=2, **extra
    )
    assert response.status_code == 201, response.text
    response = await api.report(client, operator.headers, at_mill["id"], good_qty=58)
    assert response.status_code == 201, response.text
    at_bench = api.data_of(
        await dispatch_operation(client, planner.headers, order["id"], inspection["id"]), 201
    )
    assert at_bench["planned_qty"] == 100
    at_bench = await started(client, operator.headers, at_bench)
    response = await api.report(
        client, operator.headers, at_bench["id"], good_qty=97, scrap_qty=1, scrap_reason="Burr"
    )
    assert response.status_code == 201, response.text
    outcome = response.json()["data"]
    assert (outcome["work_order"]["produced_qty"], outcome["work_order"]["scrap_qty"]) == (97, 3)

    # 8. The dispatches finish and the supervisor completes the order.
    for dispatch in (at_lathe, at_mill, at_bench):
        current = api.data_of(
            await client.get(f"{api.DISPATCHES}/{dispatch['id']}", headers=operator.headers)
        )
        finished = await api.dispatch_act(client, operator.headers, current, "finish")
        assert finished.status_code == 200, finished.text
    order = await api.read_order(client, supervisor.headers, order["id"])
    assert [(op["status"], op["good_qty"], op["scrap_qty"]) for op in order["operations"]] == [
        ("done", 98, 2),
        ("done", 98, 0),
        ("done", 97, 1),
    ]
    completed = await api.act(client, supervisor.headers, order, "complete")
    assert completed.status_code == 200, completed.text
    done = completed.json()["data"]
    assert (done["status"], done["produced_qty"], done["scrap_qty"]) == ("completed", 97, 3)

    # 9. The history shows every step, in order.
    history = api.data_of(
        await client.get(
            f"{api.ORDERS}/{order['id']}/history",
            params={"page_size": 100},
            headers=supervisor.headers,
        )
    )
    actions = [entry["action"] for entry in history]
    assert actions[0] == "created"
    assert history[0]["changes"]["operations"] == [
        None,
        ["10 turning", "20 milling", "30 inspection"],
    ]
    assert actions.count("dispatch_created") == 3
    assert actions.count("quantity_reported") == 5
    assert actions.count("dispatch_status_changed:start") == 3
    assert actions.count("dispatch_status_changed:finish") == 3
    assert actions[-1] == "status_changed:complete"
    assert "report_reversed" not in actions
