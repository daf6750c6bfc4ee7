"""Work centers: the public service functions the work order module relies on."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopfloor.core.db_errors import sqlstate_of
from shopfloor.work_center import service
from shopfloor.work_center.exceptions import (
    WorkCenterBlockedError,
    WorkCenterInactiveError,
    WorkCenterNotFoundError,
)
from shopfloor.work_center.schemas import WorkCenterRead
from tests.support.identity import MakeUser, TestUser
from tests.work_center.conftest import WORK_CENTERS, CreateWorkCenter, if_match, unique_code


async def test_get_work_center_returns_the_read_model(
    db_session: AsyncSession, admin: TestUser, create_work_center: CreateWorkCenter
) -> None:
    created = await create_work_center(admin)

    found = await service.get_work_center(
        db_session=db_session,
        organization_id=admin.organization_id,
        work_center_id=uuid.UUID(created["id"]),
    )

    assert isinstance(found, WorkCenterRead)
    assert found.model_dump(mode="json") == created


async def test_get_work_center_hides_other_organisations(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    create_work_center: CreateWorkCenter,
) -> None:
    theirs = await create_work_center(other_admin)

    with pytest.raises(WorkCenterNotFoundError) as raised:
        await service.get_work_center(
            db_session=db_session,
            organization_id=admin.organization_id,
            work_center_id=uuid.UUID(theirs["id"]),
        )

    assert raised.value.status_code == 404
    assert raised.value.code == "WORK_CENTER_NOT_FOUND"


async def test_get_work_centers_by_ids_returns_only_the_callers_rows(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    create_work_center: CreateWorkCenter,
) -> None:
    mine = [await create_work_center(admin) for _ in range(3)]
    theirs = await create_work_center(other_admin)
    wanted = [uuid.UUID(item["id"]) for item in mine[:2]]

    found = await service.get_work_centers_by_ids(
        db_session=db_session,
        organization_id=admin.organization_id,
        work_center_ids=[*wanted, wanted[0], uuid.UUID(theirs["id"]), uuid.uuid4()],
    )

    assert set(found) == set(wanted)
    assert {item.code for item in found.values()} == {item["code"] for item in mine[:2]}


async def test_get_work_centers_by_ids_of_nothing_is_empty(
    db_session: AsyncSession, admin: TestUser
) -> None:
    found = await service.get_work_centers_by_ids(
        db_session=db_session, organization_id=admin.organization_id, work_center_ids=[]
    )

    assert found == {}


@pytest.mark.parametrize("state", ["normal", "running"])
async def test_a_normal_or_running_work_center_takes_dispatches(
    db_session: AsyncSession, admin: TestUser, create_work_center: CreateWorkCenter, state: str
) -> None:
    created = await create_work_center(admin, state=state)

    usable = await service.ensure_dispatchable(
        db_session=db_session,
        organization_id=admin.organization_id,
        work_center_id=uuid.UUID(created["id"]),
    )

    assert usable.code == created["code"]
    assert usable.state == state


async def test_a_blocked_work_center_refuses_dispatches(
    db_session: AsyncSession, admin: TestUser, create_work_center: CreateWorkCenter
) -> None:
    created = await create_work_center(admin, state="blocked")

    with pytest.raises(WorkCenterBlockedError) as raised:
        await service.ensure_dispatchable(
            db_session=db_session,
            organization_id=admin.organization_id,
            work_center_id=uuid.UUID(created["id"]),
        )

    assert raised.value.status_code == 409
    assert raised.value.code == "WORK_CENTER_BLOCKED"
    assert raised.value.params == {"code": created["code"]}


async def test_an_inactive_work_center_refuses_dispatches(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    create_work_center: CreateWorkCenter,
) -> None:
    created = await create_work_center(admin, state="blocked")
    await client.post(
        f"{WORK_CENTERS}/{created['id']}/deactivate", headers={**admin.headers, **if_match(1)}
    )

    with pytest.raises(WorkCenterInactiveError) as raised:
        await service.ensure_dispatchable(
            db_session=db_session,
            organization_id=admin.organization_id,
            work_center_id=uuid.UUID(created["id"]),
        )

    assert raised.value.status_code == 409
    assert raised.value.code == "WORK_CENTER_INACTIVE"


async def test_ensure_dispatchable_of_another_organisation_is_not_found(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    create_work_center: CreateWorkCenter,
) -> None:
    theirs = await create_work_center(other_admin)

    with pytest.raises(WorkCenterNotFoundError):
        await service.ensure_dispatchable(
            db_session=db_session,
            organization_id=admin.organization_id,
            work_center_id=uuid.UUID(theirs["id"]),
        )


async def test_ensure_dispatchable_holds_the_row_against_deactivation_until_commit(
    live_client: httpx.AsyncClient, live_make_user: MakeUser, engine: AsyncEngine
) -> None:
    admin = await live_make_user(role="admin")
    created = await live_client.post(
        WORK_CENTERS, json={"code": unique_code(), "name": "Held"}, headers=admin.headers
    )
    work_center_id = uuid.UUID(created.json()["data"]["id"])
    sessions = async_sessionmaker(bind=engine, expire_on_commit=False)

    async with sessions() as dispatching, sessions() as deactivating:
        await service.ensure_dispatchable(
            db_session=dispatching,
            organization_id=admin.organization_id,
            work_center_id=work_center_id,
        )
        # Without the share lock this deactivation would go through at once.
        await deactivating.execute(text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(DBAPIError) as raised:
            await service.deactivate_work_center(
                db_session=deactivating,
                organization_id=admin.organization_id,
                work_center_id=work_center_id,
                expected_version=1,
                actor_id=admin.id,
                actor_role=admin.role,
            )
        assert sqlstate_of(raised.value) == "55P03"  # lock_not_available
        await deactivating.rollback()
        await dispatching.commit()

        deactivated = await service.deactivate_work_center(
            db_session=deactivating,
            organization_id=admin.organization_id,
            work_center_id=work_center_id,
            expected_version=1,
            actor_id=admin.id,
            actor_role=admin.role,
        )
        await deactivating.commit()

    assert deactivated.active is False
