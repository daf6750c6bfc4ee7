"""How much of an order's quantity its dispatches hold, and what is still open to plan."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.constants import DispatchStatus
from shopfloor.work_order.lifecycle import committed_qty
from shopfloor.work_order.models import WorkOrder
from shopfloor.work_order.repository.dispatches import DispatchRepository


@dataclass(frozen=True, slots=True)
class Plan:
    held_qty: int
    last_sequence: int
    # On an order with operations: what each operation's dispatches hold of the quantity.
    held_by_operation: dict[uuid.UUID, int] = field(default_factory=dict)

    def held_of(self, operation_id: uuid.UUID) -> int:
        return self.held_by_operation.get(operation_id, 0)


async def plan_of(
    db_session: AsyncSession, *, order: WorkOrder, excluding: uuid.UUID | None = None
) -> Plan:
    """What the order's dispatches (but `excluding`) hold; call it with the order locked."""
    dispatches = DispatchRepository(db_session, organization_id=order.organization_id)
    rows = await dispatches.plan_rows(order.id, excluding=excluding)
    held = 0
    by_operation: dict[uuid.UUID, int] = {}
    for row in rows:
        committed = committed_qty(
            status=DispatchStatus(row.status),
            planned_qty=row.planned_qty,
            good_qty=row.good_qty,
            scrap_qty=row.scrap_qty,
        )
        held += committed
        if row.operation_id is not None:
            by_operation[row.operation_id] = by_operation.get(row.operation_id, 0) + committed
    return Plan(
        held_qty=held,
        last_sequence=max((row.sequence for row in rows), default=0),
        held_by_operation=by_operation,
    )
