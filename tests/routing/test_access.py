"""Who may do what, and organisations that never see each other's routings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.routing import api
from tests.routing.conftest import MANAGERS, ROLES, Plant
from tests.support.identity import MakeUser, TestUser, create_organization
from tests.work_order.api import create_work_center


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    headers: dict[str, str]
    json: dict[str, Any] | None = None


async def send(client: httpx.AsyncClient, call: Call, headers: dict[str, str]) -> httpx.Response:
    return await client.request(
        call.method, call.url, headers={**call.headers, **headers}, json=call.json
    )


Arrange = Callable[[httpx.AsyncClient, Plant], Awaitable[Call]]


async def _draft(client: httpx.AsyncClient, plant: Plant) -> dict[str, Any]:
    return await api.create_routing(
        client, plant.admin.headers, plant.item["id"], plant.lathe["id"], code=api.unique("R")
    )


async def list_call(client: httpx.AsyncClient, plant: Plant) -> Call:
    return Call("GET", api.ROUTINGS, {})


async def create_call(client: httpx.AsyncClient, plant: Plant) -> Call:
    body = api.routing_body(plant.item["id"], plant.lathe["id"], code=api.unique("R"))
    return Call("POST", api.ROUTINGS, {}, body)


async def read_call(client: httpx.AsyncClient, plant: Plant) -> Call:
    return Call("GET", f"{api.ROUTINGS}/{(await _draft(client, plant))['id']}", {})


async def update_call(client: httpx.AsyncClient, plant: Plant) -> Call:
    draft = await _draft(client, plant)
    url = f"{api.ROUTINGS}/{draft['id']}"
    return Call("PATCH", url, api.if_match(draft["revision"]), {"is_default": True})


def action_call(action: str) -> Arrange:
    async def arrange(client: httpx.AsyncClient, plant: Plant) -> Call:
        draft = await _draft(client, plant)
        url = f"{api.ROUTINGS}/{draft['id']}/{action}"
        return Call("POST", url, api.if_match(draft["revision"]))

    return arrange


ROUTES: dict[str, tuple[Arrange, bool, int]] = {
    # name: (arrange, needs routing:manage, success status)
    "list": (list_call, False, 200),
    "create": (create_call, True, 201),
    "read": (read_call, False, 200),
    "update": (update_call, True, 200),
    "release": (action_call("release"), True, 200),
    "copy": (action_call("copy"), True, 201),
    "obsolete": (action_call("obsolete"), True, 200),
}
ID_ROUTES = [name for name in ROUTES if name not in ("list", "create")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(ROUTES))
async def test_every_role_reads_and_managers_change(
    client: httpx.AsyncClient, plant: Plant, route: str, role: str
) -> None:
    arrange, manages, success = ROUTES[route]
    call = await arrange(client, plant)

    response = await send(client, call, plant.user(role).headers)

    if manages and role not in MANAGERS:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "PERMISSION_DENIED"
    else:
        assert response.status_code == success, response.text


@pytest.mark.parametrize("route", list(ROUTES))
async def test_without_a_valid_token_nothing_answers(
    client: httpx.AsyncClient, plant: Plant, route: str
) -> None:
    call = await ROUTES[route][0](client, plant)

    anonymous = await client.request(call.method, call.url, headers=call.headers, json=call.json)
    forged = await send(client, call, {"Authorization": "Bearer forged"})

    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "AUTHENTICATION_REQUIRED"
    assert forged.status_code == 401


@pytest.fixture
async def outsider(db_session: AsyncSession, make_user: MakeUser) -> TestUser:
    """An admin of another organisation."""
    return await make_user(role="admin", organization_id=await create_organization(db_session))


@pytest.mark.parametrize("route", ID_ROUTES)
async def test_another_organisations_routings_are_not_found(
    client: httpx.AsyncClient, plant: Plant, outsider: TestUser, route: str
) -> None:
    call = await ROUTES[route][0](client, plant)

    response = await send(client, call, outsider.headers)

    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "ROUTING_NOT_FOUND"
    again = await send(client, call, plant.admin.headers)
    assert again.status_code == ROUTES[route][2], again.text


async def test_another_organisations_item_and_work_centers_are_invalid_references(
    client: httpx.AsyncClient, plant: Plant, outsider: TestUser
) -> None:
    foreign_item = await api.create_item(client, outsider.headers)
    foreign_center = await create_work_center(client, outsider.headers)

    with_item = await client.post(
        api.ROUTINGS,
        json=api.routing_body(foreign_item["id"], plant.lathe["id"]),
        headers=plant.headers,
    )
    with_center = await client.post(
        api.ROUTINGS,
        json=api.routing_body(plant.item["id"], foreign_center["id"]),
        headers=plant.headers,
    )

    assert [
        (r.status_code, r.json()["error"]["details"][0]["code"]) for r in (with_item, with_center)
    ] == [(422, "ITEM_NOT_FOUND"), (422, "WORK_CENTER_NOT_FOUND")]


async def test_lists_hold_only_the_callers_routings(
    client: httpx.AsyncClient, plant: Plant, outsider: TestUser
) -> None:
    mine = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    foreign_item = await api.create_item(client, outsider.headers)
    await api.create_routing(client, outsider.headers, foreign_item["id"], None)

    listed = await client.get(api.ROUTINGS, headers=plant.viewer.headers)
    by_foreign_item = await client.get(
        api.ROUTINGS, params={"item_id": foreign_item["id"]}, headers=plant.headers
    )

    assert [r["id"] for r in api.data_of(listed)] == [mine["id"]]
    assert api.data_of(by_foreign_item) == []
