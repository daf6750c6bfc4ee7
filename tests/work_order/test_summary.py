"""The summary against a data set whose figures are known in advance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.flows import running
from tests.work_order.states import order_in


def utc_today() -> date:
    return datetime.now(UTC).date()


async def backdate(
    db_session: AsyncSession, order_id: str, *, completed_days_ago: int, lead_hours: int
) -> None:
    """Give a completed order a known start and end (the API stamps the current time)."""
    completed = datetime.now(UTC) - timedelta(days=completed_days_ago)
    await db_session.execute(
        text(
            "UPDATE work_order SET started_at = :started, completed_at = :completed WHERE id = :id"
        ),
        {
            "id": order_id,
            "completed": completed,
            "started": completed - timedelta(hours=lead_hours),
        },
    )


async def test_the_figures_of_a_known_floor(
    client: httpx.AsyncClient, floor: Floor, db_session: AsyncSession
) -> None:
    headers = floor.admin.headers
    today = utc_today()

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    await order_in(client, headers, "pending", due_date=day(-1))  # overdue
    await order_in(client, headers, "pending", due_date=day(3))  # due soon
    await order_in(client, headers, "on_hold", due_date=day(-5))  # overdue
    await order_in(client, headers, "cancelled", due_date=day(-1))  # closed: not overdue
    gone = await order_in(client, headers, "pending", due_date=day(-1))
    await client.delete(
        f"{api.ORDERS}/{gone['id']}", headers={**headers, **api.if_match(gone["version"])}
    )
    for days_ago, hours in ((2, 10), (5, 20), (60, 100)):
        done = await order_in(client, headers, "completed")
        await backdate(db_session, done["id"], completed_days_ago=days_ago, lead_hours=hours)
    _, dispatch = await running(client, floor, due_date=day(10))  # in progress, not due soon
    now = datetime.now(UTC)
    for good, scrap, when in ((30, 10, now - timedelta(hours=1)), (5, 0, now - timedelta(days=40))):
        extra = {"scrap_qty": scrap, "scrap_reason": "Porosity"} if scrap else {}
        response = await api.report(
            client,
            floor.operator.headers,
            dispatch["id"],
            good_qty=good,
            to_time=when.isoformat(),
            **extra,
        )
        assert response.status_code == 201, response.text

    default = api.data_of(await client.get(f"{api.ORDERS}/summary", headers=floor.viewer.headers))
    wide = api.data_of(
        await client.get(
            f"{api.ORDERS}/summary",
            params={"from": day(-70), "to": day(0)},
            headers=floor.viewer.headers,
        )
    )

    assert default["as_of"] == today.isoformat()
    assert default["counts_by_status"] == {
        "pending": 2,
        "in_progress": 1,
        "on_hold": 1,
        "completed": 3,
        "cancelled": 1,
    }
    assert default["open_orders"] == 4
    assert default["overdue"] == 2
    assert default["due_next_7_days"] == 1
    assert default["period"] == {
        "from_date": day(-29),
        "to_date": day(0),
        "completed_orders": 2,
        "produced_qty": 30,
        "scrap_qty": 10,
        "scrap_rate": 0.25,
        "average_lead_time_hours": 15.0,
    }
    assert wide["period"] == {
        "from_date": day(-70),
        "to_date": day(0),
        "completed_orders": 3,
        "produced_qty": 35,
        "scrap_qty": 10,
        "scrap_rate": 0.2222,
        "average_lead_time_hours": 43.33,
    }


async def test_an_empty_floor_has_zeros_and_no_rates(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    summary = api.data_of(
        await client.get(
            f"{api.ORDERS}/summary",
            params={"from": "2026-01-01", "to": "2026-01-31"},
            headers=floor.viewer.headers,
        )
    )

    assert summary["open_orders"] == summary["overdue"] == 0
    assert summary["period"]["completed_orders"] == 0
    assert summary["period"]["scrap_rate"] is None
    assert summary["period"]["average_lead_time_hours"] is None
    assert summary["period"]["from_date"] == "2026-01-01"
