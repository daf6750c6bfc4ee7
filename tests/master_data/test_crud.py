"""Master data: create, read, update, deactivate and activate through the API."""

from __future__ import annotations

from datetime import datetime

import httpx

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import Resource, deactivate, if_match
from tests.support.identity import TestUser


async def test_create_returns_the_row_with_etag_and_location(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    code = resource.unique_code("new")
    response = await client.post(
        resource.path,
        json={"code": code, "name": "  Line 1 Co., Ltd.  ", **resource.extra},
        headers=admin.headers,
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["code"] == code.upper()
    assert data["name"] == "Line 1 Co., Ltd."
    assert {key: data[key] for key in resource.extra} == resource.extra
    assert data["active"] is True
    assert data["version"] == 1
    assert data["organization_id"] == str(admin.organization_id)
    assert data["created_at"] == data["updated_at"]
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(resource.url(data["id"]))

    read = await client.get(response.headers["Location"], headers=admin.headers)
    assert read.status_code == 200
    assert read.json()["data"] == data


async def test_blank_optional_text_is_stored_as_none(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    data = await create_row(admin, **{resource.clearable[0]: "   "})

    assert [data[key] for key in resource.clearable] == [None for _ in resource.clearable]


async def test_read_sends_the_version_as_etag(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)

    response = await client.get(resource.url(created["id"]), headers=admin.headers)

    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json() == {"success": True, "data": created, "message": None}


async def test_patch_changes_only_the_fields_sent_and_bumps_the_version(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin, **resource.extra)

    response = await client.patch(
        resource.url(created["id"]),
        json=dict(resource.change),
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert {key: data[key] for key in resource.change} == resource.change
    assert data["code"] == created["code"]
    for key, value in resource.extra.items():
        if key not in resource.change:
            assert data[key] == value
    assert data["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert datetime.fromisoformat(data["updated_at"]) >= datetime.fromisoformat(
        created["updated_at"]
    )


async def test_patch_null_clears_the_optional_fields(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin, **resource.extra)

    response = await client.patch(
        resource.url(created["id"]),
        json=dict.fromkeys(resource.clearable),
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 200
    assert [response.json()["data"][key] for key in resource.clearable] == [
        None for _ in resource.clearable
    ]


async def test_patch_can_rename_the_code_to_a_free_one(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    new_code = resource.unique_code("renamed")

    response = await client.patch(
        resource.url(created["id"]),
        json={"code": new_code},
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 200
    assert response.json()["data"]["code"] == new_code.upper()


async def test_patch_without_changes_keeps_the_version(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    url = resource.url(created["id"])

    empty = await client.patch(url, json={}, headers={**admin.headers, **if_match(1)})
    same = await client.patch(
        url,
        json={"name": created["name"], "code": created["code"].lower()},
        headers={**admin.headers, **if_match(1)},
    )

    assert empty.status_code == 200
    assert same.status_code == 200
    assert empty.json()["data"] == created
    assert same.json()["data"] == created
    assert same.headers["ETag"] == '"1"'


async def test_deactivate_then_activate(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    url = resource.url(created["id"])

    deactivated = await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(1)})
    assert deactivated.status_code == 200
    assert deactivated.json()["data"]["active"] is False
    assert deactivated.json()["data"]["version"] == 2
    assert deactivated.headers["ETag"] == '"2"'

    activated = await client.post(f"{url}/activate", headers={**admin.headers, **if_match(2)})
    assert activated.status_code == 200
    assert activated.json()["data"]["active"] is True
    assert activated.json()["data"]["version"] == 3


async def test_deactivating_an_inactive_row_changes_nothing(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    url = resource.url(created["id"])
    await deactivate(client, resource, admin, created)

    again = await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(2)})
    active_again = await client.post(f"{url}/activate", headers={**admin.headers, **if_match(2)})
    no_op = await client.post(f"{url}/activate", headers={**admin.headers, **if_match(3)})

    assert again.status_code == 200
    assert again.json()["data"]["version"] == 2
    assert again.json()["data"]["active"] is False
    assert active_again.json()["data"]["version"] == 3
    assert no_op.status_code == 200
    assert no_op.json()["data"]["version"] == 3


async def test_an_inactive_row_can_still_be_edited(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    url = resource.url(created["id"])
    await deactivate(client, resource, admin, created)

    response = await client.patch(
        url, json={"name": "Former one"}, headers={**admin.headers, **if_match(2)}
    )

    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Former one"
    assert response.json()["data"]["active"] is False


async def test_there_is_no_delete_route(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)

    response = await client.delete(
        resource.url(created["id"]), headers={**admin.headers, **if_match(1)}
    )

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    still_there = await client.get(resource.url(created["id"]), headers=admin.headers)
    assert still_there.json()["data"]["active"] is True
