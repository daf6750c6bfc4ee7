"""Master data: the public service functions other modules rely on."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopfloor.core.db_errors import sqlstate_of
from shopfloor.core.master_data.service import Actor
from tests.master_data.conftest import CreateRow
from tests.master_data.resources import Resource, deactivate
from tests.support.identity import MakeUser, TestUser


async def test_get_returns_the_read_model(
    db_session: AsyncSession, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)

    found = await resource.master.get(
        db_session=db_session, organization_id=admin.organization_id, id=uuid.UUID(created["id"])
    )

    assert isinstance(found, resource.master.read_model)
    assert found.model_dump(mode="json") == created


async def test_get_hides_other_organisations(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    theirs = await create_row(other_admin)

    with pytest.raises(resource.not_found_error) as raised:
        await resource.master.get(
            db_session=db_session, organization_id=admin.organization_id, id=uuid.UUID(theirs["id"])
        )

    assert raised.value.status_code == 404
    assert raised.value.code == resource.error("NOT_FOUND")


async def test_get_by_ids_returns_only_the_callers_rows(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    mine = [await create_row(admin) for _ in range(3)]
    theirs = await create_row(other_admin)
    wanted = [uuid.UUID(item["id"]) for item in mine[:2]]

    found = await resource.master.get_many(
        db_session=db_session,
        organization_id=admin.organization_id,
        ids=[*wanted, wanted[0], uuid.UUID(theirs["id"]), uuid.uuid4()],
    )

    assert set(found) == set(wanted)
    assert {item.code for item in found.values()} == {item["code"] for item in mine[:2]}


async def test_get_by_ids_of_nothing_is_empty(
    db_session: AsyncSession, admin: TestUser, resource: Resource
) -> None:
    found = await resource.master.get_many(
        db_session=db_session, organization_id=admin.organization_id, ids=[]
    )

    assert found == {}


async def test_an_active_row_may_be_used(
    db_session: AsyncSession, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)

    usable = await resource.ensure_usable(
        db_session=db_session,
        organization_id=admin.organization_id,
        **{resource.id_param: uuid.UUID(created["id"])},
    )

    assert usable.code == created["code"]
    assert usable.active is True


async def test_an_inactive_row_may_not_be_used(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    created = await create_row(admin)
    await deactivate(client, resource, admin, created)

    with pytest.raises(resource.inactive_error) as raised:
        await resource.ensure_usable(
            db_session=db_session,
            organization_id=admin.organization_id,
            **{resource.id_param: uuid.UUID(created["id"])},
        )

    assert raised.value.status_code == 409
    assert raised.value.code == resource.error("INACTIVE")
    assert raised.value.params == {"code": created["code"]}


async def test_another_organisations_row_may_not_be_used(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    theirs = await create_row(other_admin)

    with pytest.raises(resource.not_found_error):
        await resource.ensure_usable(
            db_session=db_session,
            organization_id=admin.organization_id,
            **{resource.id_param: uuid.UUID(theirs["id"])},
        )


async def test_a_row_in_use_is_held_against_deactivation_until_commit(
    live_client: httpx.AsyncClient,
    live_make_user: MakeUser,
    engine: AsyncEngine,
    resource: Resource,
) -> None:
    admin = await live_make_user(role="admin")
    created = await live_client.post(
        resource.path, json={"code": resource.unique_code(), "name": "Held"}, headers=admin.headers
    )
    record_id = uuid.UUID(created.json()["data"]["id"])
    sessions = async_sessionmaker(bind=engine, expire_on_commit=False)
    actor = Actor(id=admin.id, role=admin.role)

    async with sessions() as using, sessions() as deactivating:
        await resource.ensure_usable(
            db_session=using,
            organization_id=admin.organization_id,
            **{resource.id_param: record_id},
        )
        # Without the share lock this deactivation would go through at once.
        await deactivating.execute(text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(DBAPIError) as raised:
            await resource.master.set_active(
                db_session=deactivating,
                organization_id=admin.organization_id,
                id=record_id,
                active=False,
                expected_version=1,
                actor=actor,
            )
        assert sqlstate_of(raised.value) == "55P03"  # lock_not_available
        await deactivating.rollback()
        await using.commit()

        deactivated = await resource.master.set_active(
            db_session=deactivating,
            organization_id=admin.organization_id,
            id=record_id,
            active=False,
            expected_version=1,
            actor=actor,
        )
        await deactivating.commit()

    assert deactivated.active is False
