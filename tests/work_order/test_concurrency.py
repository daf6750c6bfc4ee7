"""Races between real concurrent transactions (live_client commits for real).

Every request runs on its own pooled connection; asyncio.gather sends them together, so the
database sees them interleaved. Each test works in its own organisation.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.states import order_in


async def history_actions(client: httpx.AsyncClient, floor: Floor, order_id: str) -> Counter[str]:
    response = await client.get(
        f"{api.ORDERS}/{order_id}/history",
        params={"page_size": 100},
        headers=floor.admin.headers,
    )
    return Counter(entry["action"] for entry in api.data_of(response))


async def test_five_patches_with_the_same_version_one_wins(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    # Priority 10, outside the five values sent: a PATCH that changes nothing answers 200
    # without moving the version, so one of them landing first would let a second one win.
    order = await api.create_order(client, floor.planner.headers, priority=10)

    responses = await asyncio.gather(
        *(
            client.patch(
                f"{api.ORDERS}/{order['id']}",
                json={"priority": priority},
                headers={**floor.planner.headers, **api.if_match(order["version"])},
            )
            for priority in range(1, 6)
        )
    )

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {200: 1, 412: 4}
    winner = next(r for r in responses if r.status_code == 200).json()["data"]
    for loser in (r for r in responses if r.status_code == 412):
        assert loser.json()["error"]["details"][0]["current_version"] == order["version"] + 1
    current = await api.read_order(client, floor.planner.headers, order["id"])
    assert current["priority"] == winner["priority"]
    assert current["version"] == order["version"] + 1
    assert (await history_actions(client, floor, order["id"]))["updated"] == 1


async def test_twenty_concurrent_reports_count_exactly_twenty(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    order = await api.create_order(client, floor.planner.headers, quantity=50)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 40
    )
    api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))

    responses = await asyncio.gather(
        *(api.report(client, floor.operator.headers, dispatch["id"], good_qty=1) for _ in range(20))
    )

    assert [r.status_code for r in responses] == [201] * 20
    totals = sorted(r.json()["data"]["dispatch"]["good_qty"] for r in responses)
    assert totals == list(range(1, 21))  # each report saw the previous ones, none was lost
    current = await api.read_order(client, floor.planner.headers, order["id"])
    assert current["produced_qty"] == 20
    assert current["dispatches"][0]["good_qty"] == 20
    reports = await client.get(
        f"{api.DISPATCHES}/{dispatch['id']}/reports", headers=floor.viewer.headers
    )
    assert reports.json()["pagination"]["total"] == 20
    assert (await history_actions(client, floor, order["id"]))["quantity_reported"] == 20


async def test_reports_racing_to_the_cap_never_overshoot_it(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    order = await api.create_order(client, floor.planner.headers, quantity=10)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))

    responses = await asyncio.gather(
        *(api.report(client, floor.operator.headers, dispatch["id"], good_qty=3) for _ in range(6))
    )

    assert Counter(r.status_code for r in responses) == {201: 3, 409: 3}
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "DISPATCH_OVERPRODUCTION"
    }
    assert (await api.read_order(client, floor.planner.headers, order["id"]))["produced_qty"] == 9


async def test_start_racing_a_cancel_applies_exactly_one(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    outcomes: Counter[str] = Counter()
    for _ in range(6):
        order = await api.create_order(client, floor.planner.headers)
        start, cancel = await asyncio.gather(
            api.act(client, floor.supervisor.headers, order, "start"),
            api.act(client, floor.planner.headers, order, "cancel", "Customer withdrew"),
        )

        assert sorted([start.status_code, cancel.status_code]) == [200, 409]
        loser = start if start.status_code == 409 else cancel
        assert loser.json()["error"]["code"] == "WORK_ORDER_INVALID_TRANSITION"
        current = await api.read_order(client, floor.planner.headers, order["id"])
        expected = "in_progress" if start.status_code == 200 else "cancelled"
        assert current["status"] == expected
        assert current["version"] == order["version"] + 1
        actions = await history_actions(client, floor, order["id"])
        assert actions["status_changed:start"] + actions["status_changed:cancel"] == 1
        outcomes[expected] += 1
    assert sum(outcomes.values()) == 6


async def test_a_supervisors_start_racing_their_cancel_applies_exactly_one(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    # A supervisor may cancel an order in progress, so a cancel that loses to the start is
    # still possible but was decided on a pending order: it gets 412, never a silent cancel.
    floor, client = live_floor, live_client
    for _ in range(6):
        order = await api.create_order(client, floor.planner.headers)
        start, cancel = await asyncio.gather(
            api.act(client, floor.supervisor.headers, order, "start"),
            api.act(client, floor.supervisor.headers, order, "cancel", "Customer withdrew"),
        )

        current = await api.read_order(client, floor.planner.headers, order["id"])
        if start.status_code == 200:
            assert cancel.status_code == 412
            assert cancel.json()["error"]["code"] == "PRECONDITION_FAILED"
            assert current["status"] == "in_progress"
        else:
            assert (start.status_code, cancel.status_code) == (409, 200)
            assert start.json()["error"]["code"] == "WORK_ORDER_INVALID_TRANSITION"
            assert current["status"] == "cancelled"
        assert current["version"] == order["version"] + 1
        actions = await history_actions(client, floor, order["id"])
        assert actions["status_changed:start"] + actions["status_changed:cancel"] == 1


async def test_five_creates_of_one_number_make_one_order(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    body = api.order_body()

    responses = await asyncio.gather(
        *(client.post(api.ORDERS, json=body, headers=floor.planner.headers) for _ in range(5))
    )

    assert Counter(r.status_code for r in responses) == {201: 1, 409: 4}
    for response in responses:
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "WORK_ORDER_NUMBER_TAKEN"
    listed = await client.get(
        api.ORDERS, params={"q": body["order_number"]}, headers=floor.viewer.headers
    )
    assert listed.json()["pagination"]["total"] == 1


async def test_concurrent_retries_with_one_key_count_once(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    order = await api.create_order(client, floor.planner.headers, quantity=50)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 50
    )
    api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))

    responses = await asyncio.gather(
        *(
            api.report(
                client, floor.operator.headers, dispatch["id"], key="tablet-7:0001", good_qty=4
            )
            for _ in range(6)
        )
    )

    assert [r.status_code for r in responses] == [201] * 6
    replayed = [r.headers.get("Idempotent-Replayed") for r in responses]
    assert replayed.count("true") == 5
    assert len({r.json()["data"]["report"]["id"] for r in responses}) == 1
    assert len({r.text for r in responses}) == 1
    current = await api.read_order(client, floor.planner.headers, order["id"])
    assert current["produced_qty"] == 4
    assert (await history_actions(client, floor, order["id"]))["quantity_reported"] == 1


async def test_concurrent_dispatches_never_plan_more_than_the_order(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    order = await api.create_order(client, floor.planner.headers, quantity=10)
    url = f"{api.ORDERS}/{order['id']}/dispatches"
    body = {"work_center_id": floor.station["id"], "planned_qty": 4}

    responses = await asyncio.gather(
        *(client.post(url, json=body, headers=floor.planner.headers) for _ in range(5))
    )

    assert Counter(r.status_code for r in responses) == {201: 2, 422: 3}
    detail = await api.read_order(client, floor.planner.headers, order["id"])
    assert sum(d["planned_qty"] for d in detail["dispatches"]) == 8
    assert detail["unplanned_qty"] == 2


async def test_holding_an_order_while_its_dispatch_starts_leaves_a_consistent_state(
    live_client: httpx.AsyncClient, live_floor: Floor
) -> None:
    floor, client = live_floor, live_client
    order = await order_in(client, floor.supervisor.headers, "in_progress")
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )

    hold, start = await asyncio.gather(
        api.act(client, floor.supervisor.headers, order, "hold", "Quality check"),
        api.dispatch_act(client, floor.operator.headers, dispatch, "start"),
    )

    assert hold.status_code == 200, hold.text
    detail = await api.read_order(client, floor.supervisor.headers, order["id"])
    assert detail["status"] == "on_hold"
    # Either the start came first and the hold paused it, or the hold came first and the
    # start was refused: never a running dispatch on a held order.
    if start.status_code == 200:
        assert detail["dispatches"][0]["status"] == "paused"
    else:
        assert start.status_code == 409
        assert start.json()["error"]["code"] == "WORK_ORDER_NOT_RUNNING"
        assert detail["dispatches"][0]["status"] == "queued"
