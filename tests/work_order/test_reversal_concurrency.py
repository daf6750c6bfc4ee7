"""Reversals racing each other and reports, between real concurrent transactions.

live_client commits for real and runs each request on its own pooled connection;
asyncio.gather sends them together, so the database sees them interleaved.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.test_concurrency import history_actions

ROUNDS = 5


async def test_two_reversals_of_one_report_apply_exactly_one(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    order = await api.create_order(client, floor.planner.headers, quantity=ROUNDS * 10)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], ROUNDS * 10
    )
    api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))

    for done in range(ROUNDS):
        outcome = api.data_of(
            await api.report(client, floor.operator.headers, dispatch["id"], good_qty=7), 201
        )
        report_id = outcome["report"]["id"]

        responses = await asyncio.gather(
            api.reverse(client, floor.supervisor.headers, report_id, reason="Counted twice"),
            api.reverse(client, floor.admin.headers, report_id, reason="Wrong dispatch"),
        )

        assert sorted(r.status_code for r in responses) == [201, 409]
        winner = next(r for r in responses if r.status_code == 201).json()["data"]
        loser = next(r for r in responses if r.status_code == 409).json()["error"]
        assert loser["code"] == "REPORT_ALREADY_REVERSED"
        assert loser["details"][0]["reversal_id"] == winner["report"]["id"]
        assert winner["report"]["good_qty"] == -7
        assert winner["work_order"]["produced_qty"] == 0
        current = await api.read_order(client, floor.viewer.headers, order["id"])
        assert current["produced_qty"] == 0
        assert current["dispatches"][0]["good_qty"] == 0
        actions = await history_actions(client, floor, order["id"])
        assert actions["report_reversed"] == done + 1


async def test_reversals_and_reports_at_once_leave_exact_sums(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    order = await api.create_order(client, floor.planner.headers, quantity=100)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 100
    )
    api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))
    reports = [
        api.data_of(
            await api.report(client, floor.operator.headers, dispatch["id"], good_qty=3), 201
        )["report"]
        for _ in range(6)
    ]

    responses = await asyncio.gather(
        *(api.reverse(client, floor.supervisor.headers, report["id"]) for report in reports),
        *(api.report(client, floor.operator.headers, dispatch["id"], good_qty=2) for _ in range(6)),
    )

    assert Counter(r.status_code for r in responses) == {201: 12}
    current = await api.read_order(client, floor.viewer.headers, order["id"])
    assert current["produced_qty"] == 12
    assert current["dispatches"][0]["good_qty"] == 12
    listed = await client.get(
        f"{api.DISPATCHES}/{dispatch['id']}/reports",
        params={"page_size": 100},
        headers=floor.viewer.headers,
    )
    rows = api.data_of(listed)
    assert sum(row["good_qty"] for row in rows) == 12
    assert sum(1 for row in rows if row["reversed_by_id"] is not None) == 6
