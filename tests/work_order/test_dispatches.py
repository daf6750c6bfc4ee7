"""Dispatches: planning against the open quantity, their steps, reports and the station queue."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest

from shopfloor.work_order.config import WorkOrderSettings
from tests.support.identity import MakeUser
from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.flows import dispatch_step, reported, running
from tests.work_order.states import order_in


async def test_the_default_sequence_stops_at_the_highest_a_client_may_send(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    headers, station = floor.planner.headers, floor.station["id"]
    last = await api.create_dispatch(client, headers, order["id"], station, 5, sequence=9999)
    after = await api.create_dispatch(client, headers, order["id"], station, 5)

    assert (last["sequence"], after["sequence"]) == (9999, 9999)
    # Still a value the client can send back unchanged.
    edited = await client.patch(
        f"{api.API}/dispatches/{after['id']}",
        json={"sequence": after["sequence"], "operation": "pack"},
        headers={**headers, **api.if_match(after["version"])},
    )
    assert edited.status_code == 200, edited.text


async def test_the_first_dispatch_to_start_starts_its_order(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    first = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 40
    )
    second = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 40, operation="deburr"
    )
    assert (first["sequence"], second["sequence"]) == (1, 2)
    assert first["allowed_actions"] == ["cancel"]  # for the planner

    created = await client.post(
        f"{api.ORDERS}/{order['id']}/dispatches",
        json={"work_center_id": floor.station["id"], "planned_qty": 5, "sequence": 7},
        headers=floor.planner.headers,
    )
    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    assert created.headers["Location"].endswith(
        f"/api/v1/dispatches/{created.json()['data']['id']}"
    )
    assert created.json()["data"]["sequence"] == 7
    read = await client.get(created.headers["Location"], headers=floor.operator.headers)
    assert read.json()["data"] == {**created.json()["data"], "allowed_actions": ["start"]}

    started = await dispatch_step(client, floor, first, "start")

    assert started["status"] == "in_progress"
    assert started["started_at"] is not None
    assert started["allowed_actions"] == ["pause", "finish"]  # for the operator
    detail = await api.read_order(client, floor.viewer.headers, order["id"])
    assert detail["status"] == "in_progress"
    assert detail["started_at"] is not None
    assert detail["version"] == order["version"] + 1


@pytest.mark.parametrize(
    ("steps", "action", "expected"),
    [
        ((), "pause", 409),
        ((), "resume", 409),
        ((), "finish", 409),
        (("start",), "start", 409),
        (("start",), "resume", 409),
        (("start", "pause"), "pause", 409),
        (("start", "pause"), "resume", 200),
        (("start", "pause"), "finish", 200),
        (("start", "pause"), "cancel", 200),
        (("start", "finish"), "start", 409),
        (("start", "finish"), "cancel", 409),
        (("cancel",), "start", 409),
        (("cancel",), "cancel", 409),
    ],
)
async def test_dispatch_steps_follow_their_table(
    client: httpx.AsyncClient, floor: Floor, steps: tuple[str, ...], action: str, expected: int
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    for step in steps:
        dispatch = await dispatch_step(client, floor, dispatch, step)

    headers = floor.planner.headers if action == "cancel" else floor.operator.headers
    response = await api.dispatch_act(client, headers, dispatch, action)

    assert response.status_code == expected, response.text
    if expected == 409:
        error = response.json()["error"]
        assert error["code"] == "DISPATCH_INVALID_TRANSITION"
        assert error["details"][0]["current_status"] == dispatch["status"]


async def test_planned_quantities_stay_within_the_order(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    headers = floor.planner.headers
    order = await api.create_order(client, headers, quantity=100)
    first = await api.create_dispatch(client, headers, order["id"], floor.station["id"], 60)

    too_much = await client.post(
        f"{api.ORDERS}/{order['id']}/dispatches",
        json={"work_center_id": floor.station["id"], "planned_qty": 41},
        headers=headers,
    )
    assert too_much.status_code == 422
    error = too_much.json()["error"]
    assert error["code"] == "DISPATCH_PLANNED_QTY_EXCEEDS_OPEN"
    assert error["details"][0]["open_qty"] == 40
    assert error["details"][0]["loc"] == ["body", "planned_qty"]

    # A cancelled dispatch that produced 15 keeps only those 15; the rest is open again.
    started = await dispatch_step(client, floor, first, "start")
    started = await reported(client, floor, started, good_qty=15)
    await dispatch_step(client, floor, started, "cancel")
    detail = await api.read_order(client, headers, order["id"])
    assert detail["unplanned_qty"] == 85
    assert detail["produced_qty"] == 15
    await api.create_dispatch(client, headers, order["id"], floor.station["id"], 85)
    assert (await api.read_order(client, headers, order["id"]))["unplanned_qty"] == 0


async def test_editing_a_dispatch(client: httpx.AsyncClient, floor: Floor) -> None:
    headers = floor.planner.headers
    other_station = await api.create_work_center(client, floor.admin.headers)
    order = await api.create_order(client, headers, quantity=50)
    dispatch = await api.create_dispatch(client, headers, order["id"], floor.station["id"], 20)
    url = f"{api.DISPATCHES}/{dispatch['id']}"

    moved = await client.patch(
        url,
        json={"work_center_id": other_station["id"], "operator_id": str(floor.operator.id)},
        headers={**headers, **api.if_match(dispatch["version"])},
    )
    assert moved.status_code == 200, moved.text
    dispatch = moved.json()["data"]
    assert dispatch["work_center_id"] == other_station["id"]
    assert moved.headers["ETag"] == f'"{dispatch["version"]}"'

    dispatch = await dispatch_step(client, floor, dispatch, "start")
    dispatch = await reported(client, floor, dispatch, good_qty=12)
    locked = await client.patch(
        url,
        json={"work_center_id": floor.station["id"]},
        headers={**headers, **api.if_match(dispatch["version"])},
    )
    assert locked.status_code == 409
    assert locked.json()["error"]["code"] == "DISPATCH_FIELD_LOCKED"
    below = await client.patch(
        url, json={"planned_qty": 11}, headers={**headers, **api.if_match(dispatch["version"])}
    )
    assert below.status_code == 409
    assert below.json()["error"]["code"] == "DISPATCH_PLANNED_QTY_BELOW_REPORTED"
    above = await client.patch(
        url, json={"planned_qty": 51}, headers={**headers, **api.if_match(dispatch["version"])}
    )
    assert above.status_code == 422
    grown = await client.patch(
        url,
        json={"planned_qty": 50, "note": "Whole lot here"},
        headers={**headers, **api.if_match(dispatch["version"])},
    )
    assert grown.status_code == 200, grown.text
    assert grown.json()["data"]["remaining_qty"] == 38

    done = await dispatch_step(client, floor, grown.json()["data"], "finish")
    assert done["finished_at"] is not None
    read_only = await client.patch(
        url, json={"note": "late"}, headers={**headers, **api.if_match(done["version"])}
    )
    assert read_only.status_code == 409
    assert read_only.json()["error"]["code"] == "DISPATCH_READ_ONLY"


async def test_dispatching_to_an_unusable_work_center_is_refused(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    headers = floor.planner.headers
    order = await api.create_order(client, headers)
    inactive = await api.create_work_center(client, floor.admin.headers)
    await api.deactivate_work_center(client, floor.admin.headers, inactive)
    blocked = await api.create_work_center(client, floor.admin.headers, state="blocked")

    for station, code in ((inactive, "WORK_CENTER_INACTIVE"), (blocked, "WORK_CENTER_BLOCKED")):
        response = await client.post(
            f"{api.ORDERS}/{order['id']}/dispatches",
            json={"work_center_id": station["id"], "planned_qty": 5},
            headers=headers,
        )
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == code


async def test_a_station_blocked_after_planning_cannot_start_its_dispatch(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    station = await api.create_work_center(client, floor.admin.headers)
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], station["id"], 5
    )
    await api.deactivate_work_center(client, floor.admin.headers, station)

    response = await api.dispatch_act(client, floor.operator.headers, dispatch, "start")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "WORK_CENTER_INACTIVE"
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["status"] == "pending"


async def test_holding_pauses_running_dispatches_and_blocks_new_starts(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, running_one = await running(client, floor, planned=50)
    queued = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 50
    )

    held = api.data_of(await api.act(client, floor.supervisor.headers, order, "hold", "QC"))
    detail = await api.read_order(client, floor.viewer.headers, order["id"])
    statuses = {d["id"]: d["status"] for d in detail["dispatches"]}
    assert statuses == {running_one["id"]: "paused", queued["id"]: "queued"}

    refused = await api.dispatch_act(client, floor.operator.headers, queued, "start")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "WORK_ORDER_NOT_RUNNING"
    as_operator = await api.read_order(client, floor.operator.headers, order["id"])
    paused = next(d for d in as_operator["dispatches"] if d["id"] == running_one["id"])
    assert paused["allowed_actions"] == ["finish"]  # no resume while the order is held
    report = await api.report(client, floor.operator.headers, running_one["id"])
    assert report.status_code == 409
    assert report.json()["error"]["code"] == "DISPATCH_NOT_IN_PROGRESS"

    # Resuming the order does not restart the machines: operators resume their dispatch.
    api.data_of(await api.act(client, floor.supervisor.headers, held, "resume"))
    detail = await api.read_order(client, floor.viewer.headers, order["id"])
    paused = next(d for d in detail["dispatches"] if d["id"] == running_one["id"])
    assert paused["status"] == "paused"
    resumed = await dispatch_step(client, floor, paused, "resume")
    assert resumed["status"] == "in_progress"


async def test_cancelling_an_order_cancels_open_dispatches_and_keeps_quantities(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, planned=60)
    await api.create_dispatch(client, floor.planner.headers, order["id"], floor.station["id"], 40)
    await reported(client, floor, dispatch, good_qty=7, scrap_qty=2, scrap_reason="Crack")
    order = await api.read_order(client, floor.viewer.headers, order["id"])

    cancelled = api.data_of(
        await api.act(client, floor.supervisor.headers, order, "cancel", "Customer cancelled")
    )

    assert cancelled["produced_qty"] == 7
    assert cancelled["scrap_qty"] == 2
    detail = await api.read_order(client, floor.viewer.headers, order["id"])
    assert {d["status"] for d in detail["dispatches"]} == {"cancelled"}
    assert all(d["finished_at"] is not None for d in detail["dispatches"])
    assert detail["dispatches"][0]["good_qty"] == 7


async def test_completing_waits_for_active_dispatches_and_drops_queued_ones(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, quantity=10, planned=8)
    queued = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 2
    )
    dispatch = await reported(client, floor, dispatch, good_qty=8)
    order = await api.read_order(client, floor.viewer.headers, order["id"])

    refused = await api.act(client, floor.supervisor.headers, order, "complete", "Short")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "WORK_ORDER_HAS_ACTIVE_DISPATCHES"
    assert error["details"][0]["dispatch_id"] == dispatch["id"]

    paused = await dispatch_step(client, floor, dispatch, "pause")
    still = await api.act(client, floor.supervisor.headers, order, "complete", "Short")
    assert still.status_code == 409

    await dispatch_step(client, floor, paused, "finish")
    completed = await api.act(client, floor.supervisor.headers, order, "complete", "Short by 2")
    assert completed.status_code == 200, completed.text
    detail = await api.read_order(client, floor.viewer.headers, order["id"])
    statuses = {d["id"]: d["status"] for d in detail["dispatches"]}
    assert statuses == {dispatch["id"]: "done", queued["id"]: "cancelled"}


async def test_closed_orders_take_no_new_dispatches(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    for status in ("completed", "cancelled"):
        order = await order_in(client, floor.admin.headers, status)
        response = await client.post(
            f"{api.ORDERS}/{order['id']}/dispatches",
            json={"work_center_id": floor.station["id"], "planned_qty": 1},
            headers=floor.planner.headers,
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "WORK_ORDER_READ_ONLY"


async def test_reports_need_a_running_dispatch(client: httpx.AsyncClient, floor: Floor) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )

    queued = await api.report(client, floor.operator.headers, dispatch["id"])
    started = await dispatch_step(client, floor, dispatch, "start")
    paused = await dispatch_step(client, floor, started, "pause")
    on_pause = await api.report(client, floor.operator.headers, paused["id"])

    for response in (queued, on_pause):
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "DISPATCH_NOT_IN_PROGRESS"


async def test_a_report_adds_to_the_dispatch_and_the_order(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, quantity=20, planned=20)

    response = await api.report(
        client,
        floor.operator.headers,
        dispatch["id"],
        good_qty=6,
        scrap_qty=1,
        scrap_reason="Dent",
        from_time="2026-11-25T08:00:00+08:00",
        to_time="2026-11-25T09:30:00+08:00",
        note="Shift A",
    )

    assert response.status_code == 201, response.text
    outcome = response.json()["data"]
    report = outcome["report"]
    assert report["operator_id"] == report["reported_by"] == str(floor.operator.id)
    assert report["from_time"] == "2026-11-25T00:00:00Z"
    assert report["to_time"] == "2026-11-25T01:30:00Z"
    assert outcome["dispatch"]["good_qty"] == 6
    assert outcome["dispatch"]["scrap_qty"] == 1
    assert outcome["dispatch"]["version"] == dispatch["version"] + 1
    assert outcome["work_order"]["produced_qty"] == 6
    assert outcome["work_order"]["version"] == order["version"] + 1
    listed = await client.get(
        f"{api.DISPATCHES}/{dispatch['id']}/reports", headers=floor.viewer.headers
    )
    assert listed.json()["data"] == [report]


async def test_a_supervisor_can_report_for_an_operator_but_not_an_inactive_one(
    client: httpx.AsyncClient, floor: Floor, make_user: MakeUser
) -> None:
    _, dispatch = await running(client, floor)
    retired = await make_user(role="operator", is_active=False)

    for_operator = await api.report(
        client, floor.supervisor.headers, dispatch["id"], operator_id=str(floor.operator.id)
    )
    for_retired = await api.report(
        client, floor.supervisor.headers, dispatch["id"], operator_id=str(retired.id)
    )

    assert for_operator.status_code == 201
    assert for_operator.json()["data"]["report"]["operator_id"] == str(floor.operator.id)
    assert for_operator.json()["data"]["report"]["reported_by"] == str(floor.supervisor.id)
    assert for_retired.status_code == 422
    assert for_retired.json()["error"]["details"][0]["code"] == "OPERATOR_INACTIVE"


async def test_production_above_the_plan_is_refused(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, quantity=10, planned=10)
    dispatch = await reported(client, floor, dispatch, good_qty=9)

    over = await api.report(
        client, floor.operator.headers, dispatch["id"], good_qty=1, scrap_qty=1, scrap_reason="x"
    )

    assert over.status_code == 409
    error = over.json()["error"]
    assert error["code"] == "DISPATCH_OVERPRODUCTION"
    assert error["details"][0]["limit"] == 10
    assert error["details"][0]["remaining"] == 1
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 9


async def test_an_overproduction_allowance_raises_the_cap(
    client: httpx.AsyncClient, floor: Floor, configure: Callable[..., WorkOrderSettings]
) -> None:
    configure(overproduction_allowance=Decimal("0.15"))
    _, dispatch = await running(client, floor, quantity=20, planned=20)

    allowed = await api.report(client, floor.operator.headers, dispatch["id"], good_qty=23)
    over = await api.report(client, floor.operator.headers, dispatch["id"], good_qty=1)

    assert allowed.status_code == 201, allowed.text  # 20 x 1.15 = 23
    assert over.status_code == 409
    assert over.json()["error"]["details"][0]["limit"] == 23


async def test_the_station_queue_shows_the_most_urgent_work_first(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    headers = floor.planner.headers
    station = await api.create_work_center(client, floor.admin.headers)
    late = await api.create_order(client, headers, priority=5, due_date="2026-12-20")
    soon = await api.create_order(client, headers, priority=5, due_date="2026-12-01")
    urgent = await api.create_order(client, headers, priority=9)
    for order in (late, soon, urgent):
        await api.create_dispatch(client, headers, order["id"], station["id"], 10)
    second_step = await api.create_dispatch(client, headers, soon["id"], station["id"], 5)
    elsewhere = await api.create_order(client, headers)
    await api.create_dispatch(client, headers, elsewhere["id"], floor.station["id"], 5)
    done = await api.create_order(client, headers)
    finished = await dispatch_step(
        client,
        floor,
        await dispatch_step(
            client,
            floor,
            await api.create_dispatch(client, headers, done["id"], station["id"], 1),
            "start",
        ),
        "finish",
    )
    await dispatch_step(client, floor, second_step, "start")

    response = await client.get(
        f"{api.API}/work-centers/{station['id']}/dispatches", headers=floor.operator.headers
    )

    assert response.status_code == 200
    rows = response.json()["data"]
    # Priority first; within a priority the step sequence, then the due date.
    assert [(r["order_number"], r["sequence"]) for r in rows] == [
        (urgent["order_number"], 1),
        (soon["order_number"], 1),
        (late["order_number"], 1),
        (soon["order_number"], 2),
    ]
    assert rows[3]["status"] == "in_progress"
    assert rows[0]["product_model"] == "GB-200"
    assert rows[0]["work_order_priority"] == 9
    assert rows[1]["work_order_due_date"] == "2026-12-01"
    assert rows[3]["allowed_actions"] == ["pause", "finish"]
    assert response.json()["pagination"]["total"] == 4

    only_done = await client.get(
        f"{api.API}/work-centers/{station['id']}/dispatches",
        params={"status": "done"},
        headers=floor.operator.headers,
    )
    assert [r["id"] for r in only_done.json()["data"]] == [finished["id"]]
