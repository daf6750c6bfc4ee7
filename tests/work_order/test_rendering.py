"""The by-id read and the list answer exactly what their response models render.

For orders in every status, with and without dispatches, optional fields set and unset, and
timestamps with and without microseconds, each answer must equal, value for value and string
for string, what pydantic renders from the same rows loaded through the ORM.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.envelope import Envelope, ListEnvelope, PaginationMeta
from shopfloor.user.service import permissions_for_role
from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import DispatchStatus, WorkOrderStatus
from shopfloor.work_order.models import Dispatch, WorkOrder
from shopfloor.work_order.schemas import DispatchRead, WorkOrderDetail, WorkOrderRead
from tests.work_order import api, flows
from tests.work_order.conftest import Floor
from tests.work_order.states import STATUSES, order_in

ROLES = ("admin", "planner", "operator", "viewer")


async def stored_order(db_session: AsyncSession, order_id: str) -> WorkOrder:
    statement = (
        select(WorkOrder)
        .where(WorkOrder.id == uuid.UUID(order_id))
        .execution_options(populate_existing=True)
    )
    return (await db_session.scalars(statement)).one()


async def stored_dispatches(db_session: AsyncSession, order_id: str) -> list[Dispatch]:
    statement = (
        select(Dispatch)
        .where(Dispatch.work_order_id == uuid.UUID(order_id))
        .order_by(Dispatch.sequence, Dispatch.id)
        .execution_options(populate_existing=True)
    )
    return list((await db_session.scalars(statement)).all())


def columns_of(row: WorkOrder | Dispatch, model: type[BaseModel]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in model.model_fields if name != "allowed_actions"}


def order_fields(order: WorkOrder, permissions: frozenset[str]) -> dict[str, Any]:
    fields = columns_of(order, WorkOrderRead)
    fields["allowed_actions"] = lifecycle.allowed_actions(
        WorkOrderStatus(order.status), permissions
    )
    return fields


def dispatch_model(dispatch: Dispatch, order_status: str, permissions: frozenset[str]) -> Any:
    fields = columns_of(dispatch, DispatchRead)
    fields["allowed_actions"] = lifecycle.dispatch_allowed_actions(
        DispatchStatus(dispatch.status), WorkOrderStatus(order_status), permissions
    )
    return DispatchRead.model_validate(fields)


async def rendered_detail(
    db_session: AsyncSession, order_id: str, permissions: frozenset[str]
) -> dict[str, Any]:
    """What the response model renders for the stored order, as parsed JSON."""
    order = await stored_order(db_session, order_id)
    dispatches = await stored_dispatches(db_session, order_id)
    detail = WorkOrderDetail.model_validate(
        {
            **order_fields(order, permissions),
            # These orders name no item, so they have no operations.
            "operations": [],
            "dispatches": [dispatch_model(d, order.status, permissions) for d in dispatches],
        }
    )
    return json.loads(Envelope[WorkOrderDetail](data=detail).model_dump_json())  # type: ignore[no-any-return]


async def orders_of_every_kind(
    client: httpx.AsyncClient, floor: Floor, db_session: AsyncSession
) -> list[str]:
    """Ids of orders in every status, some with dispatches of every status."""
    headers = floor.admin.headers
    customer = await api.create_customer(client, headers)
    ids = []
    for status in STATUSES:
        bare = await order_in(client, headers, status)
        full = await order_in(
            client,
            headers,
            status,
            customer_id=customer["id"],
            due_date="2026-12-24",
            planned_start_at="2026-12-20T08:00:00Z",  # no microseconds
            planned_end_at="2026-12-22T17:30:00.250000Z",
            note="Rush lot",
            priority=9,
        )
        ids += [bare["id"], full["id"]]
    # An order with dispatches in each status, and reports on them.
    order, running = await flows.running(client, floor, quantity=300, planned=50)
    await flows.reported(client, floor, running, good_qty=7, scrap_qty=2, scrap_reason="Burr")
    for action in ("pause", "finish", "cancel"):
        other = await api.create_dispatch(
            client, floor.planner.headers, order["id"], floor.station["id"], 40
        )
        if action != "cancel":
            other = await flows.dispatch_step(client, floor, other, "start")
        if action == "finish":
            other = await flows.reported(client, floor, other, good_qty=40)
        await flows.dispatch_step(client, floor, other, action)
    await api.create_dispatch(client, floor.planner.headers, order["id"], floor.station["id"], 30)
    ids.append(order["id"])
    # Server timestamps that fall on a whole second render without a fraction.
    whole = func.date_trunc("second", WorkOrder.started_at)
    await db_session.execute(
        update(WorkOrder)
        .where(WorkOrder.id == uuid.UUID(order["id"]))
        .values(started_at=whole, updated_at=whole)
    )
    await db_session.execute(
        update(Dispatch)
        .where(Dispatch.work_order_id == uuid.UUID(order["id"]))
        .values(created_at=func.date_trunc("second", Dispatch.created_at))
    )
    return ids


@pytest.mark.parametrize("role", ROLES)
async def test_the_by_id_answer_is_what_its_model_renders(
    client: httpx.AsyncClient, floor: Floor, db_session: AsyncSession, role: str
) -> None:
    ids = await orders_of_every_kind(client, floor, db_session)
    user = floor.user(role)
    for order_id in ids:
        response = await client.get(f"{api.ORDERS}/{order_id}", headers=user.headers)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        expected = await rendered_detail(db_session, order_id, permissions_for_role(role))
        assert response.json() == expected
        assert response.headers["ETag"] == f'"{expected["data"]["version"]}"'


@pytest.mark.parametrize("role", ROLES)
async def test_the_list_answer_is_what_its_model_renders(
    client: httpx.AsyncClient, floor: Floor, db_session: AsyncSession, role: str
) -> None:
    ids = await orders_of_every_kind(client, floor, db_session)
    user = floor.user(role)
    permissions = permissions_for_role(role)
    query = [("status", status) for status in STATUSES] + [("page_size", "100")]
    response = await client.get(api.ORDERS, params=query, headers=user.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert sorted(item["id"] for item in answer["data"]) == sorted(ids)
    # The same orders in the same order, rendered by the model from the ORM's rows.
    rows = [await stored_order(db_session, item["id"]) for item in answer["data"]]
    expected = ListEnvelope[WorkOrderRead](
        data=[WorkOrderRead.model_validate(order_fields(row, permissions)) for row in rows],
        pagination=PaginationMeta(total=len(ids), page=1, page_size=100, pages=1),
    )
    assert answer == json.loads(expected.model_dump_json())


async def test_a_page_past_the_last_renders_its_total(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    await api.create_order(client, floor.planner.headers)
    response = await client.get(
        api.ORDERS, params={"page": 5, "page_size": 10}, headers=floor.viewer.headers
    )
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": [],
        "pagination": {"total": 1, "page": 5, "page_size": 10, "pages": 1},
        "message": None,
    }
