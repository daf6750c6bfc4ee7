"""Fixtures of the routing tests: an organisation with a user per role, an item and stations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.routing import api
from tests.support.identity import MakeUser, TestUser
from tests.work_order.api import create_work_center

ROLES = ("admin", "supervisor", "planner", "operator", "viewer")
MANAGERS = ("admin", "supervisor", "planner")


@dataclass(frozen=True)
class Plant:
    admin: TestUser
    supervisor: TestUser
    planner: TestUser
    operator: TestUser
    viewer: TestUser
    item: dict[str, Any]
    lathe: dict[str, Any]
    mill: dict[str, Any]

    def user(self, role: str) -> TestUser:
        user: TestUser = getattr(self, role)
        return user

    @property
    def headers(self) -> dict[str, str]:
        """The planner's: the role that keeps routings."""
        return self.planner.headers


async def build_plant(client: httpx.AsyncClient, make_user: MakeUser) -> Plant:
    users = {role: await make_user(role=role) for role in ROLES}
    admin = users["admin"].headers
    return Plant(
        **users,
        item=await api.create_item(client, admin),
        lathe=await create_work_center(client, admin, name="Lathe"),
        mill=await create_work_center(client, admin, name="Mill"),
    )


@pytest.fixture
async def plant(client: httpx.AsyncClient, make_user: MakeUser) -> Plant:
    return await build_plant(client, make_user)


@pytest.fixture
async def live_plant(live_client: httpx.AsyncClient, live_make_user: MakeUser) -> Plant:
    return await build_plant(live_client, live_make_user)
