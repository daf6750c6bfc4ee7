"""Reports and reversals at consecutive operations, between real concurrent transactions.

live_client commits for real and runs each request on its own pooled connection;
asyncio.gather sends them together, so the database sees them interleaved. Whatever the
order they land in, an operation never holds more good plus scrap than the operations
before it made good.
"""

from __future__ import annotations

import asyncio
from collections import Counter
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


def assert_flow_holds(order: dict[str, Any]) -> None:
    turning, milling, inspection = (operation_at(order, seq) for seq in (10, 20, 30))
    assert turning["good_qty"] + turning["scrap_qty"] <= order["quantity"]
    assert milling["good_qty"] + milling["scrap_qty"] <= turning["good_qty"]
    assert inspection["good_qty"] + inspection["scrap_qty"] <= milling["good_qty"]
    assert order["produced_qty"] == inspection["good_qty"]
    assert order["scrap_qty"] == sum(op["scrap_qty"] for op in order["operations"])


async def test_reports_at_consecutive_operations_never_outrun_the_previous_one(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    plant = await build_plant(client, floor)
    order = await create_routed_order(client, floor.planner.headers, plant, quantity=60)
    order = await api.read_order(client, floor.planner.headers, order["id"])
    dispatches = []
    for seq in (10, 20):
        created = api.data_of(
            await dispatch_operation(
                client, floor.planner.headers, order["id"], operation_at(order, seq)["id"]
            ),
            201,
        )
        dispatches.append(created)
    at_lathe = await started(client, floor.operator.headers, dispatches[0])
    api.data_of(await api.report(client, floor.operator.headers, at_lathe["id"], good_qty=3), 201)
    at_mill = await started(client, floor.operator.headers, dispatches[1])

    # Turning adds 3 good at a time while milling asks for 4 at a time: milling may take
    # only what turning has made good when its report is checked.
    responses = await asyncio.gather(
        *(api.report(client, floor.operator.headers, at_lathe["id"], good_qty=3) for _ in range(8)),
        *(api.report(client, floor.operator.headers, at_mill["id"], good_qty=4) for _ in range(8)),
    )

    lathe_codes = Counter(r.status_code for r in responses[:8])
    mill = responses[8:]
    assert lathe_codes == {201: 8}
    for response in mill:
        assert response.status_code in (201, 409), response.text
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "OPERATION_QTY_EXCEEDS_AVAILABLE"
    current = await api.read_order(client, floor.viewer.headers, order["id"])
    assert operation_at(current, 10)["good_qty"] == 27
    accepted = sum(1 for r in mill if r.status_code == 201)
    assert operation_at(current, 20)["good_qty"] == 4 * accepted
    assert_flow_holds(current)


async def test_reversals_upstream_racing_reports_downstream_keep_the_invariant(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    plant = await build_plant(client, floor)
    order = await create_routed_order(client, floor.planner.headers, plant, quantity=60)
    order = await api.read_order(client, floor.planner.headers, order["id"])
    at_lathe, at_mill = [
        api.data_of(
            await dispatch_operation(
                client, floor.planner.headers, order["id"], operation_at(order, seq)["id"]
            ),
            201,
        )
        for seq in (10, 20)
    ]
    at_lathe = await started(client, floor.operator.headers, at_lathe)
    reports = [
        api.data_of(
            await api.report(client, floor.operator.headers, at_lathe["id"], good_qty=5), 201
        )["report"]
        for _ in range(6)
    ]
    at_mill = await started(client, floor.operator.headers, at_mill)

    # Six reversals of 5 at turning against six reports of 5 at milling: each side wins
    # only while the other has left it room, and never both for the same pieces.
    responses = await asyncio.gather(
        *(api.reverse(client, floor.supervisor.headers, report["id"]) for report in reports),
        *(api.report(client, floor.operator.headers, at_mill["id"], good_qty=5) for _ in range(6)),
    )

    reversed_ok = sum(1 for r in responses[:6] if r.status_code == 201)
    milled_ok = sum(1 for r in responses[6:] if r.status_code == 201)
    for response in responses[:6]:
        if response.status_code != 201:
            assert response.json()["error"]["code"] == "REPORT_QUANTITY_CONSUMED", response.text
    for response in responses[6:]:
        if response.status_code != 201:
            assert response.json()["error"]["code"] == "OPERATION_QTY_EXCEEDS_AVAILABLE"
    assert reversed_ok + milled_ok == 6
    current = await api.read_order(client, floor.viewer.headers, order["id"])
    assert operation_at(current, 10)["good_qty"] == 30 - 5 * reversed_ok
    assert operation_at(current, 20)["good_qty"] == 5 * milled_ok
    assert_flow_holds(current)
