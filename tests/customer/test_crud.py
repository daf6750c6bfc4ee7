"""Customers: create, read, update, deactivate and activate through the API."""

from __future__ import annotations

from datetime import datetime

import httpx

from tests.customer.conftest import CUSTOMERS, CreateCustomer, if_match, unique_code
from tests.support.identity import TestUser

CONTACT = {
    "contact_name": "Lin Mei-Ling",
    "contact_email": "buyer@acme.example",
    "contact_phone": "+886 2 2345-6789",
}


async def test_create_returns_the_customer_with_etag_and_location(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    code = unique_code("acme")
    response = await client.post(
        CUSTOMERS,
        json={"code": code, "name": "  Acme Precision Co., Ltd.  ", **CONTACT},
        headers=admin.headers,
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["code"] == code.upper()
    assert data["name"] == "Acme Precision Co., Ltd."
    assert {key: data[key] for key in CONTACT} == CONTACT
    assert data["active"] is True
    assert data["version"] == 1
    assert data["organization_id"] == str(admin.organization_id)
    assert data["created_at"] == data["updated_at"]
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(f"{CUSTOMERS}/{data['id']}")

    read = await client.get(response.headers["Location"], headers=admin.headers)
    assert read.status_code == 200
    assert read.json()["data"] == data


async def test_create_without_contact_details(client: httpx.AsyncClient, admin: TestUser) -> None:
    response = await client.post(
        CUSTOMERS,
        json={"code": unique_code(), "name": "Walk-in", "contact_name": "   "},
        headers=admin.headers,
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["contact_name"], data["contact_email"], data["contact_phone"]) == (
        None,
        None,
        None,
    )


async def test_read_sends_the_version_as_etag(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)

    response = await client.get(f"{CUSTOMERS}/{created['id']}", headers=admin.headers)

    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json() == {"success": True, "data": created, "message": None}


async def test_patch_changes_only_the_fields_sent_and_bumps_the_version(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin, **CONTACT)

    response = await client.patch(
        f"{CUSTOMERS}/{created['id']}",
        json={"name": "Acme Holdings", "contact_email": "orders@acme.example"},
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["name"] == "Acme Holdings"
    assert data["contact_email"] == "orders@acme.example"
    assert data["code"] == created["code"]
    assert data["contact_name"] == CONTACT["contact_name"]
    assert data["contact_phone"] == CONTACT["contact_phone"]
    assert data["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert datetime.fromisoformat(data["updated_at"]) >= datetime.fromisoformat(
        created["updated_at"]
    )


async def test_patch_null_clears_contact_fields(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin, **CONTACT)

    response = await client.patch(
        f"{CUSTOMERS}/{created['id']}",
        json=dict.fromkeys(CONTACT),
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 200
    assert [response.json()["data"][key] for key in CONTACT] == [None, None, None]


async def test_patch_can_rename_the_code_to_a_free_one(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)
    new_code = unique_code("acme")

    response = await client.patch(
        f"{CUSTOMERS}/{created['id']}",
        json={"code": new_code},
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 200
    assert response.json()["data"]["code"] == new_code.upper()


async def test_patch_without_changes_keeps_the_version(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)

    empty = await client.patch(
        f"{CUSTOMERS}/{created['id']}", json={}, headers={**admin.headers, **if_match(1)}
    )
    same = await client.patch(
        f"{CUSTOMERS}/{created['id']}",
        json={"name": created["name"], "code": created["code"].lower()},
        headers={**admin.headers, **if_match(1)},
    )

    assert empty.status_code == 200
    assert same.status_code == 200
    assert empty.json()["data"] == created
    assert same.json()["data"] == created
    assert same.headers["ETag"] == '"1"'


async def test_deactivate_then_activate(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)
    url = f"{CUSTOMERS}/{created['id']}"

    deactivated = await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(1)})
    assert deactivated.status_code == 200
    assert deactivated.json()["data"]["active"] is False
    assert deactivated.json()["data"]["version"] == 2
    assert deactivated.headers["ETag"] == '"2"'

    activated = await client.post(f"{url}/activate", headers={**admin.headers, **if_match(2)})
    assert activated.status_code == 200
    assert activated.json()["data"]["active"] is True
    assert activated.json()["data"]["version"] == 3


async def test_deactivating_an_inactive_customer_changes_nothing(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)
    url = f"{CUSTOMERS}/{created['id']}"
    await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(1)})

    again = await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(2)})
    active_again = await client.post(f"{url}/activate", headers={**admin.headers, **if_match(2)})
    no_op = await client.post(f"{url}/activate", headers={**admin.headers, **if_match(3)})

    assert again.status_code == 200
    assert again.json()["data"]["version"] == 2
    assert again.json()["data"]["active"] is False
    assert active_again.json()["data"]["version"] == 3
    assert no_op.status_code == 200
    assert no_op.json()["data"]["version"] == 3


async def test_an_inactive_customer_can_still_be_edited(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)
    url = f"{CUSTOMERS}/{created['id']}"
    await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(1)})

    response = await client.patch(
        url, json={"name": "Former customer"}, headers={**admin.headers, **if_match(2)}
    )

    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Former customer"
    assert response.json()["data"]["active"] is False


async def test_there_is_no_delete_route(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)

    response = await client.delete(
        f"{CUSTOMERS}/{created['id']}", headers={**admin.headers, **if_match(1)}
    )

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    still_there = await client.get(f"{CUSTOMERS}/{created['id']}", headers=admin.headers)
    assert still_there.json()["data"]["active"] is True
