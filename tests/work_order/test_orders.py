"""Creating, editing and deleting orders: the rules that depend on the order's state."""

from __future__ import annotations

import httpx
import pytest

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.states import order_in


async def patch(
    client: httpx.AsyncClient, floor: Floor, order: dict[str, object], **fields: object
) -> httpx.Response:
    return await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json=fields,
        headers={**floor.planner.headers, **api.if_match(int(str(order["version"])))},
    )


async def test_a_new_order_answers_with_its_location_and_version(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    customer = await api.create_customer(client, floor.planner.headers)
    response = await client.post(
        api.ORDERS,
        json=api.order_body(
            customer_id=customer["id"],
            due_date="2026-12-24",
            planned_start_at="2026-12-01T08:00:00+08:00",
            planned_end_at="2026-12-03T17:00:00+08:00",
            priority=8,
            note="Export packing",
        ),
        headers=floor.planner.headers,
    )

    assert response.status_code == 201, response.text
    order = response.json()["data"]
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(f"/api/v1/work-orders/{order['id']}")
    assert order["status"] == "pending"
    assert order["customer_id"] == customer["id"]
    assert order["planned_start_at"] == "2026-12-01T00:00:00Z"
    assert order["created_by"] == order["updated_by"] == str(floor.planner.id)
    read = await client.get(response.headers["Location"], headers=floor.viewer.headers)
    assert read.headers["ETag"] == '"1"'
    assert read.json()["data"]["dispatches"] == []
    assert read.json()["data"]["unplanned_qty"] == 100


async def test_an_order_for_an_inactive_customer_is_refused(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    customer = await api.create_customer(client, floor.admin.headers)
    await client.post(
        f"{api.API}/customers/{customer['id']}/deactivate",
        headers={**floor.admin.headers, **api.if_match(customer["version"])},
    )

    response = await client.post(
        api.ORDERS, json=api.order_body(customer_id=customer["id"]), headers=floor.planner.headers
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "CUSTOMER_INACTIVE"


async def test_order_numbers_are_unique_among_live_orders(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers)

    again = await client.post(
        api.ORDERS,
        json=api.order_body(order_number=order["order_number"]),
        headers=floor.planner.headers,
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "WORK_ORDER_NUMBER_TAKEN"
    assert again.json()["error"]["details"][0]["loc"] == ["body", "order_number"]

    other = await api.create_order(client, floor.planner.headers)
    renamed = await patch(client, floor, other, order_number=order["order_number"])
    assert renamed.status_code == 409
    assert renamed.json()["error"]["code"] == "WORK_ORDER_NUMBER_TAKEN"

    deleted = await client.delete(
        f"{api.ORDERS}/{order['id']}",
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )
    assert deleted.status_code == 200, deleted.text
    reused = await client.post(
        api.ORDERS,
        json=api.order_body(order_number=order["order_number"]),
        headers=floor.planner.headers,
    )
    assert reused.status_code == 201


async def test_a_pending_order_may_change_everything(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    customer = await api.create_customer(client, floor.planner.headers)

    response = await patch(
        client,
        floor,
        order,
        order_number=api.unique("WO"),
        product_model="GB-300",
        customer_id=customer["id"],
        quantity=120,
        priority=2,
        due_date="2027-01-15",
        note="Changed",
    )

    assert response.status_code == 200, response.text
    body = response.json()["data"]
    assert body["product_model"] == "GB-300"
    assert body["quantity"] == 120
    assert body["version"] == 2
    assert response.headers["ETag"] == '"2"'
    cleared = await patch(client, floor, body, customer_id=None, due_date=None, note=None)
    assert cleared.json()["data"]["customer_id"] is None
    assert cleared.json()["data"]["due_date"] is None


async def test_a_patch_that_changes_nothing_keeps_the_version(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers, priority=4)

    response = await patch(client, floor, order, priority=4)

    assert response.status_code == 200
    assert response.json()["data"]["version"] == order["version"]


@pytest.mark.parametrize("status", ["in_progress", "on_hold"])
async def test_a_started_order_keeps_its_identity(
    client: httpx.AsyncClient, floor: Floor, status: str
) -> None:
    order = await order_in(client, floor.admin.headers, status)

    locked = await patch(client, floor, order, product_model="Other", priority=9)
    assert locked.status_code == 409
    error = locked.json()["error"]
    assert error["code"] == "WORK_ORDER_FIELD_LOCKED"
    assert [d["loc"] for d in error["details"]] == [["body", "product_model"]]

    planning = await patch(
        client,
        floor,
        order,
        priority=9,
        due_date="2027-02-01",
        planned_end_at="2027-02-01T00:00:00Z",
        note="Rush",
        quantity=150,
    )
    assert planning.status_code == 200, planning.text
    assert planning.json()["data"]["priority"] == 9


@pytest.mark.parametrize("status", ["completed", "cancelled"])
async def test_closed_orders_are_read_only(
    client: httpx.AsyncClient, floor: Floor, status: str
) -> None:
    order = await order_in(client, floor.admin.headers, status)

    response = await patch(client, floor, order, note="Too late")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "WORK_ORDER_READ_ONLY"


async def test_the_quantity_never_drops_below_what_is_reported_or_dispatched(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers, quantity=100)
    first = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 60
    )
    await api.create_dispatch(client, floor.planner.headers, order["id"], floor.station["id"], 20)
    started = api.data_of(await api.dispatch_act(client, floor.operator.headers, first, "start"))
    api.data_of(
        await api.report(
            client,
            floor.operator.headers,
            started["id"],
            good_qty=30,
            scrap_qty=5,
            scrap_reason="Porosity",
        ),
        201,
    )
    order = await api.read_order(client, floor.planner.headers, order["id"])

    below_reported = await patch(client, floor, order, quantity=34)
    assert below_reported.status_code == 409
    assert below_reported.json()["error"]["code"] == "WORK_ORDER_QUANTITY_BELOW_REPORTED"
    below_dispatched = await patch(client, floor, order, quantity=79)
    assert below_dispatched.status_code == 409
    assert below_dispatched.json()["error"]["code"] == "WORK_ORDER_QUANTITY_BELOW_DISPATCHED"
    exact = await patch(client, floor, order, quantity=80)
    assert exact.status_code == 200, exact.text
    assert exact.json()["data"]["remaining_qty"] == 45


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("pending", True),
        ("cancelled", True),
        ("in_progress", False),
        ("on_hold", False),
        ("completed", False),
    ],
)
async def test_only_pending_or_cancelled_orders_can_be_deleted(
    client: httpx.AsyncClient, floor: Floor, status: str, allowed: bool
) -> None:
    order = await order_in(client, floor.admin.headers, status)

    response = await client.delete(
        f"{api.ORDERS}/{order['id']}",
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )
    read = await client.get(f"{api.ORDERS}/{order['id']}", headers=floor.viewer.headers)

    if allowed:
        assert response.status_code == 200, response.text
        assert response.json()["data"]["deleted_at"] is not None
        assert read.status_code == 404
    else:
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "WORK_ORDER_NOT_DELETABLE"
        assert read.status_code == 200


async def test_deleting_needs_the_current_version(client: httpx.AsyncClient, floor: Floor) -> None:
    order = await api.create_order(client, floor.planner.headers)
    url = f"{api.ORDERS}/{order['id']}"

    missing = await client.delete(url, headers=floor.planner.headers)
    stale = await client.delete(url, headers={**floor.planner.headers, **api.if_match(9)})
    malformed = await client.delete(url, headers={**floor.planner.headers, "If-Match": "abc"})

    assert missing.status_code == 428
    assert stale.status_code == 412
    assert malformed.status_code == 400
    assert malformed.json()["error"]["code"] == "INVALID_IF_MATCH"


async def test_deleting_a_pending_order_takes_its_dispatches_off_the_queue(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    queue_url = f"{api.API}/work-centers/{floor.station['id']}/dispatches"
    assert (await client.get(queue_url, headers=floor.operator.headers)).json()["data"]

    await client.delete(
        f"{api.ORDERS}/{order['id']}",
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )

    assert (await client.get(queue_url, headers=floor.operator.headers)).json()["data"] == []
    gone = await client.get(f"{api.DISPATCHES}/{dispatch['id']}", headers=floor.operator.headers)
    assert gone.status_code == 404
