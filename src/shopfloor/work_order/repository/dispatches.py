"""Statements over dispatches, scoped to one organisation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from shopfloor.core.repository import LOCKED, ScopedRepository
from shopfloor.work_order.models import Dispatch, WorkOrder


class DispatchRepository(ScopedRepository[Dispatch]):
    """Lock a dispatch only while holding its order's lock (see `WorkOrderRepository`)."""

    model = Dispatch

    async def lock_by_id(self, dispatch_id: uuid.UUID) -> Dispatch | None:
        return await self.get_by_id(dispatch_id, for_update=True)

    async def lock_of_order(self, order: WorkOrder) -> Sequence[Dispatch]:
        """All dispatches of a locked order, locked in id order."""
        statement = (
            self.base_statement()
            .where(Dispatch.work_order_id == order.id)
            .order_by(Dispatch.id)
            .with_for_update(key_share=True)
        )
        result = await self.db_session.execute(statement, execution_options=LOCKED)
        return result.scalars().all()
