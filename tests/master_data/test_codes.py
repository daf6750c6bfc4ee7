"""Master data: codes are unique per organisation, case-insensitively, also under a race."""

from __future__ import annotations

import asyncio

import httpx

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import Resource, deactivate, if_match
from tests.support.identity import MakeUser, TestUser


async def test_a_taken_code_is_refused_with_409(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)

    response = await client.post(
        resource.path, json={"code": created["code"].lower(), "name": "Twin"}, headers=admin.headers
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == resource.error("CODE_TAKEN")
    assert error["details"][0]["loc"] == ["body", "code"]


async def test_a_deactivated_row_keeps_its_code(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    await deactivate(client, resource, admin, created)

    response = await client.post(
        resource.path, json={"code": created["code"], "name": "Twin"}, headers=admin.headers
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == resource.error("CODE_TAKEN")


async def test_renaming_to_a_taken_code_is_refused_with_409(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    first = await create_row(admin)
    second = await create_row(admin)

    response = await client.patch(
        resource.url(second["id"]),
        json={"code": first["code"]},
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == resource.error("CODE_TAKEN")
    unchanged = await client.get(resource.url(second["id"]), headers=admin.headers)
    assert unchanged.json()["data"] == second


async def test_the_same_code_may_exist_in_another_organisation(
    client: httpx.AsyncClient,
    admin: TestUser,
    other_admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    created = await create_row(admin)

    response = await client.post(
        resource.path,
        json={"code": created["code"], "name": "Elsewhere"},
        headers=other_admin.headers,
    )

    assert response.status_code == 201
    assert response.json()["data"]["code"] == created["code"]


async def test_concurrent_creates_with_one_code_give_one_201_and_409s(
    live_client: httpx.AsyncClient, live_make_user: MakeUser, resource: Resource
) -> None:
    admin = await live_make_user(role="admin")
    code = resource.unique_code("race")

    responses = await asyncio.gather(
        *(
            live_client.post(
                resource.path, json={"code": code, "name": f"Racer {n}"}, headers=admin.headers
            )
            for n in range(5)
        )
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 409, 409, 409, 409]
    conflicts = [
        response.json()["error"]["code"] for response in responses if response.status_code == 409
    ]
    assert conflicts == [resource.error("CODE_TAKEN")] * 4
    listed = await live_client.get(resource.path, params={"q": code}, headers=admin.headers)
    assert listed.json()["pagination"]["total"] == 1


async def test_concurrent_patches_with_one_version_give_one_200_and_412s(
    live_client: httpx.AsyncClient, live_make_user: MakeUser, resource: Resource
) -> None:
    admin = await live_make_user(role="admin")
    created = await live_client.post(
        resource.path,
        json={"code": resource.unique_code(), "name": "Shared"},
        headers=admin.headers,
    )
    url = resource.url(created.json()["data"]["id"])

    responses = await asyncio.gather(
        *(
            live_client.patch(
                url, json={"name": f"Editor {n}"}, headers={**admin.headers, **if_match(1)}
            )
            for n in range(5)
        )
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 412, 412, 412, 412]
    winner = next(response for response in responses if response.status_code == 200)
    for response in responses:
        if response.status_code == 412:
            assert response.json()["error"]["details"][0]["current_version"] == 2
    current = await live_client.get(url, headers=admin.headers)
    assert current.json()["data"]["version"] == 2
    assert current.json()["data"]["name"] == winner.json()["data"]["name"]
