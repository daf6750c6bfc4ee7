"""Work centers: every change leaves one audit entry with its diff; failures leave none."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.audit.schemas import AuditLogFilters, AuditLogRead
from shopfloor.core.pagination import PageParams
from tests.support.identity import TestUser
from tests.work_center.conftest import WORK_CENTERS, CreateWorkCenter, if_match


async def history(
    db_session: AsyncSession, user: TestUser, work_center_id: str
) -> list[AuditLogRead]:
    page = await audit_service.resource_history(
        db_session=db_session,
        organization_id=user.organization_id,
        resource_type="work_center",
        resource_id=uuid.UUID(work_center_id),
        params=PageParams(page=1, page_size=100),
    )
    return list(page.items)


async def test_create_is_audited_with_every_field_set(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser
) -> None:
    response = await client.post(
        WORK_CENTERS,
        json={"code": "aud-1", "name": "Lathe", "description": "Bay 3"},
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
        "name": [None, "Lathe"],
        "description": [None, "Bay 3"],
        "state": [None, "normal"],
        "active": [None, True],
    }


async def test_update_deactivate_and_activate_are_audited_with_their_diffs(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    create_work_center: CreateWorkCenter,
) -> None:
    created = await create_work_center(admin, name="Lathe", description="Bay 3")
    url = f"{WORK_CENTERS}/{created['id']}"
    await client.patch(
        url,
        json={"name": "Lathe 2", "description": None, "state": "blocked"},
        headers={**admin.headers, **if_match(1)},
    )
    await client.post(f"{url}/deactivate", headers={**admin.headers, **if_match(2)})
    await client.post(f"{url}/activate", headers={**admin.headers, **if_match(3)})

    entries = await history(db_session, admin, created["id"])

    assert [(entry.action, entry.changes) for entry in entries[1:]] == [
        (
            "updated",
            {
                "name": ["Lathe", "Lathe 2"],
                "description": ["Bay 3", None],
                "state": ["normal", "blocked"],
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
    create_work_center: CreateWorkCenter,
) -> None:
    created = await create_work_center(admin)
    other = await create_work_center(admin)
    url = f"{WORK_CENTERS}/{created['id']}"
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
    create_work_center: CreateWorkCenter,
) -> None:
    created = await create_work_center(admin)
    before = await audit_service.list_entries(
        db_session=db_session,
        organization_id=admin.organization_id,
        filters=AuditLogFilters(resource_type="work_center"),
        params=PageParams(page=1, page_size=100),
    )

    duplicate = await client.post(
        WORK_CENTERS, json={"code": created["code"], "name": "Twin"}, headers=admin.headers
    )
    invalid = await client.post(WORK_CENTERS, json={"code": "ok"}, headers=admin.headers)

    after = await audit_service.list_entries(
        db_session=db_session,
        organization_id=admin.organization_id,
        filters=AuditLogFilters(resource_type="work_center"),
        params=PageParams(page=1, page_size=100),
    )
    assert (duplicate.status_code, invalid.status_code) == (409, 422)
    assert after.total == before.total
