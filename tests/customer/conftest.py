"""Fixtures for the customer tests: a factory that creates through the API, another org."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from typing import Any, Protocol

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.identity import MakeUser, TestUser, create_organization

CUSTOMERS = "/api/v1/customers"


def unique_code(prefix: str = "CU") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


def if_match(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


class CreateCustomer(Protocol):
    def __call__(self, user: TestUser, **fields: Any) -> Awaitable[dict[str, Any]]: ...


@pytest.fixture
def create_customer(client: httpx.AsyncClient) -> CreateCustomer:
    """`await create_customer(user, **fields)` -> the created customer's JSON."""

    async def create(user: TestUser, **fields: Any) -> dict[str, Any]:
        body = {"code": unique_code(), "name": "Acme Precision", **fields}
        response = await client.post(CUSTOMERS, json=body, headers=user.headers)
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()["data"]
        return data

    return create


@pytest.fixture
async def other_admin(db_session: AsyncSession, make_user: MakeUser) -> TestUser:
    """An admin of a second organisation, to prove the first one's rows stay invisible."""
    organization_id = await create_organization(db_session)
    return await make_user(role="admin", organization_id=organization_id)
