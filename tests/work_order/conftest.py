"""Fixtures of the work-order tests: one organisation with a user per role and a station."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.read_cache import CHANNEL, read_cache_of
from tests.conftest import make_settings
from tests.support.identity import MakeUser, TestUser
from tests.support.notification_watch import NotificationWatch
from tests.support.running_app import RunningApp, build
from tests.work_order import api

ROLES = ("admin", "supervisor", "planner", "operator", "viewer")
# The trigger that notifies changes to orders (turned off to show where an answer came from).
ORDER_TRIGGERS = ("work_order", ["work_order_changed"])


@dataclass(frozen=True)
class Floor:
    """A test organisation: a user per role and one active work center."""

    admin: TestUser
    supervisor: TestUser
    planner: TestUser
    operator: TestUser
    viewer: TestUser
    station: dict[str, Any]

    @property
    def organization_id(self) -> uuid.UUID:
        return self.admin.organization_id

    def user(self, role: str) -> TestUser:
        user: TestUser = getattr(self, role)
        return user


async def build_floor(
    client: httpx.AsyncClient, make_user: MakeUser, organization_id: uuid.UUID | None = None
) -> Floor:
    users = {role: await make_user(role=role, organization_id=organization_id) for role in ROLES}
    station = await api.create_work_center(client, users["admin"].headers)
    return Floor(**users, station=station)


@pytest.fixture
async def floor(client: httpx.AsyncClient, make_user: MakeUser) -> Floor:
    return await build_floor(client, make_user)


@pytest.fixture
async def live_floor(live_client: httpx.AsyncClient, live_make_user: MakeUser) -> Floor:
    return await build_floor(live_client, live_make_user)


@pytest.fixture
def configure(app: FastAPI) -> Iterator[Callable[..., WorkOrderSettings]]:
    """Run the test with other module settings (restored afterwards)."""
    original = app.state.module_settings["work_order"]

    def apply(**values: Any) -> WorkOrderSettings:
        settings = WorkOrderSettings(**values)
        app.state.module_settings["work_order"] = settings
        return settings

    try:
        yield apply
    finally:
        app.state.module_settings["work_order"] = original


@pytest.fixture
def marks() -> NotificationWatch:
    """The order notifications the running application (`run`) has handled."""
    return NotificationWatch(CHANNEL)


@pytest.fixture
async def run(
    database_url: str, engine: AsyncEngine, marks: NotificationWatch
) -> AsyncIterator[RunningApp]:
    """The application with its lifespan running, so its cache of orders answers
    (tests/support/running_app.py), and `marks` hears what the cache hears."""
    started = build(make_settings(database_url), engine)
    marks.attach(started.app)
    async with started.app.router.lifespan_context(started.app), started.http:
        read_cache = read_cache_of(started.app)
        assert read_cache is not None
        assert read_cache.answering
        yield started


Settle = Callable[[], Awaitable[None]]


@pytest.fixture
def settled(engine: AsyncEngine, marks: NotificationWatch) -> Settle:
    """Wait until every change committed so far has reached the running app's cache."""

    async def settle() -> None:
        await marks.settle(engine)

    return settle


@pytest.fixture
async def run_floor(run: RunningApp, live_make_user: MakeUser) -> Floor:
    return await build_floor(run.http, live_make_user)
