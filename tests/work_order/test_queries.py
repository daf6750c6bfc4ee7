"""The order list: default view, filters, sorting, pages; the detail without N+1; the plans."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import Select

from shopfloor.core.pagination import PageParams
from shopfloor.work_order.constants import OPEN_STATUSES, WorkOrderStatus
from shopfloor.work_order.repository.orders import WorkOrderRepository
from shopfloor.work_order.schemas import WorkOrderFilters
from shopfloor.work_order.schemas.queries import parse_sort
from tests.support.statements import statements_on
from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.states import order_in


def today() -> date:
    return datetime.now(UTC).date()


async def listed(
    client: httpx.AsyncClient, floor: Floor, **params: Any
) -> tuple[list[str], dict[str, Any]]:
    response = await client.get(api.ORDERS, params=params, headers=floor.viewer.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return [item["order_number"] for item in body["data"]], body["pagination"]


async def test_the_default_view_shows_open_orders_most_urgent_first(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    headers = floor.admin.headers
    low = await order_in(client, headers, "pending", priority=2, order_number="A-LOW")
    late = await order_in(
        client, headers, "in_progress", priority=8, due_date="2027-03-01", order_number="A-LATE"
    )
    soon = await order_in(
        client, headers, "on_hold", priority=8, due_date="2027-01-01", order_number="A-SOON"
    )
    undated = await order_in(client, headers, "pending", priority=8, order_number="A-UNDATED")
    await order_in(client, headers, "completed", priority=10, order_number="A-DONE")
    await order_in(client, headers, "cancelled", priority=10, order_number="A-GONE")

    numbers, pagination = await listed(client, floor)

    expected = [soon, late, undated, low]
    assert numbers == [o["order_number"] for o in expected]
    assert pagination == {"total": 4, "page": 1, "page_size": 20, "pages": 1}


async def test_status_filters_take_repeats_and_comma_lists(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    for status in ("pending", "completed", "cancelled"):
        await order_in(client, floor.admin.headers, status, order_number=f"S-{status}")

    repeated = await client.get(
        api.ORDERS,
        params=[("status", "completed"), ("status", "cancelled")],
        headers=floor.viewer.headers,
    )
    comma, _ = await listed(client, floor, status="completed, cancelled", sort="order_number")

    assert sorted(item["order_number"] for item in repeated.json()["data"]) == comma
    assert comma == ["S-cancelled", "S-completed"]


async def test_each_filter_narrows_the_list(client: httpx.AsyncClient, floor: Floor) -> None:
    headers = floor.planner.headers
    customer = await api.create_customer(client, headers)
    other_station = await api.create_work_center(client, floor.admin.headers)
    yesterday = (today() - timedelta(days=1)).isoformat()
    tomorrow = (today() + timedelta(days=1)).isoformat()
    a = await api.create_order(
        client,
        headers,
        order_number="F-A",
        customer_id=customer["id"],
        priority=3,
        product_model="PUMP-1",
        due_date=yesterday,
    )
    b = await api.create_order(
        client,
        headers,
        order_number="F-B",
        priority=6,
        product_model="PUMP-2",
        due_date=tomorrow,
    )
    await api.create_order(client, headers, order_number="F-C", priority=9, product_model="PUMP-1")
    # Two dispatches of one order at one station: the order is still listed once.
    for _ in range(2):
        await api.create_dispatch(client, headers, b["id"], other_station["id"], 10)
    await api.create_dispatch(client, headers, a["id"], floor.station["id"], 10)

    async def numbers(**params: Any) -> list[str]:
        found, _ = await listed(client, floor, sort="order_number", **params)
        return found

    assert await numbers(customer_id=customer["id"]) == ["F-A"]
    assert await numbers(product_model="PUMP-1") == ["F-A", "F-C"]
    assert await numbers(priority_min=4) == ["F-B", "F-C"]
    assert await numbers(priority_max=6) == ["F-A", "F-B"]
    assert await numbers(priority_min=6, priority_max=6) == ["F-B"]
    assert await numbers(due_from=today().isoformat()) == ["F-B"]
    assert await numbers(due_to=today().isoformat()) == ["F-A"]
    assert await numbers(overdue="true") == ["F-A"]
    assert await numbers(overdue="false") == ["F-B", "F-C"]
    assert await numbers(work_center_id=other_station["id"]) == ["F-B"]
    assert await numbers(work_center_id=floor.station["id"]) == ["F-A"]
    assert await numbers(q="f-b") == ["F-B"]
    assert await numbers(q="-") == ["F-A", "F-B", "F-C"]
    assert await numbers(q="%") == []
    assert await numbers(q="F_") == []
    assert await numbers(customer_id=str(uuid.uuid4())) == []


async def test_the_search_matches_the_escape_character_and_wildcards_as_themselves(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    for number in ("S/1_A", "S/1XA", "S//1", "S.1#"):
        await api.create_order(client, floor.planner.headers, order_number=number)

    async def numbers(q: str) -> list[str]:
        found, _ = await listed(client, floor, q=q)
        return sorted(found)

    assert await numbers("s/1_") == ["S/1_A"]
    assert await numbers("/1") == ["S//1", "S/1XA", "S/1_A"]
    assert await numbers("//") == ["S//1"]
    assert await numbers(".1#") == ["S.1#"]
    assert await numbers("S_1") == []


async def test_an_overdue_order_stops_being_overdue_when_it_closes(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    due = (today() - timedelta(days=3)).isoformat()
    await order_in(client, floor.admin.headers, "in_progress", order_number="O-1", due_date=due)
    await order_in(client, floor.admin.headers, "completed", order_number="O-2", due_date=due)

    found, _ = await listed(client, floor, overdue="true", status="in_progress,completed")

    assert found == ["O-1"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("order_number", ["P-1", "P-2", "P-3", "P-4"]),
        ("-order_number", ["P-4", "P-3", "P-2", "P-1"]),
        ("due_date", ["P-3", "P-1", "P-4", "P-2"]),
        ("-due_date", ["P-4", "P-1", "P-3", "P-2"]),
        ("-quantity,order_number", ["P-2", "P-4", "P-1", "P-3"]),
        ("priority,-order_number", ["P-3", "P-4", "P-1", "P-2"]),
    ],
)
async def test_sorting_by_whitelisted_fields(
    client: httpx.AsyncClient, floor: Floor, sort: str, expected: list[str]
) -> None:
    rows = [
        ("P-1", "2027-02-01", 5, 10),
        ("P-2", None, 9, 50),
        ("P-3", "2027-01-01", 1, 10),
        ("P-4", "2027-03-01", 5, 50),
    ]
    for number, due, priority, quantity in rows:
        await api.create_order(
            client,
            floor.planner.headers,
            order_number=number,
            due_date=due,
            priority=priority,
            quantity=quantity,
        )

    found, _ = await listed(client, floor, sort=sort)

    assert found == expected


async def test_pages_are_stable_and_complete(client: httpx.AsyncClient, floor: Floor) -> None:
    for index in range(7):
        # Equal priority and no due date: only the id keeps the order stable.
        await api.create_order(client, floor.planner.headers, order_number=f"PG-{index}")

    pages = [await listed(client, floor, page=page, page_size=3) for page in (1, 2, 3, 4)]

    seen = [number for numbers, _ in pages for number in numbers]
    assert sorted(seen) == [f"PG-{index}" for index in range(7)]
    assert [len(numbers) for numbers, _ in pages] == [3, 3, 1, 0]
    assert all(meta["total"] == 7 and meta["pages"] == 3 for _, meta in pages)


async def test_reading_an_order_costs_the_same_whatever_its_dispatches(
    client: httpx.AsyncClient, floor: Floor, db_connection: AsyncConnection
) -> None:
    small = await api.create_order(client, floor.planner.headers)
    large = await api.create_order(client, floor.planner.headers)
    await api.create_dispatch(client, floor.planner.headers, small["id"], floor.station["id"], 5)
    for _ in range(6):
        await api.create_dispatch(
            client, floor.planner.headers, large["id"], floor.station["id"], 5
        )

    counts = []
    for order in (small, large):
        async with statements_on(db_connection) as seen:
            detail = await api.read_order(client, floor.viewer.headers, order["id"])
        statements = seen.everything
        ours = [s for s in statements if "work_order" in s or "dispatch" in s]
        counts.append((len(statements), ours))
        assert len(detail["dispatches"]) in (1, 6)

    (small_total, small_ours), (large_total, large_ours) = counts
    assert small_total == large_total
    # One statement reads the order together with all of its dispatches.
    assert len(small_ours) == len(large_ours) == 1
    assert "JOIN dispatch" in large_ours[0]


async def test_a_list_page_and_its_total_cost_one_statement(
    client: httpx.AsyncClient, floor: Floor, db_connection: AsyncConnection
) -> None:
    for index in range(4):
        await api.create_order(client, floor.planner.headers, order_number=f"ONE-{index}")

    shapes = {}
    for name, params in {
        "first page": {"q": "ONE-", "page_size": 3},
        "last page": {"q": "ONE-", "page_size": 3, "page": 2},
        "nothing matches": {"q": "NONE-"},
        "past the last page": {"q": "ONE-", "page_size": 3, "page": 5},
    }.items():
        async with statements_on(db_connection) as seen:
            numbers, meta = await listed(client, floor, **params)
        ours = [s for s in seen.everything if "FROM work_order" in s]
        shapes[name] = (len(numbers), meta["total"], len(ours))

    assert shapes == {
        "first page": (3, 4, 1),
        "last page": (1, 4, 1),
        "nothing matches": (0, 0, 1),
        # Rows past the end cannot carry the total: it is counted on its own.
        "past the last page": (0, 4, 2),
    }


async def test_the_detail_lists_dispatches_by_sequence_as_their_own_reads_show_them(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers, quantity=100)
    created = [
        await api.create_dispatch(
            client, floor.planner.headers, order["id"], floor.station["id"], 5, sequence=sequence
        )
        for sequence in (7, 2, 5)
    ]

    detail = await api.read_order(client, floor.viewer.headers, order["id"])
    own_reads = [
        api.data_of(await client.get(f"{api.DISPATCHES}/{d['id']}", headers=floor.viewer.headers))
        for d in created
    ]
    listed_orders = api.data_of(
        await client.get(
            api.ORDERS, params={"q": order["order_number"]}, headers=floor.viewer.headers
        )
    )

    assert [d["sequence"] for d in detail["dispatches"]] == [2, 5, 7]
    assert detail["dispatches"] == sorted(own_reads, key=lambda d: d["sequence"])
    assert listed_orders == [
        {
            key: value
            for key, value in detail.items()
            if key not in ("operations", "dispatches", "unplanned_qty")
        }
    ]
    assert detail["unplanned_qty"] == 85


# -- the plans behind the queries -----------------------------------------------------------


async def seed_orders(db_session: AsyncSession, organization_id: uuid.UUID, count: int) -> None:
    """Enough rows of every status for the planner to weigh its options."""
    await db_session.execute(
        text(
            """
            INSERT INTO work_order (id, organization_id, order_number, product_model, quantity,
                                    status, priority, due_date, started_at, completed_at, version)
            SELECT gen_random_uuid(), :org, 'SEED-' || g, 'M' || (g % 7), 10,
                   (ARRAY['pending','in_progress','on_hold','completed','cancelled'])[1 + g % 5],
                   1 + g % 10, DATE '2026-11-01' + (g % 90),
                   CASE WHEN g % 5 IN (1, 2, 3) THEN now() - INTERVAL '3 days' END,
                   CASE WHEN g % 5 = 3 THEN now() - INTERVAL '1 day' END, 1
            FROM generate_series(1, :count) AS g
            """
        ),
        {"org": organization_id, "count": count},
    )
    await db_session.execute(text("ANALYZE work_order"))
    await db_session.execute(text("ANALYZE production_report"))
    # Tell the planner that reading the whole table is not an option, as it would not be
    # with production volumes: what remains is the index choice.
    await db_session.execute(text("SET LOCAL enable_seqscan = off"))


def list_statement(
    db_session: AsyncSession, organization_id: uuid.UUID, filters: WorkOrderFilters
) -> Select[Any]:
    orders = WorkOrderRepository(db_session, organization_id=organization_id)
    return orders.list_statement(filters, PageParams(), today=today())


async def plan_of(db_session: AsyncSession, statement: Select[Any]) -> str:
    sql = statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    rows = await db_session.execute(text(f"EXPLAIN {sql}"))
    return "\n".join(row[0] for row in rows)


async def test_the_list_walks_its_index_in_order(db_session: AsyncSession, org: uuid.UUID) -> None:
    await seed_orders(db_session, org, 3000)
    filters = WorkOrderFilters(statuses=OPEN_STATUSES, sort=parse_sort("-priority,due_date,id"))

    plan = await plan_of(db_session, list_statement(db_session, org, filters))

    assert "Index Scan using ix_work_order_open_queue on work_order" in plan
    assert "Sort" not in plan  # the index delivers the rows in the page's order
    assert "Seq Scan" not in plan


async def test_one_status_in_the_default_order_reads_its_page_off_the_status_queue(
    db_session: AsyncSession, org: uuid.UUID
) -> None:
    await seed_orders(db_session, org, 3000)
    filters = WorkOrderFilters(
        statuses=(WorkOrderStatus.PENDING,), sort=parse_sort("-priority,due_date,id")
    )

    plan = await plan_of(db_session, list_statement(db_session, org, filters))

    assert "Index Scan using ix_work_order_status_queue on work_order" in plan
    assert "Sort" not in plan
    assert "Seq Scan" not in plan


async def test_a_status_filter_with_a_due_range_uses_the_status_index(
    db_session: AsyncSession, org: uuid.UUID
) -> None:
    await seed_orders(db_session, org, 3000)
    filters = WorkOrderFilters(
        statuses=(WorkOrderStatus.ON_HOLD,),
        due_from=date(2026, 11, 10),
        due_to=date(2026, 11, 12),
        sort=parse_sort("due_date"),
    )

    plan = await plan_of(db_session, list_statement(db_session, org, filters))

    assert "ix_work_order_status_due" in plan
    assert "Seq Scan" not in plan


async def test_the_summary_reads_indexes_only(db_session: AsyncSession, org: uuid.UUID) -> None:
    await seed_orders(db_session, org, 3000)
    orders = WorkOrderRepository(db_session, organization_id=org)
    statement = orders.summary_statement(
        today=today(), from_date=today() - timedelta(days=29), to_date=today()
    )

    plan = await plan_of(db_session, statement)

    assert "ix_work_order_completed_at" in plan
    assert "Index Only Scan using ix_production_report_period on production_report" in plan
    assert "Seq Scan" not in plan
