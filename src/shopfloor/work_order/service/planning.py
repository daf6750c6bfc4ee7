"""How much of an order's quantity its dispatches hold, and what is still open to plan."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.constants import DispatchStatus
from shopfloor.work_order.lifecycle import committed_qty
from shopfloor.work_order.models import WorkOrder
from shopfloor.work_order.repository.dispatches import DispatchRepository


@dataclass(frozen=True, slots=True)
class Plan:
    held_qty: int
    last_sequence: int


async def plan_of(
    db_session: AsyncSession, *, order: WorkOrder, excluding: uuid.UUID | None = None
) -> Plan:
    """What the order's dispatches (but `excluding`) hold; call it with the order locked."""
    dispatches = DispatchRepository(db_session, organization_id=order.organization_id)
    rows = await dispatches.plan_rows(order.id, excluding=excluding)
    held = sum(
        committed_qty(
            status=DispatchStatus(row.status),
            planned_qty=row.planned_qty,
            good_qty=row.good_qty,
            scrap_qty=row.scrap_qty,
        )
        for row in rows
    )
    return Plan(held_qty=held, last_sequence=max((row.sequence for row in rows), default=0))
