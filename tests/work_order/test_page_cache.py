"""Whole list pages kept per worker, in a running application on committed data.

A page is kept as answered, keyed by its filter, its page, its organisation and the caller's
permissions, and the same request is answered from memory until a notification about any
order or dispatch arrives. Disabling the triggers makes the notification window visible: a
change then stays out of a kept page, while a page not kept yet shows it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.models import WorkOrder
from shopfloor.work_order.read_cache import CHANNEL, PageCache
from shopfloor.work_order.service import clock
from tests.support.identity import MakeUser, create_organization
from tests.support.running_app import RunningApp, drop_listeners, triggers_off
from tests.support.waiting import eventually
from tests.work_order import api, flows
from tests.work_order.conftest import ORDER_TRIGGERS, Floor, build_floor, list_cache


def pages_of(run: RunningApp) -> PageCache:
    return list_cache(run).pages


async def settled(run: RunningApp, session: AsyncSession) -> None:
    """Wait until every notification sent so far has reached the application.

    They arrive in the order they were sent, so one sent now arrives after them: it names a
    marker kept in the row cache, and forgets it.
    """
    rows = list_cache(run).rows
    marker = str(uuid.uuid4())
    rows.put(marker, {}, rows.generation)
    assert rows.get(marker) is not None
    await session.execute(
        text("SELECT pg_notify(:channel, :marker)"), {"channel": CHANNEL, "marker": marker}
    )
    await session.commit()
    await eventually(lambda: rows.get(marker) is None)


async def listed(
    run: RunningApp, headers: dict[str, str], **query: Any
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    response = await run.http.get(api.ORDERS, params=query, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return body["data"], body["pagination"]


async def test_the_same_request_is_answered_from_the_kept_page(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers, note="First")
    await settled(run, live_session)
    first = await listed(run, run_floor.viewer.headers)
    assert [item["id"] for item in first[0]] == [order["id"]]
    assert len(pages_of(run)) == 1
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        response = await run.http.patch(
            f"{api.ORDERS}/{order['id']}",
            json={"note": "Moved"},
            headers={**run_floor.planner.headers, **api.if_match(order["version"])},
        )
        assert response.status_code == 200, response.text
        # No notification: only the kept page still shows the first note.
        assert await listed(run, run_floor.viewer.headers) == first
        # A page not kept is read, and its rows by the version it read: the edit shows.
        (row,), _ = await listed(run, run_floor.viewer.headers, page_size=10)
        assert (row["note"], row["version"]) == ("Moved", order["version"] + 1)
    assert len(pages_of(run)) == 2


async def test_an_edit_through_the_api_shows_once_its_notification_arrives(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers)
    await settled(run, live_session)
    await listed(run, run_floor.viewer.headers)
    assert len(pages_of(run)) == 1
    response = await run.http.patch(
        f"{api.ORDERS}/{order['id']}",
        json={"priority": 2, "note": "Rush"},
        headers={**run_floor.planner.headers, **api.if_match(order["version"])},
    )
    assert response.status_code == 200, response.text
    await settled(run, live_session)
    assert len(pages_of(run)) == 0
    (row,), _ = await listed(run, run_floor.viewer.headers)
    assert (row["priority"], row["note"], row["version"]) == (2, "Rush", order["version"] + 1)


async def test_new_reported_and_deleted_orders_show_on_the_next_page(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    order, step = await flows.running(run.http, run_floor, quantity=20, planned=20)
    gone = await api.create_order(run.http, run_floor.planner.headers)
    await settled(run, live_session)
    before, pagination = await listed(run, run_floor.viewer.headers)
    assert pagination["total"] == 2
    assert {item["id"]: item["produced_qty"] for item in before}[order["id"]] == 0
    await flows.reported(run.http, run_floor, step, good_qty=5, scrap_qty=2, scrap_reason="Burr")
    await settled(run, live_session)
    reported, _ = await listed(run, run_floor.viewer.headers)
    assert {item["id"]: item["produced_qty"] for item in reported}[order["id"]] == 5

    response = await run.http.delete(
        f"{api.ORDERS}/{gone['id']}",
        headers={**run_floor.admin.headers, **api.if_match(gone["version"])},
    )
    assert response.status_code == 200, response.text
    await settled(run, live_session)
    after, pagination = await listed(run, run_floor.viewer.headers)
    assert [item["id"] for item in after] == [order["id"]]
    assert pagination["total"] == 1

    added = await api.create_order(run.http, run_floor.planner.headers)
    await settled(run, live_session)
    latest, pagination = await listed(run, run_floor.viewer.headers)
    assert {item["id"] for item in latest} == {order["id"], added["id"]}
    assert pagination["total"] == 2


async def test_pages_are_kept_per_caller_and_per_organisation(
    run: RunningApp, run_floor: Floor, live_make_user: MakeUser, live_session: AsyncSession
) -> None:
    order, _step = await flows.running(run.http, run_floor)
    elsewhere = await create_organization(live_session)
    await live_session.commit()
    other = await build_floor(run.http, live_make_user, elsewhere)
    theirs = await api.create_order(run.http, other.planner.headers)
    await settled(run, live_session)

    for _ in range(2):
        (as_viewer,), _ = await listed(run, run_floor.viewer.headers)
        (as_supervisor,), _ = await listed(run, run_floor.supervisor.headers)
        (as_other,), _ = await listed(run, other.viewer.headers)
        assert (as_viewer["id"], as_supervisor["id"]) == (order["id"], order["id"])
        assert as_viewer["allowed_actions"] == []
        assert "hold" in as_supervisor["allowed_actions"]
        assert as_other["id"] == theirs["id"]
    assert len(pages_of(run)) == 3


async def test_an_overdue_page_is_kept_for_its_day_only(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = clock.today()
    order = await api.create_order(run.http, run_floor.planner.headers, due_date=today.isoformat())
    await settled(run, live_session)
    assert await listed(run, run_floor.viewer.headers, overdue="true") == (
        [],
        {"total": 0, "page": 1, "page_size": 20, "pages": 0},
    )

    def tomorrow() -> datetime:
        return datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=UTC)

    monkeypatch.setattr(clock, "now", tomorrow)
    assert clock.today() == today + timedelta(days=1)
    overdue, pagination = await listed(run, run_floor.viewer.headers, overdue="true")
    assert [item["id"] for item in overdue] == [order["id"]]
    assert pagination["total"] == 1
    assert len(pages_of(run)) == 2


async def test_a_lost_listener_forgets_every_page(
    run: RunningApp, run_floor: Floor, live_session: AsyncSession
) -> None:
    order = await api.create_order(run.http, run_floor.planner.headers, note="First")
    await settled(run, live_session)
    await listed(run, run_floor.viewer.headers)
    assert len(pages_of(run)) == 1
    await drop_listeners(live_session)
    await eventually(lambda: not pages_of(run).answering)
    assert len(pages_of(run)) == 0
    table, triggers = ORDER_TRIGGERS
    async with triggers_off(live_session, table, triggers):
        await live_session.execute(
            update(WorkOrder).where(WorkOrder.id == uuid.UUID(order["id"])).values(note="Moved")
        )
        await live_session.commit()
        # No notification, but the page was forgotten with the listener: read again.
        (row,), _ = await listed(run, run_floor.viewer.headers)
        assert row["note"] == "Moved"
    await eventually(lambda: pages_of(run).answering)
