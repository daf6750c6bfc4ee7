"""A new order's own copy of its routing's operations.

The copy is the order's: a later version of the routing, or an edit of its draft, never
changes it. The routing is named on the order (`routing_id`) to say where it came from.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.ids import uuid7
from shopfloor.routing.schemas import RoutingSnapshot
from shopfloor.work_order.constants import OperationStatus
from shopfloor.work_order.models import WorkOrder, WorkOrderOperation
from shopfloor.work_order.repository.operations import OperationRepository


async def copy_operations(
    db_session: AsyncSession, *, order: WorkOrder, snapshot: RoutingSnapshot
) -> list[WorkOrderOperation]:
    """The routing's operations as the new order's own; the first seq is ready at once."""
    first = min(operation.seq for operation in snapshot.operations)
    operations = [
        WorkOrderOperation(
            id=uuid7(),
            organization_id=order.organization_id,
            work_order_id=order.id,
            seq=operation.seq,
            name=operation.name,
            work_center_id=operation.work_center_id,
            setup_min=operation.setup_min,
            run_s_per_unit=operation.run_s_per_unit,
            instructions=operation.instructions,
            status=(OperationStatus.READY if operation.seq == first else OperationStatus.PENDING),
            good_qty=0,
            scrap_qty=0,
        )
        for operation in snapshot.operations
    ]
    rows = OperationRepository(db_session, organization_id=order.organization_id)
    await rows.add_all(operations)
    return operations
