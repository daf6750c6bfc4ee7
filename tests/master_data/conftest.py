"""Fixtures of the master-data suite: every test runs once for each resource."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.master_data.resources import RESOURCES, Resource, create
from tests.support.identity import MakeUser, TestUser, create_organization


@pytest.fixture(params=RESOURCES, ids=str)
def resource(request: pytest.FixtureRequest) -> Resource:
    spec: Resource = request.param
    return spec


class CreateRow(Protocol):
    def __call__(self, user: TestUser, **fields: Any) -> Awaitable[dict[str, Any]]: ...


@pytest.fixture
def create_row(client: httpx.AsyncClient, resource: Resource) -> CreateRow:
    """`await create_row(user, **fields)` -> the created row's JSON."""

    async def create_one(user: TestUser, **fields: Any) -> dict[str, Any]:
        return await create(client, resource, user, **fields)

    return create_one


@pytest.fixture
async def other_admin(db_session: AsyncSession, make_user: MakeUser) -> TestUser:
    """An admin of a second organisation, to prove the first one's rows stay invisible."""
    organization_id = await create_organization(db_session)
    return await make_user(role="admin", organization_id=organization_id)
