"""Operations of an order: the copy of the routing, dispatches of an operation, reassigning
and skipping, with their bad inputs, roles and other organisations' ids."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from tests.routing import api as routing_api
from tests.support.identity import MakeUser, create_organization
from tests.support.statements import statements_on
from tests.work_order import api
from tests.work_order.conftest import Floor, build_floor
from tests.work_order.routed import (
    Plant,
    build_plant,
    create_routed_order,
    dispatch_operation,
    operation_at,
    operations_url,
    started,
)


@pytest.fixture
async def plant(client: httpx.AsyncClient, floor: Floor) -> Plant:
    return await build_plant(client, floor)


@pytest.fixture
async def other_floor(
    client: httpx.AsyncClient, db_session: AsyncSession, make_user: MakeUser
) -> Floor:
    return await build_floor(client, make_user, await create_organization(db_session))


def code_of(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    code: str = response.json()["error"]["code"]
    return code


async def routed(client: httpx.AsyncClient, floor: Floor, plant: Plant) -> dict[str, Any]:
    order = await create_routed_order(client, floor.planner.headers, plant)
    return await api.read_order(client, floor.planner.headers, order["id"])


# -- the copy ------------------------------------------------------------------------------


async def test_a_later_routing_version_never_changes_an_existing_order(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    order = await routed(client, floor, plant)
    copy = api.data_of(
        await routing_api.act(client, floor.admin.headers, plant.routing, "copy"), 201
    )
    changed = await routing_api.patch(
        client,
        floor.admin.headers,
        copy,
        {"operations": [routing_api.operation(plant.bench["id"], 5, name="wash")]},
    )
    assert changed.status_code == 200, changed.text
    await routing_api.released(client, floor.admin.headers, changed.json()["data"])

    again = await api.read_order(client, floor.planner.headers, order["id"])
    newer = await create_routed_order(client, floor.planner.headers, plant)

    assert again["operations"] == order["operations"]
    newer = await api.read_order(client, floor.planner.headers, newer["id"])
    assert [op["name"] for op in newer["operations"]] == ["wash"]


async def test_a_named_routing_is_followed_and_must_be_released_and_the_items(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    headers = floor.planner.headers
    draft = await routing_api.create_routing(
        client, floor.admin.headers, plant.item["id"], plant.mill["id"], code="ALT"
    )
    other_item = await routing_api.create_item(client, floor.admin.headers)
    body = {"order_number": api.unique("WO"), "item_id": plant.item["id"], "quantity": 10}

    not_released = await client.post(
        api.ORDERS, json={**body, "routing_id": draft["id"]}, headers=headers
    )
    unknown = await client.post(
        api.ORDERS, json={**body, "routing_id": str(uuid.uuid4())}, headers=headers
    )
    mismatch = await client.post(
        api.ORDERS,
        json={**body, "item_id": other_item["id"], "routing_id": plant.routing["id"]},
        headers=headers,
    )
    without_item = await client.post(
        api.ORDERS,
        json={**api.order_body(), "routing_id": plant.routing["id"]},
        headers=headers,
    )
    released = await routing_api.released(client, floor.admin.headers, draft)
    followed = await client.post(
        api.ORDERS, json={**body, "routing_id": released["id"]}, headers=headers
    )

    assert code_of(not_released, 409) == "ROUTING_NOT_RELEASED"
    assert code_of(unknown, 422) == "WORK_ORDER_INVALID_REFERENCE"
    assert unknown.json()["error"]["details"][0]["code"] == "ROUTING_NOT_FOUND"
    assert code_of(mismatch, 422) == "ROUTING_ITEM_MISMATCH"
    assert code_of(without_item, 422) == "VALIDATION_ERROR"
    assert without_item.json()["error"]["details"][0]["loc"] == ["body", "routing_id"]
    assert followed.status_code == 201, followed.text
    detail = await api.read_order(client, headers, followed.json()["data"]["id"])
    assert detail["routing_id"] == released["id"]
    assert [op["work_center_id"] for op in detail["operations"]] == [plant.mill["id"]]


async def test_an_item_without_a_default_routing_makes_an_order_without_operations(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    item = await routing_api.create_item(client, floor.admin.headers)
    order = await api.create_order(client, floor.planner.headers, item_id=item["id"])
    detail = await api.read_order(client, floor.planner.headers, order["id"])
    assert (detail["routing_id"], detail["operations"]) == (None, [])
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    assert dispatch["operation_id"] is None


async def test_the_read_by_id_with_operations_stays_one_statement_and_the_list_reads_none(
    client: httpx.AsyncClient, floor: Floor, plant: Plant, db_connection: AsyncConnection
) -> None:
    order = await routed(client, floor, plant)
    for seq in (10, 20):
        await dispatch_operation(
            client, floor.planner.headers, order["id"], operation_at(order, seq)["id"]
        )

    async with statements_on(db_connection) as seen:
        detail = await api.read_order(client, floor.viewer.headers, order["id"])
    ours = [s for s in seen.everything if "work_order" in s or "dispatch" in s]
    async with statements_on(db_connection) as listing:
        await client.get(api.ORDERS, headers=floor.viewer.headers)

    assert len(detail["operations"]) == 3
    assert len(detail["dispatches"]) == 2
    assert len(ours) == 1
    assert "work_order_operation" in ours[0]
    assert not any("work_order_operation" in s for s in listing.everything)


# -- dispatches of an operation ------------------------------------------------------------


async def test_a_dispatch_of_an_order_with_operations_names_one_of_its_own(
    client: httpx.AsyncClient, floor: Floor, plant: Plant, other_floor: Floor
) -> None:
    order = await routed(client, floor, plant)
    other_plant = await build_plant(client, other_floor)
    foreign = await routed(client, other_floor, other_plant)
    url = f"{api.ORDERS}/{order['id']}/dispatches"
    headers = floor.planner.headers

    # A client that dispatches as for an order without operations.
    missing = await client.post(
        url, json={"work_center_id": plant.lathe["id"], "planned_qty": 5}, headers=headers
    )
    unknown = await dispatch_operation(client, headers, order["id"], str(uuid.uuid4()))
    theirs = await dispatch_operation(client, headers, order["id"], operation_at(foreign, 10)["id"])
    too_many = await dispatch_operation(
        client, headers, order["id"], operation_at(order, 10)["id"], planned_qty=101
    )
    wrong_type = await dispatch_operation(client, headers, order["id"], "lathe")

    assert code_of(missing, 422) == "OPERATION_REQUIRED"
    assert missing.json()["error"]["details"][0]["loc"] == ["body", "operation_id"]
    for response in (unknown, theirs):
        assert code_of(response, 422) == "WORK_ORDER_INVALID_REFERENCE"
        assert response.json()["error"]["details"][0]["code"] == "OPERATION_NOT_FOUND"
    assert code_of(too_many, 422) == "DISPATCH_PLANNED_QTY_EXCEEDS_OPEN"
    assert too_many.json()["error"]["details"][0]["open_qty"] == 100
    assert code_of(wrong_type, 422) == "VALIDATION_ERROR"


async def test_an_operation_is_dispatched_up_to_the_order_quantity_in_shares(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    order = await routed(client, floor, plant)
    turning = operation_at(order, 10)["id"]
    headers = floor.planner.headers

    first = await dispatch_operation(
        client, headers, order["id"], turning, planned_qty=60, work_center_id=plant.mill["id"]
    )
    rest = await dispatch_operation(client, headers, order["id"], turning)
    none_left = await dispatch_operation(client, headers, order["id"], turning)

    assert api.data_of(first, 201)["work_center_id"] == plant.mill["id"]
    assert api.data_of(rest, 201)["planned_qty"] == 40
    assert code_of(none_left, 422) == "DISPATCH_PLANNED_QTY_EXCEEDS_OPEN"
    [listed] = [
        op
        for op in api.data_of(await client.get(operations_url(order["id"]), headers=headers))
        if op["id"] == turning
    ]
    assert listed["undispatched_qty"] == 0


async def test_an_order_without_operations_refuses_an_operation_id(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    routed_order = await routed(client, floor, plant)
    response = await dispatch_operation(
        client,
        floor.planner.headers,
        order["id"],
        operation_at(routed_order, 10)["id"],
        work_center_id=floor.station["id"],
        planned_qty=5,
    )
    assert code_of(response, 422) == "WORK_ORDER_INVALID_REFERENCE"
    assert response.json()["error"]["details"][0]["code"] == "OPERATION_NOT_FOUND"


# -- reassigning and skipping --------------------------------------------------------------


async def test_an_operation_is_reassigned_until_something_is_reported(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    order = await routed(client, floor, plant)
    turning = operation_at(order, 10)
    url = operations_url(order["id"], turning["id"])
    headers = floor.planner.headers
    body = {"work_center_id": plant.mill["id"]}

    no_if_match = await client.patch(url, json=body, headers=headers)
    moved = await client.patch(url, json=body, headers={**headers, **api.if_match(1)})
    stale = await client.patch(url, json=body, headers={**headers, **api.if_match(1)})
    dispatch = api.data_of(
        await dispatch_operation(client, headers, order["id"], turning["id"]), 201
    )
    dispatch = await started(client, floor.operator.headers, dispatch)
    reported = await api.report(client, floor.operator.headers, dispatch["id"], good_qty=1)
    assert reported.status_code == 201, reported.text
    current = api.data_of(moved)["version"]
    locked = await client.patch(
        url,
        json={"work_center_id": plant.lathe["id"]},
        headers={**headers, **api.if_match(current)},
    )

    assert code_of(no_if_match, 428) == "PRECONDITION_REQUIRED"
    assert moved.status_code == 200, moved.text
    assert moved.json()["data"]["work_center_id"] == plant.mill["id"]
    assert moved.headers["ETag"] == f'"{moved.json()["data"]["version"]}"'
    assert code_of(stale, 412) == "PRECONDITION_FAILED"
    assert dispatch["work_center_id"] == plant.mill["id"]
    assert code_of(locked, 409) == "OPERATION_HAS_REPORTS"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"work_center_id": "mill"}, ["body", "work_center_id"]),
        ({"work_center_id": None}, ["body", "work_center_id"]),
        ({"seq": 5}, ["body", "seq"]),
        ({"status": "done"}, ["body", "status"]),
    ],
)
async def test_a_reassignment_refuses_bad_bodies(
    client: httpx.AsyncClient, floor: Floor, plant: Plant, body: dict[str, Any], loc: list[str]
) -> None:
    order = await routed(client, floor, plant)
    url = operations_url(order["id"], operation_at(order, 10)["id"])
    response = await client.patch(
        url, json=body, headers={**floor.planner.headers, **api.if_match(1)}
    )
    assert code_of(response, 422) == "VALIDATION_ERROR"
    assert response.json()["error"]["details"][0]["loc"] == loc


async def test_skipping_passes_the_pieces_on_and_cancels_its_queued_dispatches(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    order = await routed(client, floor, plant)
    milling, inspection = operation_at(order, 20), operation_at(order, 30)
    headers = floor.supervisor.headers
    queued = api.data_of(
        await dispatch_operation(client, floor.planner.headers, order["id"], milling["id"]), 201
    )
    url = operations_url(order["id"], milling["id"]) + "/skip"

    no_reason = await client.post(url, json={}, headers={**headers, **api.if_match(1)})
    skipped = await client.post(
        url, json={"reason": "Milled at the supplier"}, headers={**headers, **api.if_match(1)}
    )
    twice = await client.post(url, json={"reason": "Again"}, headers={**headers, **api.if_match(2)})
    dispatch = api.data_of(await client.get(f"{api.DISPATCHES}/{queued['id']}", headers=headers))
    again = await dispatch_operation(client, floor.planner.headers, order["id"], milling["id"])

    assert code_of(no_reason, 422) == "VALIDATION_ERROR"
    assert skipped.status_code == 200, skipped.text
    assert (skipped.json()["data"]["status"], skipped.json()["data"]["skip_reason"]) == (
        "skipped",
        "Milled at the supplier",
    )
    assert code_of(twice, 409) == "OPERATION_NOT_SKIPPABLE"
    assert dispatch["status"] == "cancelled"
    assert code_of(again, 409) == "OPERATION_SKIPPED"

    # Inspection now works on what turning makes good.
    turning = operation_at(order, 10)
    at_lathe = api.data_of(
        await dispatch_operation(client, floor.planner.headers, order["id"], turning["id"]), 201
    )
    at_lathe = await started(client, floor.operator.headers, at_lathe)
    await api.report(client, floor.operator.headers, at_lathe["id"], good_qty=30)
    detail = await api.read_order(client, headers, order["id"])
    assert operation_at(detail, 30)["available_qty"] == 30
    assert operation_at(detail, 30)["id"] == inspection["id"]
    history = api.data_of(await client.get(f"{api.ORDERS}/{order['id']}/history", headers=headers))
    [entry] = [e for e in history if e["action"] == "operation_skipped"]
    assert entry["reason"] == "Milled at the supplier"


async def test_an_operation_with_reports_is_not_skipped(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    order = await routed(client, floor, plant)
    turning = operation_at(order, 10)
    dispatch = api.data_of(
        await dispatch_operation(client, floor.planner.headers, order["id"], turning["id"]), 201
    )
    dispatch = await started(client, floor.operator.headers, dispatch)
    await api.report(client, floor.operator.headers, dispatch["id"], good_qty=3)
    detail = await api.read_order(client, floor.supervisor.headers, order["id"])
    response = await client.post(
        operations_url(order["id"], turning["id"]) + "/skip",
        json={"reason": "Not needed"},
        headers={
            **floor.supervisor.headers,
            **api.if_match(operation_at(detail, 10)["version"]),
        },
    )
    assert code_of(response, 409) == "OPERATION_HAS_REPORTS"


# -- roles, authentication and organisations -----------------------------------------------


@pytest.mark.parametrize(
    ("role", "reassign", "skip"),
    [
        ("admin", 200, 200),
        ("supervisor", 200, 200),
        ("planner", 200, 403),
        ("operator", 403, 403),
        ("viewer", 403, 403),
    ],
)
async def test_who_may_read_reassign_and_skip(
    client: httpx.AsyncClient, floor: Floor, plant: Plant, role: str, reassign: int, skip: int
) -> None:
    order = await routed(client, floor, plant)
    headers = floor.user(role).headers
    listed = await client.get(operations_url(order["id"]), headers=headers)
    moved = await client.patch(
        operations_url(order["id"], operation_at(order, 20)["id"]),
        json={"work_center_id": plant.bench["id"]},
        headers={**headers, **api.if_match(1)},
    )
    skipped = await client.post(
        operations_url(order["id"], operation_at(order, 30)["id"]) + "/skip",
        json={"reason": "Not needed"},
        headers={**headers, **api.if_match(1)},
    )
    assert listed.status_code == 200, listed.text
    assert [op["seq"] for op in listed.json()["data"]] == [10, 20, 30]
    assert listed.json()["pagination"]["total"] == 3
    assert moved.status_code == reassign, moved.text
    assert skipped.status_code == skip, skipped.text
    if skip == 403:
        assert skipped.json()["error"]["code"] == "PERMISSION_DENIED"


async def test_without_a_token_nothing_answers(
    client: httpx.AsyncClient, floor: Floor, plant: Plant
) -> None:
    order = await routed(client, floor, plant)
    operation_id = operation_at(order, 10)["id"]
    for method, url in (
        ("GET", operations_url(order["id"])),
        ("PATCH", operations_url(order["id"], operation_id)),
        ("POST", operations_url(order["id"], operation_id) + "/skip"),
    ):
        response = await client.request(method, url, json={})
        assert code_of(response, 401) == "AUTHENTICATION_REQUIRED"


async def test_another_organisations_order_and_operation_answer_404(
    client: httpx.AsyncClient, floor: Floor, plant: Plant, other_floor: Floor
) -> None:
    order = await routed(client, floor, plant)
    other_plant = await build_plant(client, other_floor)
    theirs = await routed(client, other_floor, other_plant)
    headers = {**floor.admin.headers, **api.if_match(1)}

    their_list = await client.get(operations_url(theirs["id"]), headers=floor.admin.headers)
    their_order = await client.patch(
        operations_url(theirs["id"], operation_at(theirs, 10)["id"]),
        json={"work_center_id": plant.mill["id"]},
        headers=headers,
    )
    their_operation = await client.post(
        operations_url(order["id"], operation_at(theirs, 10)["id"]) + "/skip",
        json={"reason": "x"},
        headers=headers,
    )
    their_station = await client.patch(
        operations_url(order["id"], operation_at(order, 10)["id"]),
        json={"work_center_id": other_plant.mill["id"]},
        headers=headers,
    )

    assert code_of(their_list, 404) == "WORK_ORDER_NOT_FOUND"
    assert code_of(their_order, 404) == "WORK_ORDER_NOT_FOUND"
    assert code_of(their_operation, 404) == "OPERATION_NOT_FOUND"
    assert code_of(their_station, 422) == "WORK_ORDER_INVALID_REFERENCE"
    unchanged = await api.read_order(client, floor.admin.headers, order["id"])
    assert unchanged["operations"] == order["operations"]
