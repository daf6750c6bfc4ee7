"""The cache of orders read by id, in a running application on committed data.

Every change to an order or its dispatches, through the API or straight in the database,
must reach the next read; the cached rows must never serve another organisation, and each
caller still gets the actions its own role allows.

A test that changes an order waits until the change's notification has reached the cache
(`settled`) before it reads: a read that raced the notification would keep nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.models import Dispatch, WorkOrder
from shopfloor.work_order.read_cache import OrderCache, read_cache_of
from tests.support.identity import MakeUser, create_organization
from tests.support.notification_watch import NotificationWatch
from tests.support.running_app import RunningApp, drop_listeners, triggers_off
from tests.work_order import api, flows
from tests.work_order.conftest import ORDER_TRIGGERS, Floor, Settle


def cache_of(run: RunningApp) -> OrderCache:
    cache = read_cache_of(run.app)
    assert cache is not None
    return cache


def kept(run: RunningApp, order: dict[str, Any]) -> bool:
    return cache_of(run).get(uuid.UUID(order["id"])) is not None


async def read(run: RunningApp, run_floor: Floor, order: dict[str, Any]) -> dict[str, Any]:
    return await api.read_order(run.http, run_floor.viewer.headers, order["id"])


async def test_a_read_keeps_the_order_and_the_next_comes_from_memory(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession, settled: Settle
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await settled()
    first = await read(run, run_floor, order)
    assert kept(run, order)
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        # Changed without a notification: only a read from memory still shows the old note.
        await live_session.execute(
            update(WorkOrder).where(WorkOrder.id == uuid.UUID(order["id"])).values(note="Moved")
        )
        await live_session.commit()
        assert await read(run, run_floor, order) == first


ChangeThrough = Callable[[RunningApp, Floor, dict[str, Any]], Awaitable[None]]


async def edit(run: RunningApp, run_floor: Floor, order: dict[str, Any]) -> None:
    response = await run.http.patch(
        f"{api.ORDERS}/{order['id']}",
        json={"priority": 2},
        headers={**run_floor.planner.headers, **api.if_match(order["version"])},
    )
    assert response.status_code == 200, response.text


async def start(run: RunningApp, run_floor: Floor, order: dict[str, Any]) -> None:
    api.data_of(await api.act(run.http, run_floor.planner.headers, order, "start"))


async def dispatch(run: RunningApp, run_floor: Floor, order: dict[str, Any]) -> None:
    await api.create_dispatch(
        run.http, run_floor.planner.headers, order["id"], run_floor.station["id"], 10
    )


@pytest.mark.parametrize("change", [edit, start, dispatch])
async def test_a_change_through_the_api_reaches_the_next_read(
    run: RunningApp, run_floor: Floor, change: ChangeThrough, settled: Settle
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await settled()
    before = await read(run, run_floor, order)
    assert kept(run, order)
    await change(run, run_floor, before)
    await settled()
    assert not kept(run, order)
    after = await read(run, run_floor, order)
    assert after["version"] > before["version"] or after["dispatches"] != before["dispatches"]


async def test_a_report_shows_on_the_next_read(
    run: RunningApp, run_floor: Floor, settled: Settle
) -> None:
    order, step = await flows.running(run.http, run_floor, quantity=20, planned=20)
    await settled()
    assert (await read(run, run_floor, order))["produced_qty"] == 0
    assert kept(run, order)
    await flows.reported(run.http, run_floor, step, good_qty=5, scrap_qty=2, scrap_reason="Burr")
    await settled()
    assert not kept(run, order)
    after = await read(run, run_floor, order)
    assert (after["produced_qty"], after["scrap_qty"], after["remaining_qty"]) == (5, 2, 13)
    assert (after["dispatches"][0]["good_qty"], after["dispatches"][0]["scrap_qty"]) == (5, 2)


async def test_a_deleted_order_is_not_found_on_the_next_read(
    run: RunningApp, run_floor: Floor, settled: Settle
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await settled()
    current = await read(run, run_floor, order)
    assert kept(run, order)
    response = await run.http.delete(
        f"{api.ORDERS}/{order['id']}",
        headers={**run_floor.admin.headers, **api.if_match(current["version"])},
    )
    assert response.status_code == 200, response.text
    await settled()
    assert not kept(run, order)
    missing = await run.http.get(f"{api.ORDERS}/{order['id']}", headers=run_floor.viewer.headers)
    assert missing.status_code == 404


async def test_a_dispatch_changed_in_the_database_is_forgotten(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession, settled: Settle
) -> None:
    order, step = await flows.running(run.http, run_floor)
    await settled()
    await read(run, run_floor, order)
    assert kept(run, order)
    await live_session.execute(
        update(Dispatch).where(Dispatch.id == uuid.UUID(step["id"])).values(note="Tool change")
    )
    await live_session.commit()
    await settled()
    assert not kept(run, order)
    assert (await read(run, run_floor, order))["dispatches"][0]["note"] == "Tool change"


async def test_kept_rows_never_answer_another_organisation(
    run: RunningApp,
    run_floor: Floor,
    live_make_user: MakeUser,
    live_session: AsyncSession,
    settled: Settle,
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await settled()
    await read(run, run_floor, order)
    assert kept(run, order)
    elsewhere = await create_organization(live_session)
    await live_session.commit()
    outsider = await live_make_user(role="admin", organization_id=elsewhere)
    response = await run.http.get(f"{api.ORDERS}/{order['id']}", headers=outsider.headers)
    assert response.status_code == 404


async def test_each_caller_gets_its_own_allowed_actions_from_kept_rows(
    run: RunningApp, run_floor: Floor
) -> None:
    order, _ = await flows.running(run.http, run_floor)
    as_viewer = await read(run, run_floor, order)
    as_supervisor = await api.read_order(run.http, run_floor.supervisor.headers, order["id"])
    assert as_viewer["allowed_actions"] == []
    assert "hold" in as_supervisor["allowed_actions"]
    assert as_viewer["dispatches"][0]["allowed_actions"] == []
    assert as_supervisor["dispatches"][0]["allowed_actions"] != []


async def test_without_the_listener_every_read_goes_to_the_database(
    run: RunningApp,
    run_floor: Floor,
    live_session: AsyncSession,
    marks: NotificationWatch,
    settled: Settle,
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await settled()
    await read(run, run_floor, order)
    assert kept(run, order)
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        await drop_listeners(live_session)
        await marks.until_listening(False)
        assert not cache_of(run).answering
        assert len(cache_of(run)) == 0
        await live_session.execute(
            update(WorkOrder).where(WorkOrder.id == uuid.UUID(order["id"])).values(note="Moved")
        )
        await live_session.commit()
        assert (await read(run, run_floor, order))["note"] == "Moved"
    await marks.until_listening(True)
    assert cache_of(run).answering
