"""The list's caches of rows and totals, in a running application on committed data.

A page is read as ids and versions; a row comes from memory only when memory holds the
version the page read. An edit through the API bumps the version, so it shows on the very
next page even before its notification arrives; a change made straight in the database keeps
the version and is forgotten when its notification arrives. A filter's total is forgotten on
any order's notification, new orders included, and used only where the page agrees with it.

Whole pages are off here (`WORK_ORDER_LIST_PAGE_CACHE_SIZE=0`) so that every request reads
its ids and versions: test_page_cache.py tests the pages.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.models import WorkOrder
from shopfloor.work_order.read_cache import OrderRowCache
from tests.support.identity import MakeUser, create_organization
from tests.support.running_app import RunningApp, drop_listeners, triggers_off
from tests.support.waiting import eventually
from tests.work_order import api, flows
from tests.work_order.conftest import ORDER_TRIGGERS, Floor, build_floor, list_cache


@pytest.fixture(autouse=True)
def no_whole_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORK_ORDER_LIST_PAGE_CACHE_SIZE", "0")


def rows_of(run: RunningApp) -> OrderRowCache:
    return list_cache(run).rows


def kept(run: RunningApp, order: dict[str, Any]) -> bool:
    return rows_of(run).get(order["id"]) is not None


async def listed(run: RunningApp, run_floor: Floor, **query: Any) -> dict[str, Any]:
    response = await run.http.get(api.ORDERS, params=query, headers=run_floor.viewer.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_listed_row_is_kept_and_the_next_page_takes_it_from_memory(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers, note="First")
    first = await listed(run, run_floor)
    assert [item["id"] for item in first["data"]] == [order["id"]]
    assert kept(run, order)
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        # Same version, no notification: only a row from memory still shows the old note.
        await live_session.execute(
            update(WorkOrder).where(WorkOrder.id == uuid.UUID(order["id"])).values(note="Moved")
        )
        await live_session.commit()
        assert await listed(run, run_floor) == first


async def test_a_page_from_memory_is_the_page_read_whole(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    orders = [
        await api.create_order(run.http, run_floor.planner.headers, priority=priority)
        for priority in (3, 9, 5)
    ]
    await flows.running(run.http, run_floor)
    from_database = await listed(run, run_floor)
    assert all(kept(run, order) for order in orders)
    from_memory = await listed(run, run_floor)
    assert from_memory == from_database
    assert len(list_cache(run).pages) == 0
    assert [item["priority"] for item in from_memory["data"]] == [9, 5, 5, 3]
    assert from_memory["pagination"]["total"] == 4
    # Without the listener the cache stands aside and the page is read whole.
    await drop_listeners(live_session)
    await eventually(lambda: not list_cache(run).answering)
    assert await listed(run, run_floor) == from_memory
    await eventually(lambda: list_cache(run).answering)


async def test_an_edit_shows_on_the_next_page_before_its_notification(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await listed(run, run_floor)
    assert kept(run, order)
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        response = await run.http.patch(
            f"{api.ORDERS}/{order['id']}",
            json={"priority": 2, "note": "Rush"},
            headers={**run_floor.planner.headers, **api.if_match(order["version"])},
        )
        assert response.status_code == 200, response.text
        (row,) = (await listed(run, run_floor))["data"]
        assert (row["priority"], row["note"], row["version"]) == (2, "Rush", order["version"] + 1)


async def test_a_change_in_the_database_is_forgotten_on_its_notification(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await listed(run, run_floor)
    await live_session.execute(
        update(WorkOrder).where(WorkOrder.id == uuid.UUID(order["id"])).values(note="Moved")
    )
    await live_session.commit()
    await eventually(lambda: not kept(run, order))
    (row,) = (await listed(run, run_floor))["data"]
    assert row["note"] == "Moved"


async def test_a_report_shows_on_the_next_page(run: RunningApp, run_floor: Floor) -> None:
    order, step = await flows.running(run.http, run_floor, quantity=20, planned=20)
    (before,) = (await listed(run, run_floor))["data"]
    assert before["produced_qty"] == 0
    await flows.reported(run.http, run_floor, step, good_qty=5, scrap_qty=2, scrap_reason="Burr")
    (after,) = (await listed(run, run_floor))["data"]
    assert after["id"] == order["id"]
    assert (after["produced_qty"], after["scrap_qty"], after["remaining_qty"]) == (5, 2, 13)


async def test_each_caller_gets_its_own_allowed_actions_from_kept_rows(
    run: RunningApp, run_floor: Floor
) -> None:
    await flows.running(run.http, run_floor)
    (as_viewer,) = (await listed(run, run_floor))["data"]
    response = await run.http.get(api.ORDERS, headers=run_floor.supervisor.headers)
    (as_supervisor,) = response.json()["data"]
    assert as_viewer["allowed_actions"] == []
    assert "hold" in as_supervisor["allowed_actions"]


async def test_a_deleted_order_leaves_the_next_page(run: RunningApp, run_floor: Floor) -> None:
    kept_order = await api.create_order(run.http, run_floor.planner.headers)
    gone = await api.create_order(run.http, run_floor.planner.headers)
    assert len((await listed(run, run_floor))["data"]) == 2
    response = await run.http.delete(
        f"{api.ORDERS}/{gone['id']}",
        headers={**run_floor.admin.headers, **api.if_match(gone["version"])},
    )
    assert response.status_code == 200, response.text
    page = await listed(run, run_floor)
    assert [item["id"] for item in page["data"]] == [kept_order["id"]]
    assert page["pagination"]["total"] == 1


async def test_a_total_is_kept_for_full_pages(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    await api.create_order(run.http, run_floor.planner.headers)
    await api.create_order(run.http, run_floor.planner.headers)
    assert (await listed(run, run_floor, page_size=1))["pagination"]["total"] == 2
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        # A new order without its notification: only a total from memory still says 2.
        await api.create_order(run.http, run_floor.planner.headers)
        full = await listed(run, run_floor, page_size=1)
        assert len(full["data"]) == 1
        assert full["pagination"]["total"] == 2
        # A page that is not full tells the total itself, whatever memory holds.
        assert (await listed(run, run_floor, page_size=5))["pagination"]["total"] == 3


async def test_a_new_order_is_counted_on_its_notification(
    run: RunningApp, run_floor: Floor
) -> None:
    await api.create_order(run.http, run_floor.planner.headers)
    await api.create_order(run.http, run_floor.planner.headers)
    assert (await listed(run, run_floor, page_size=1))["pagination"]["total"] == 2
    assert len(list_cache(run).totals) > 0
    await api.create_order(run.http, run_floor.planner.headers)
    await eventually(lambda: len(list_cache(run).totals) == 0)
    assert (await listed(run, run_floor, page_size=1))["pagination"]["total"] == 3


async def test_a_total_memory_contradicts_is_counted_again(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    for _ in range(3):
        await api.create_order(run.http, run_floor.planner.headers)
    assert (await listed(run, run_floor, page_size=1, page=2))["pagination"]["total"] == 3
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        await api.create_order(run.http, run_floor.planner.headers)
        await api.create_order(run.http, run_floor.planner.headers)
        # Page 4 of 1 is full, so 3 orders cannot be all: counted again, 5.
        page = await listed(run, run_floor, page_size=1, page=4)
        assert len(page["data"]) == 1
        assert page["pagination"]["total"] == 5


async def test_totals_of_other_filters_and_organisations_are_their_own(
    run: RunningApp, run_floor: Floor, live_make_user: MakeUser, live_session: AsyncSession
) -> None:
    await flows.running(run.http, run_floor)
    await api.create_order(run.http, run_floor.planner.headers)
    elsewhere = await create_organization(live_session)
    await live_session.commit()
    other = await build_floor(run.http, live_make_user, elsewhere)
    await api.create_order(run.http, other.planner.headers)
    mine = await listed(run, run_floor, page_size=1)
    running_only = await listed(run, run_floor, page_size=1, status="in_progress")
    response = await run.http.get(api.ORDERS, params={"page_size": 1}, headers=other.viewer.headers)
    assert (mine["pagination"]["total"], running_only["pagination"]["total"]) == (2, 1)
    assert response.json()["pagination"]["total"] == 1
