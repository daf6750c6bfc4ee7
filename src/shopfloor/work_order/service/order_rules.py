"""The rules an order's create and update check before they change anything."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.constants import INVALID_DATES, ITEM_REQUIRED, LOCKED_FIELD
from shopfloor.work_order.exceptions import (
    InvalidDatesError,
    ItemRequiredError,
    QuantityBelowDispatchedError,
    QuantityBelowReportedError,
    WorkOrderFieldLockedError,
    WorkOrderNumberTakenError,
)
from shopfloor.work_order.models import WorkOrder
from shopfloor.work_order.repository.orders import WorkOrderRepository
from shopfloor.work_order.service import quantity_flow, references
from shopfloor.work_order.service.planning import plan_of


def item_required() -> ItemRequiredError:
    return ItemRequiredError(details=[{"loc": ["body", "item_id"], "code": ITEM_REQUIRED}])


async def check_update(
    db_session: AsyncSession, *, order: WorkOrder, changed: dict[str, Any]
) -> str | None:
    """Refuse what the changes may not do; the name of a newly named item, if any."""
    start = changed.get("planned_start_at", order.planned_start_at)
    end = changed.get("planned_end_at", order.planned_end_at)
    if start is not None and end is not None and end < start:
        field = "planned_end_at" if "planned_end_at" in changed else "planned_start_at"
        raise InvalidDatesError(details=[{"loc": ["body", field], "code": INVALID_DATES}])
    state = await quantity_flow.load_flow(db_session, order=order)
    if state is not None and "item_id" in changed:
        # The operations were copied from the item's routing.
        raise WorkOrderFieldLockedError(
            params={"fields": "item_id"},
            details=[{"loc": ["body", "item_id"], "code": LOCKED_FIELD}],
        )
    if "quantity" in changed:
        quantity = changed["quantity"]
        plan = await plan_of(db_session, order=order)
        reported, held = order.produced_qty + order.scrap_qty, plan.held_qty
        if state is not None:
            # Each operation works on the whole quantity: the busiest one bounds it.
            reported = max(op.good_qty + op.scrap_qty for op in state.operations)
            held = max(plan.held_by_operation.values(), default=0)
        if quantity < reported:
            raise QuantityBelowReportedError(params={"reported": reported})
        if quantity < held:
            raise QuantityBelowDispatchedError(params={"dispatched": held})
    if changed.get("customer_id") is not None:
        await references.ensure_customer(
            db_session, organization_id=order.organization_id, customer_id=changed["customer_id"]
        )
    if "order_number" in changed:
        await ensure_number_free(
            db_session, organization_id=order.organization_id, number=changed["order_number"]
        )
    if changed.get("item_id") is None:
        return None
    item = await references.ensure_item(
        db_session, organization_id=order.organization_id, item_id=changed["item_id"]
    )
    return item.name


async def ensure_number_free(
    db_session: AsyncSession, *, organization_id: uuid.UUID, number: str
) -> None:
    orders = WorkOrderRepository(db_session, organization_id=organization_id)
    if await orders.number_taken(number):
        raise WorkOrderNumberTakenError(
            details=[{"loc": ["body", "order_number"], "code": "DUPLICATE_VALUE", "value": number}]
        )
