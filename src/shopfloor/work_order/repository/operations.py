"""Statements over an order's operations, scoped to one organisation.

Operations change only while their order is locked (see `WorkOrderRepository`), so a
transaction holding the order's lock reads them as they stand and needs no lock of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ScalarSelect, Table, func, select
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by

from shopfloor.core.repository import LOCKED, ScopedRepository
from shopfloor.work_order.constants import DispatchStatus
from shopfloor.work_order.models import Dispatch, WorkOrder, WorkOrderOperation

OPERATIONS = cast(Table, WorkOrderOperation.__table__)


def operations_column() -> ScalarSelect[Any]:
    """The order's operations as one JSON array (by seq), for the by-id read: joined like
    the dispatches, the two would multiply each other's rows."""
    rows = func.jsonb_agg(
        aggregate_order_by(
            func.to_jsonb(OPERATIONS.table_valued()), OPERATIONS.c.seq, OPERATIONS.c.id
        )
    )
    return (
        select(func.coalesce(rows, func.jsonb_build_array(), type_=JSONB))
        .where(OPERATIONS.c.work_order_id == WorkOrder.id)
        .scalar_subquery()
    )


class OperationRepository(ScopedRepository[WorkOrderOperation]):
    model = WorkOrderOperation

    async def of_order(self, work_order_id: uuid.UUID) -> Sequence[WorkOrderOperation]:
        """The order's operations by seq, as committed (call it holding the order's lock)."""
        statement = (
            self.base_statement()
            .where(WorkOrderOperation.work_order_id == work_order_id)
            .order_by(WorkOrderOperation.seq, WorkOrderOperation.id)
        )
        result = await self.db_session.execute(statement, execution_options=LOCKED)
        return result.scalars().all()

    async def order_has_any(self, work_order_id: uuid.UUID) -> bool:
        return await self.exists(
            self.base_statement().where(WorkOrderOperation.work_order_id == work_order_id)
        )

    async def add_all(self, operations: Iterable[WorkOrderOperation]) -> None:
        self.db_session.add_all(operations)
        await self.db_session.flush()

    async def running(self, work_order_id: uuid.UUID) -> set[uuid.UUID]:
        """The order's operations that have a dispatch in progress."""
        statement = select(Dispatch.operation_id).where(
            Dispatch.organization_id == self.organization_id,
            Dispatch.work_order_id == work_order_id,
            Dispatch.operation_id.is_not(None),
            Dispatch.status == DispatchStatus.IN_PROGRESS.value,
        )
        rows = (await self.db_session.execute(statement)).scalars().all()
        return {operation_id for operation_id in rows if operation_id is not None}

    async def open_dispatches(self, operation_id: uuid.UUID) -> Sequence[Dispatch]:
        """The operation's dispatches that are not done or cancelled, locked in id order."""
        statement = (
            select(Dispatch)
            .where(
                Dispatch.organization_id == self.organization_id,
                Dispatch.operation_id == operation_id,
                Dispatch.status.in_(
                    [
                        DispatchStatus.QUEUED.value,
                        DispatchStatus.IN_PROGRESS.value,
                        DispatchStatus.PAUSED.value,
                    ]
                ),
            )
            .order_by(Dispatch.id)
            .with_for_update(key_share=True)
        )
        result = await self.db_session.execute(statement, execution_options=LOCKED)
        return result.scalars().all()
