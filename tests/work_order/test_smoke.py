"""A first pass through the main path (kept small; the thorough tests are elsewhere)."""

from __future__ import annotations

import httpx

from tests.work_order import api
from tests.work_order.conftest import Floor


async def test_an_order_can_be_created_dispatched_reported_and_completed(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers, quantity=10)
    assert order["status"] == "pending"
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    started = api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))
    assert started["status"] == "in_progress"
    outcome = api.data_of(
        await api.report(client, floor.operator.headers, dispatch["id"], good_qty=10), 201
    )
    assert outcome["work_order"]["ready_to_close"] is True
    current = await api.read_order(client, floor.supervisor.headers, order["id"])
    assert current["status"] == "in_progress"
    # The report changed the dispatch: its answer carries the new version.
    started["version"] = outcome["dispatch"]["version"]
    finished = await api.dispatch_act(client, floor.operator.headers, started, "finish")
    assert finished.status_code == 200, finished.text
    current = await api.read_order(client, floor.supervisor.headers, order["id"])
    completed = api.data_of(await api.act(client, floor.supervisor.headers, current, "complete"))
    assert completed["status"] == "completed"
