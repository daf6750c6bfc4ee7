"""Statements over dispatches, scoped to one organisation."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, case, func, select
from sqlalchemy.orm import aliased

from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.repository import LOCKED, ScopedRepository
from shopfloor.work_order.constants import DispatchStatus, OperationStatus
from shopfloor.work_order.models import Dispatch, WorkOrder, WorkOrderOperation

_SKIPPED = OperationStatus.SKIPPED.value


def available_column() -> ColumnElement[int | None]:
    """`flow.available` in SQL for the queue's operation: the order quantity for the first
    seq, else the smallest good quantity of the live operations of the highest lower seq."""
    lower = aliased(WorkOrderOperation)
    feeding = aliased(WorkOrderOperation)
    top = (
        select(func.max(lower.seq))
        .where(
            lower.work_order_id == WorkOrderOperation.work_order_id,
            lower.seq < WorkOrderOperation.seq,
            lower.status != _SKIPPED,
        )
        # The queue's operation is two levels up: say so, or it would be joined in here.
        .correlate(WorkOrderOperation)
        .scalar_subquery()
    )
    fed = (
        select(func.min(feeding.good_qty))
        .where(
            feeding.work_order_id == WorkOrderOperation.work_order_id,
            feeding.status != _SKIPPED,
            feeding.seq == top,
        )
        .scalar_subquery()
    )
    return case(
        (WorkOrderOperation.id.is_(None), None), else_=func.coalesce(fed, WorkOrder.quantity)
    )


# What a dispatch holds of its order's quantity: status, planned, good, scrap, sequence and
# its operation.
PlanRow = Row[str, int, int, int, int, uuid.UUID | None]
# A dispatch in a station's queue with what the screen shows of its order, then of its
# operation (NULLs without one): seq, name, status, good, scrap and the pieces available.
QueueRow = Row[
    Dispatch,
    str,
    str,
    str,
    int,
    date | None,
    int | None,
    str | None,
    str | None,
    int | None,
    int | None,
    int | None,
]


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

    async def plan_rows(
        self, work_order_id: uuid.UUID, *, excluding: uuid.UUID | None = None
    ) -> Sequence[PlanRow]:
        """The quantities and sequence of the order's dispatches (but `excluding`)."""
        statement = self.select_columns(
            Dispatch.__table__.c.status,
            Dispatch.__table__.c.planned_qty,
            Dispatch.__table__.c.good_qty,
            Dispatch.__table__.c.scrap_qty,
            Dispatch.__table__.c.sequence,
            Dispatch.__table__.c.operation_id,
        ).where(Dispatch.work_order_id == work_order_id)
        if excluding is not None:
            statement = statement.where(Dispatch.id != excluding)
        rows: Sequence[PlanRow] = (await self.db_session.execute(statement)).all()
        return rows

    async def get_with_order_status(self, dispatch_id: uuid.UUID) -> tuple[Dispatch, str] | None:
        """The dispatch and its order's status; none when the order is deleted."""
        statement = (
            select(Dispatch, WorkOrder.status)
            .join(WorkOrder, WorkOrder.id == Dispatch.work_order_id)
            .where(*self.conditions(), Dispatch.id == dispatch_id, WorkOrder.deleted_at.is_(None))
        )
        row = (await self.db_session.execute(statement)).one_or_none()
        return None if row is None else (row[0], row[1])

    async def page_of_order(self, work_order_id: uuid.UUID, params: PageParams) -> Page[Dispatch]:
        """The order's dispatches by sequence, cancelled and done ones included."""
        statement = (
            self.base_statement()
            .where(Dispatch.work_order_id == work_order_id)
            .order_by(Dispatch.sequence, Dispatch.id)
        )
        return await self.paginate(statement, params)

    def _queue_conditions(
        self, work_center_id: uuid.UUID, statuses: Collection[DispatchStatus]
    ) -> list[ColumnElement[bool]]:
        return [
            *self.conditions(),
            Dispatch.work_center_id == work_center_id,
            Dispatch.status.in_([status.value for status in statuses]),
            WorkOrder.deleted_at.is_(None),
        ]

    def station_queue_statement(
        self, work_center_id: uuid.UUID, statuses: Collection[DispatchStatus]
    ) -> Select[*tuple[Any, ...]]:
        """A work center's queue: most urgent order first, then step sequence, then due date.

        Within one priority the earlier steps come first, so the station works down the
        routing of every order at that priority before a later step of any one of them.
        """
        return (
            select(
                Dispatch,
                WorkOrder.order_number,
                WorkOrder.product_model,
                WorkOrder.status,
                WorkOrder.priority,
                WorkOrder.due_date,
                WorkOrderOperation.seq,
                WorkOrderOperation.name,
                WorkOrderOperation.status,
                WorkOrderOperation.good_qty,
                WorkOrderOperation.scrap_qty,
                available_column(),
            )
            .join(WorkOrder, WorkOrder.id == Dispatch.work_order_id)
            .outerjoin(WorkOrderOperation, WorkOrderOperation.id == Dispatch.operation_id)
            .where(*self._queue_conditions(work_center_id, statuses))
            .order_by(
                WorkOrder.priority.desc(), Dispatch.sequence, WorkOrder.due_date.asc(), Dispatch.id
            )
        )

    async def station_queue(
        self, work_center_id: uuid.UUID, statuses: Collection[DispatchStatus], params: PageParams
    ) -> Page[QueueRow]:
        count = (
            select(func.count())
            .select_from(Dispatch)
            .join(WorkOrder, WorkOrder.id == Dispatch.work_order_id)
            .where(*self._queue_conditions(work_center_id, statuses))
        )
        total = int((await self.db_session.execute(count)).scalar_one())
        rows: Sequence[QueueRow] = []
        if total > params.offset:
            statement = (
                self.station_queue_statement(work_center_id, statuses)
                .offset(params.offset)
                .limit(params.page_size)
            )
            rows = (await self.db_session.execute(statement)).all()
        return Page(items=rows, total=total, page=params.page, page_size=params.page_size)
