"""Organisations never see each other: ids of another organisation answer 404 in the path
and 422 WORK_ORDER_INVALID_REFERENCE in a body; lists and figures hold only the caller's rows.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.identity import MakeUser, TestUser, create_organization
from tests.work_order import api
from tests.work_order.conftest import Floor, build_floor
from tests.work_order.routes import ROUTES, Route, send
from tests.work_order.states import order_in

NOT_FOUND_CODES = {
    "station queue": "WORK_CENTER_NOT_FOUND",
    "read dispatch": "DISPATCH_NOT_FOUND",
    "update dispatch": "DISPATCH_NOT_FOUND",
    "start dispatch": "DISPATCH_NOT_FOUND",
    "pause dispatch": "DISPATCH_NOT_FOUND",
    "resume dispatch": "DISPATCH_NOT_FOUND",
    "finish dispatch": "DISPATCH_NOT_FOUND",
    "cancel dispatch": "DISPATCH_NOT_FOUND",
    "report production": "DISPATCH_NOT_FOUND",
    "list reports": "DISPATCH_NOT_FOUND",
    "reverse report": "PRODUCTION_REPORT_NOT_FOUND",
}
ID_ROUTES = [route for route in ROUTES if route.takes_id]


@pytest.fixture
async def outsider(db_session: AsyncSession, make_user: MakeUser) -> TestUser:
    """An admin of another organisation."""
    return await make_user(role="admin", organization_id=await create_organization(db_session))


@pytest.mark.parametrize("route", ID_ROUTES, ids=[r.name.replace(" ", "-") for r in ID_ROUTES])
async def test_another_organisations_ids_are_not_found(
    client: httpx.AsyncClient, floor: Floor, outsider: TestUser, route: Route
) -> None:
    call = await route.arrange(client, floor)

    response = await send(client, call, outsider.headers)

    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == NOT_FOUND_CODES.get(
        route.name, "WORK_ORDER_NOT_FOUND"
    )
    # The owner still sees it unchanged.
    again = await send(client, call, floor.admin.headers)
    assert again.status_code in (200, 201), again.text


@pytest.mark.parametrize(
    "path",
    [
        "/work-orders/{id}",
        "/work-orders/{id}/history",
        "/work-orders/{id}/dispatches",
        "/dispatches/{id}",
        "/dispatches/{id}/reports",
        "/work-centers/{id}/dispatches",
    ],
)
async def test_unknown_ids_are_not_found(
    client: httpx.AsyncClient, floor: Floor, path: str
) -> None:
    response = await client.get(
        api.API + path.format(id=uuid.uuid4()), headers=floor.viewer.headers
    )

    assert response.status_code == 404
    assert response.json()["success"] is False


async def test_malformed_ids_are_refused(client: httpx.AsyncClient, floor: Floor) -> None:
    response = await client.get(f"{api.ORDERS}/not-a-uuid", headers=floor.viewer.headers)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["path", "work_order_id"]


@pytest.fixture
async def other_floor(
    client: httpx.AsyncClient, db_session: AsyncSession, make_user: MakeUser
) -> Floor:
    """A second organisation with its own users and work center."""
    return await build_floor(client, make_user, await create_organization(db_session))


def assert_invalid_reference(response: httpx.Response, field: str, code: str) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "WORK_ORDER_INVALID_REFERENCE"
    assert error["details"][0]["loc"] == ["body", field]
    assert error["details"][0]["code"] == code


async def test_body_references_to_another_organisation_are_invalid(
    client: httpx.AsyncClient, floor: Floor, other_floor: Floor
) -> None:
    headers = floor.admin.headers
    foreign_customer = await api.create_customer(client, other_floor.admin.headers)
    foreign_station = other_floor.station
    foreign_user = other_floor.operator

    response = await client.post(
        api.ORDERS, json=api.order_body(customer_id=foreign_customer["id"]), headers=headers
    )
    assert_invalid_reference(response, "customer_id", "CUSTOMER_NOT_FOUND")

    order = await api.create_order(client, headers)
    response = await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json={"customer_id": foreign_customer["id"]},
        headers={**headers, **api.if_match(order["version"])},
    )
    assert_invalid_reference(response, "customer_id", "CUSTOMER_NOT_FOUND")

    url = f"{api.ORDERS}/{order['id']}/dispatches"
    response = await client.post(
        url, json={"work_center_id": foreign_station["id"], "planned_qty": 1}, headers=headers
    )
    assert_invalid_reference(response, "work_center_id", "WORK_CENTER_NOT_FOUND")
    response = await client.post(
        url,
        json={
            "work_center_id": floor.station["id"],
            "planned_qty": 1,
            "operator_id": str(foreign_user.id),
        },
        headers=headers,
    )
    assert_invalid_reference(response, "operator_id", "USER_NOT_FOUND")

    dispatch = await api.create_dispatch(client, headers, order["id"], floor.station["id"], 5)
    response = await client.patch(
        f"{api.DISPATCHES}/{dispatch['id']}",
        json={"work_center_id": foreign_station["id"]},
        headers={**headers, **api.if_match(dispatch["version"])},
    )
    assert_invalid_reference(response, "work_center_id", "WORK_CENTER_NOT_FOUND")

    started = api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))
    response = await api.report(
        client, floor.operator.headers, started["id"], operator_id=str(foreign_user.id)
    )
    assert_invalid_reference(response, "operator_id", "USER_NOT_FOUND")
    # Nothing was counted by the refused report.
    assert (await api.read_order(client, headers, order["id"]))["produced_qty"] == 0


async def test_lists_and_figures_hold_only_the_callers_orders(
    client: httpx.AsyncClient, floor: Floor, other_floor: Floor
) -> None:
    mine = await order_in(client, floor.planner.headers, "pending")
    theirs = await order_in(client, other_floor.planner.headers, "pending")
    await api.create_dispatch(
        client, other_floor.planner.headers, theirs["id"], other_floor.station["id"], 5
    )

    listed = await client.get(api.ORDERS, headers=floor.viewer.headers)
    ids = [item["id"] for item in listed.json()["data"]]
    assert ids == [mine["id"]]
    assert listed.json()["pagination"]["total"] == 1

    # Another organisation's ids as filters match nothing here.
    by_station = await client.get(
        api.ORDERS,
        params={"work_center_id": other_floor.station["id"]},
        headers=floor.viewer.headers,
    )
    assert by_station.json()["data"] == []

    summary = api.data_of(await client.get(f"{api.ORDERS}/summary", headers=floor.viewer.headers))
    assert summary["counts_by_status"]["pending"] == 1
    assert summary["open_orders"] == 1

    queue = await client.get(
        f"{api.API}/work-centers/{other_floor.station['id']}/dispatches",
        headers=floor.viewer.headers,
    )
    assert queue.status_code == 404
