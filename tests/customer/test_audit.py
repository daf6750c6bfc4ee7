"""Customers: every change leaves one audit entry with its diff; failures leave none."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.audit.schemas import AuditLogFilters, AuditLogRead
from shopfloor.core.pagination import PageParams
from tests.customer.conftest import CUSTOMERS, CreateCustomer, if_match
from tests.support.identity import TestUser


async def history(db_session: AsyncSession, user: TestUser, customer_id: str) -> list[AuditLogRead]:
    page = await audit_service.resource_history(
        db_session=db_session,
        organization_id=user.organization_id,
        resource_type="customer",
        resource_id=uuid.UUID(customer_id),
        params=PageParams(page=1, page_size=100),
    )
    return list(page.items)


async def test_create_is_audited_with_every_field_set(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser
) -> None:
    response = await client.post(
        CUSTOMERS,
        json={"code": "aud-1", "name": "Acme", "contact_email": "buyer@acme.example"},
        headers={**admin.headers, "X-Request-ID": "audit-create-1"},
    )
    created = response.json()["data"]

    [entry] = await history(db_session, admin, created["id"])

    assert entry.action == "created"
    assert entry.resource_key == "AUD-1"
    assert entry.actor_id == admin.id
    assert entry.actor_role == "admin"
    assert entry.organization_id == admin.organization_id
    assert entry.request_id == "audit-create-1"
    assert entry.changes == {
        "code": [None, "AUD-1"],
        "name": [None, "Acme"],
        "contact_email": [None, "buyer@acme.example"],
        "active": [None, True],
    }


async def test_update_deactivate_and_activate_are_audited_with_their_diffs(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    create_customer: CreateCustomer,
) -> None:
    created = await create_customer(admin, name="Acme", contact_phone="02 2345 6789")
    url = f"{CUSTOMERS}/{created['id']}"
    await client.patch(
        url,
        json={"name": "Acme Holdings", "contact_phone": None, "contact_name": "Lin"},
        headers={**admin.headers, **if_match(1)},
    )
    await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(2)})
    await client.post(f"{url}/activate", headers={**admin.headers, **if_match(3)})

    entries = await history(db_session, admin, created["id"])

    assert [(entry.action, entry.changes) for entry in entries[1:]] == [
        (
            "updated",
            {
                "name": ["Acme", "Acme Holdings"],
                "contact_name": [None, "Lin"],
                "contact_phone": ["02 2345 6789", None],
            },
        ),
        ("deactivated", {"active": [True, False]}),
        ("activated", {"active": [False, True]}),
    ]
    assert entries[0].action == "created"


async def test_failed_and_empty_changes_leave_no_entry(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    create_customer: CreateCustomer,
) -> None:
    created = await create_customer(admin)
    other = await create_customer(admin)
    url = f"{CUSTOMERS}/{created['id']}"
    headers = {**admin.headers, **if_match(1)}

    stale = await client.patch(url, json={"name": "x"}, headers={**admin.headers, **if_match(9)})
    missing = await client.patch(url, json={"name": "x"}, headers=admin.headers)
    invalid = await client.patch(url, json={"name": ""}, headers=headers)
    taken = await client.patch(url, json={"code": other["code"]}, headers=headers)
    nothing = await client.patch(url, json={"name": created["name"]}, headers=headers)
    already = await client.post(f"{url}/activate", headers=headers)

    assert [r.status_code for r in (stale, missing, invalid, taken, nothing, already)] == [
        412,
        428,
        422,
        409,
        200,
        200,
    ]
    assert [entry.action for entry in await history(db_session, admin, created["id"])] == [
        "created"
    ]


async def test_a_refused_create_leaves_no_entry(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    create_customer: CreateCustomer,
) -> None:
    created = await create_customer(admin)
    before = await audit_service.list_entries(
        db_session=db_session,
        organization_id=admin.organization_id,
        filters=AuditLogFilters(resource_type="customer"),
        params=PageParams(page=1, page_size=100),
    )

    duplicate = await client.post(
        CUSTOMERS, json={"code": created["code"], "name": "Twin"}, headers=admin.headers
    )
    invalid = await client.post(CUSTOMERS, json={"code": "ok"}, headers=admin.headers)

    after = await audit_service.list_entries(
        db_session=db_session,
        organization_id=admin.organization_id,
        filters=AuditLogFilters(resource_type="customer"),
        params=PageParams(page=1, page_size=100),
    )
    assert (duplicate.status_code, invalid.status_code) == (409, 422)
    assert after.total == before.total
