"""Master data: every change leaves one audit entry with its diff; failures leave none."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.audit.schemas import AuditLogFilters, AuditLogRead
from shopfloor.core.pagination import Page, PageParams
from tests.master_data.conftest import CreateRow
from tests.master_data.resources import Resource, if_match
from tests.support.identity import TestUser

EVERYTHING = PageParams(page=1, page_size=100)


async def history(
    db_session: AsyncSession, resource: Resource, user: TestUser, record_id: str
) -> list[AuditLogRead]:
    page = await audit_service.resource_history(
        db_session=db_session,
        organization_id=user.organization_id,
        resource_type=resource.name,
        resource_id=uuid.UUID(record_id),
        params=EVERYTHING,
    )
    return list(page.items)


async def test_create_is_audited_with_every_field_set(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser, resource: Resource
) -> None:
    response = await client.post(
        resource.path,
        json={"code": "aud-1", "name": "Acme", **resource.audit_create},
        headers={**admin.headers, "X-Request-ID": "audit-create-1"},
    )
    created = response.json()["data"]

    [entry] = await history(db_session, resource, admin, created["id"])

    assert entry.action == "created"
    assert entry.resource_key == "AUD-1"
    assert entry.actor_id == admin.id
    assert entry.actor_role == "admin"
    assert entry.organization_id == admin.organization_id
    assert entry.request_id == "audit-create-1"
    assert entry.changes == {
        "code": [None, "AUD-1"],
        "name": [None, "Acme"],
        **resource.audit_create_changes,
        "active": [None, True],
    }


async def test_update_deactivate_and_activate_are_audited_with_their_diffs(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    created = await create_row(admin, name="Acme", **resource.audit_before)
    url = resource.url(created["id"])
    await client.patch(
        url,
        json={"name": "Acme Holdings", **resource.audit_patch},
        headers={**admin.headers, **if_match(1)},
    )
    await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(2)})
    await client.post(f"{url}/activate", headers={**admin.headers, **if_match(3)})

    entries = await history(db_session, resource, admin, created["id"])

    assert [(entry.action, entry.changes) for entry in entries[1:]] == [
        ("updated", {"name": ["Acme", "Acme Holdings"], **resource.audit_diff}),
        ("deactivated", {"active": [True, False]}),
        ("activated", {"active": [False, True]}),
    ]
    assert entries[0].action == "created"


async def test_failed_and_empty_changes_leave_no_entry(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    created = await create_row(admin)
    other = await create_row(admin)
    url = resource.url(created["id"])
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
    actions = [entry.action for entry in await history(db_session, resource, admin, created["id"])]
    assert actions == ["created"]


async def test_a_refused_create_leaves_no_entry(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    created = await create_row(admin)

    async def entries() -> Page[AuditLogRead]:
        return await audit_service.list_entries(
            db_session=db_session,
            organization_id=admin.organization_id,
            filters=AuditLogFilters(resource_type=resource.name),
            params=EVERYTHING,
        )

    before = await entries()
    duplicate = await client.post(
        resource.path, json={"code": created["code"], "name": "Twin"}, headers=admin.headers
    )
    invalid = await client.post(resource.path, json={"code": "ok"}, headers=admin.headers)

    after = await entries()
    assert (duplicate.status_code, invalid.status_code) == (409, 422)
    assert after.total == before.total
