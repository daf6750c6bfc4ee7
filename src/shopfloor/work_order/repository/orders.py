"""Statements over work orders, scoped to one organisation (live orders only)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shopfloor.core.repository import LOCKED, ScopedRepository
from shopfloor.work_order.models import Dispatch, WorkOrder


class WorkOrderRepository(ScopedRepository[WorkOrder]):
    """Locks are always taken in the same order: the work order first, then its dispatches.

    Every change to a dispatch (edit, action, report) holds its order's lock, so while a
    transaction holds an order's lock the order's dispatches cannot change under it either.
    """

    model = WorkOrder

    async def lock_by_id(self, work_order_id: uuid.UUID) -> WorkOrder | None:
        return await self.get_by_id(work_order_id, for_update=True)

    async def lock_of_dispatch(self, dispatch_id: uuid.UUID) -> WorkOrder | None:
        """Lock the order a dispatch of this organisation belongs to."""
        order_id = (
            select(Dispatch.work_order_id)
            .where(Dispatch.id == dispatch_id, Dispatch.organization_id == self.organization_id)
            .scalar_subquery()
        )
        statement = (
            self.base_statement().where(WorkOrder.id == order_id).with_for_update(key_share=True)
        )
        result = await self.db_session.execute(statement, execution_options=LOCKED)
        return result.scalar_one_or_none()
