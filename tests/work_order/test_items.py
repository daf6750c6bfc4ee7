"""Orders that name an item: the product's default, the item's checks and the list filter."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.config import WorkOrderSettings
from tests.support.identity import MakeUser, create_organization
from tests.work_order import api
from tests.work_order.conftest import Floor, build_floor
from tests.work_order.states import order_in
from tests.work_order.test_audit import history

Configure = Callable[..., WorkOrderSettings]


def without_product(**fields: Any) -> dict[str, Any]:
    body = api.order_body(**fields)
    del body["product_model"]
    return body


async def deactivate_item(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        f"{api.API}/items/{item['id']}/deactivate",
        headers={**floor.admin.headers, **api.if_match(item["version"])},
    )
    return api.data_of(response)  # type: ignore[no-any-return]


async def edit(
    client: httpx.AsyncClient, floor: Floor, order: dict[str, Any], **fields: Any
) -> httpx.Response:
    return await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json=fields,
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    error: dict[str, Any] = body["error"]
    return error


def assert_item_reference(response: httpx.Response, code: str = "ITEM_NOT_FOUND") -> None:
    error = assert_error(response, 422, "WORK_ORDER_INVALID_REFERENCE")
    assert [(d["loc"], d["code"]) for d in error["details"]] == [(["body", "item_id"], code)]


@pytest.fixture
async def item(client: httpx.AsyncClient, floor: Floor) -> dict[str, Any]:
    return await api.create_item(client, floor.planner.headers, name="Flange DN50")


async def test_an_order_of_an_item_takes_its_name_as_the_product(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    response = await client.post(
        api.ORDERS, json=without_product(item_id=item["id"]), headers=floor.planner.headers
    )

    order = api.data_of(response, 201)
    assert order["item_id"] == item["id"]
    assert order["product_model"] == "Flange DN50"
    read = await api.read_order(client, floor.viewer.headers, order["id"])
    assert (read["item_id"], read["product_model"]) == (item["id"], "Flange DN50")


async def test_a_product_model_sent_with_the_item_is_kept(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    order = await api.create_order(
        client, floor.planner.headers, item_id=item["id"], product_model="Flange DN50, painted"
    )

    assert (order["item_id"], order["product_model"]) == (item["id"], "Flange DN50, painted")


async def test_an_order_without_item_still_needs_a_product_model(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    for body in (without_product(), without_product(item_id=None)):
        response = await client.post(api.ORDERS, json=body, headers=floor.planner.headers)

        error = assert_error(response, 422, "VALIDATION_ERROR")
        assert [(d["loc"], d["code"]) for d in error["details"]] == [
            (["body", "product_model"], "MISSING")
        ]
    plain = await api.create_order(client, floor.planner.headers)
    assert plain["item_id"] is None


async def test_a_malformed_item_id_is_one_error(client: httpx.AsyncClient, floor: Floor) -> None:
    response = await client.post(
        api.ORDERS, json=without_product(item_id="shaft"), headers=floor.planner.headers
    )

    error = assert_error(response, 422, "VALIDATION_ERROR")
    found = [(d["loc"], d["code"]) for d in error["details"]]
    assert found == [(["body", "item_id"], "UUID_PARSING")]


async def test_an_inactive_item_refuses_new_orders(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    await deactivate_item(client, floor, item)

    response = await client.post(
        api.ORDERS, json=api.order_body(item_id=item["id"]), headers=floor.planner.headers
    )

    assert_error(response, 409, "ITEM_INACTIVE")
    english = await client.post(
        api.ORDERS,
        json=api.order_body(item_id=item["id"]),
        headers={**floor.planner.headers, "Accept-Language": "en"},
    )
    message = assert_error(english, 409, "ITEM_INACTIVE")["message"]
    assert message == (
        f"The item {item['code']} is inactive; new work orders cannot be created for it."
    )


async def test_an_unknown_or_foreign_item_is_an_invalid_reference(
    client: httpx.AsyncClient, db_session: AsyncSession, floor: Floor, make_user: MakeUser
) -> None:
    other = await build_floor(client, make_user, await create_organization(db_session))
    foreign = await api.create_item(client, other.admin.headers)
    order = await api.create_order(client, floor.planner.headers)

    for item_id in (foreign["id"], str(uuid.uuid4())):
        created = await client.post(
            api.ORDERS, json=api.order_body(item_id=item_id), headers=floor.planner.headers
        )
        patched = await edit(client, floor, order, item_id=item_id)

        assert_item_reference(created)
        assert_item_reference(patched)
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["item_id"] is None


async def test_a_pending_order_changes_its_item_and_the_product_follows(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    other = await api.create_item(client, floor.planner.headers, name="Housing H-7")
    order = await api.create_order(client, floor.planner.headers, item_id=item["id"])

    moved = api.data_of(await edit(client, floor, order, item_id=other["id"]))
    named = api.data_of(
        await edit(client, floor, moved, item_id=item["id"], product_model="Flange, special")
    )
    cleared = api.data_of(await edit(client, floor, named, item_id=None))

    assert (moved["item_id"], moved["product_model"]) == (other["id"], "Housing H-7")
    assert (named["item_id"], named["product_model"]) == (item["id"], "Flange, special")
    assert (cleared["item_id"], cleared["product_model"]) == (None, "Flange, special")
    entries = await history(client, floor, order["id"])
    assert [entry["changes"] for entry in entries[1:]] == [
        {"item_id": [item["id"], other["id"]], "product_model": ["GB-200", "Housing H-7"]},
        {
            "item_id": [other["id"], item["id"]],
            "product_model": ["Housing H-7", "Flange, special"],
        },
        {"item_id": [item["id"], None]},
    ]


async def test_the_creation_entry_records_the_item(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    response = await client.post(
        api.ORDERS, json=without_product(item_id=item["id"]), headers=floor.planner.headers
    )
    order = api.data_of(response, 201)

    [created] = await history(client, floor, order["id"])

    assert created["changes"]["item_id"] == [None, item["id"]]
    assert created["changes"]["product_model"] == [None, "Flange DN50"]


async def test_a_patch_to_an_inactive_item_is_refused_but_a_kept_one_is_not_checked(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    retired = await deactivate_item(
        client, floor, await api.create_item(client, floor.planner.headers)
    )
    order = await api.create_order(client, floor.planner.headers, item_id=item["id"])
    await deactivate_item(client, floor, item)

    refused = await edit(client, floor, order, item_id=retired["id"])
    kept = await edit(client, floor, order, item_id=item["id"], priority=9)

    assert_error(refused, 409, "ITEM_INACTIVE")
    assert api.data_of(kept)["priority"] == 9


async def test_the_item_is_locked_once_the_order_has_started(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    order = await order_in(client, floor.planner.headers, "in_progress", item_id=item["id"])

    for value in (None, str(uuid.uuid4())):
        response = await edit(client, floor, order, item_id=value)

        error = assert_error(response, 409, "WORK_ORDER_FIELD_LOCKED")
        assert [(d["loc"], d["code"]) for d in error["details"]] == [
            (["body", "item_id"], "LOCKED_FIELD")
        ]


async def test_required_items_refuse_orders_without_one(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any], configure: Configure
) -> None:
    before = await api.create_order(client, floor.planner.headers)
    configure(require_item=True)

    for body in (api.order_body(), api.order_body(item_id=None)):
        response = await client.post(api.ORDERS, json=body, headers=floor.planner.headers)
        error = assert_error(response, 422, "WORK_ORDER_ITEM_REQUIRED")
        assert error["details"] == [
            {
                "loc": ["body", "item_id"],
                "code": "WORK_ORDER_ITEM_REQUIRED",
                "message": "工單必須指定品項（item_id）。",
            }
        ]
    created = await client.post(
        api.ORDERS, json=without_product(item_id=item["id"]), headers=floor.planner.headers
    )
    order = api.data_of(created, 201)
    cleared = await edit(client, floor, order, item_id=None)
    older = await edit(client, floor, before, note="Made before items were required")

    assert_error(cleared, 422, "WORK_ORDER_ITEM_REQUIRED")
    assert api.data_of(older)["item_id"] is None


async def test_required_items_answer_in_english(
    client: httpx.AsyncClient, floor: Floor, configure: Configure
) -> None:
    configure(require_item=True)

    response = await client.post(
        api.ORDERS,
        json=api.order_body(),
        headers={**floor.planner.headers, "Accept-Language": "en"},
    )

    message = assert_error(response, 422, "WORK_ORDER_ITEM_REQUIRED")["message"]
    assert message == "A work order must name its item (item_id)."


async def test_the_list_filters_by_item(
    client: httpx.AsyncClient, floor: Floor, item: dict[str, Any]
) -> None:
    other = await api.create_item(client, floor.planner.headers)
    mine = await api.create_order(client, floor.planner.headers, item_id=item["id"])
    await api.create_order(client, floor.planner.headers, item_id=other["id"])
    await api.create_order(client, floor.planner.headers)

    async def numbers(**params: str) -> list[str]:
        response = await client.get(api.ORDERS, params=params, headers=floor.viewer.headers)
        return [order["order_number"] for order in api.data_of(response)]

    assert await numbers(item_id=item["id"]) == [mine["order_number"]]
    assert await numbers(item_id=str(uuid.uuid4())) == []
    bad = await client.get(api.ORDERS, params={"item_id": "42"}, headers=floor.viewer.headers)
    error = assert_error(bad, 422, "VALIDATION_ERROR")
    found = [(d["loc"], d["code"]) for d in error["details"]]
    assert found == [(["query", "item_id"], "UUID_PARSING")]
