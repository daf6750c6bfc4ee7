"""Work centers: the state and the description, which only work centers have.

What every master-data resource does is in tests/master_data.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_center import service
from shopfloor.work_center.exceptions import (
    WorkCenterBlockedError,
    WorkCenterInactiveError,
    WorkCenterNotFoundError,
)
from tests.master_data.resources import (
    WORK_CENTERS,
    assert_validation_error,
    create,
    deactivate,
)
from tests.support.identity import MakeUser, TestUser, create_organization

VALID = {"code": "WC-VALID", "name": "CNC lathe"}


async def codes(client: httpx.AsyncClient, user: TestUser, **params: Any) -> list[str]:
    response = await client.get(WORK_CENTERS.path, params=params, headers=user.headers)
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["data"]]


async def test_a_new_work_center_is_normal(client: httpx.AsyncClient, admin: TestUser) -> None:
    data = await create(client, WORK_CENTERS, admin)

    assert data["state"] == "normal"


async def test_create_accepts_an_initial_state(client: httpx.AsyncClient, admin: TestUser) -> None:
    data = await create(client, WORK_CENTERS, admin, description="   ", state="blocked")

    assert data["state"] == "blocked"
    assert data["description"] is None


async def test_a_description_keeps_its_line_breaks_and_tabs(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    description = "Two-axis CNC lathe\r\nBay 3\tnext to the door\nServiced monthly"
    body = {**VALID, "description": f"  {description}\n"}

    response = await client.post(WORK_CENTERS.path, json=body, headers=admin.headers)

    assert response.status_code == 201, response.text
    assert response.json()["data"]["description"] == description


async def test_the_list_refuses_an_unknown_state(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    response = await client.get(WORK_CENTERS.path, params={"state": "idle"}, headers=admin.headers)

    assert_validation_error(response, ["query", "state"], "ENUM")


async def test_filter_by_active_and_state(client: httpx.AsyncClient, admin: TestUser) -> None:
    await create(client, WORK_CENTERS, admin, code="F-NORMAL")
    await create(client, WORK_CENTERS, admin, code="F-RUNNING", state="running")
    blocked = await create(client, WORK_CENTERS, admin, code="F-BLOCKED", state="blocked")
    await deactivate(client, WORK_CENTERS, admin, blocked)

    assert await codes(client, admin, active="true") == ["F-NORMAL", "F-RUNNING"]
    assert await codes(client, admin, active="false") == ["F-BLOCKED"]
    assert await codes(client, admin, state="running") == ["F-RUNNING"]
    assert await codes(client, admin, state="blocked", active="true") == []
    assert await codes(client, admin, state="normal", q="f-") == ["F-NORMAL"]


async def test_get_work_center_answers_the_read_model_of_the_callers_organisation(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser, make_user: MakeUser
) -> None:
    created = await create(client, WORK_CENTERS, admin)
    stranger = await make_user(role="admin", organization_id=await create_organization(db_session))

    found = await service.get_work_center(
        db_session=db_session,
        organization_id=admin.organization_id,
        work_center_id=uuid.UUID(created["id"]),
    )
    with pytest.raises(WorkCenterNotFoundError):
        await service.get_work_center(
            db_session=db_session,
            organization_id=stranger.organization_id,
            work_center_id=uuid.UUID(created["id"]),
        )

    assert found.model_dump(mode="json") == created


@pytest.mark.parametrize("state", ["normal", "running"])
async def test_a_normal_or_running_work_center_takes_dispatches(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser, state: str
) -> None:
    created = await create(client, WORK_CENTERS, admin, state=state)

    usable = await service.ensure_dispatchable(
        db_session=db_session,
        organization_id=admin.organization_id,
        work_center_id=uuid.UUID(created["id"]),
    )

    assert usable.code == created["code"]
    assert usable.state == state


async def test_a_blocked_work_center_refuses_dispatches(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser
) -> None:
    created = await create(client, WORK_CENTERS, admin, state="blocked")

    with pytest.raises(WorkCenterBlockedError) as raised:
        await service.ensure_dispatchable(
            db_session=db_session,
            organization_id=admin.organization_id,
            work_center_id=uuid.UUID(created["id"]),
        )

    assert raised.value.status_code == 409
    assert raised.value.code == "WORK_CENTER_BLOCKED"
    assert raised.value.params == {"code": created["code"]}


async def test_a_blocked_and_inactive_work_center_answers_inactive(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser
) -> None:
    created = await create(client, WORK_CENTERS, admin, state="blocked")
    await deactivate(client, WORK_CENTERS, admin, created)

    with pytest.raises(WorkCenterInactiveError) as raised:
        await service.ensure_dispatchable(
            db_session=db_session,
            organization_id=admin.organization_id,
            work_center_id=uuid.UUID(created["id"]),
        )

    assert raised.value.status_code == 409
    assert raised.value.code == "WORK_CENTER_INACTIVE"
