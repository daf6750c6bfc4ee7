"""Row locks, always taken in the same order: the work order first, then its dispatches.

Every change to a dispatch (edit, action, report) holds its order's lock, so while a
transaction holds an order's lock the order's dispatches cannot change under it either.
`populate_existing` makes a locked row reflect the committed state, not a cached copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.exceptions import DispatchNotFoundError, WorkOrderNotFoundError
from shopfloor.work_order.models import Dispatch, WorkOrder

_LOCKED = {"populate_existing": True}

# Built once with bound parameters: every write request takes one of these locks, and building
# and hashing a statement costs about as much as running it.
_LOCK_ORDER = (
    select(WorkOrder)
    .where(
        WorkOrder.id == bindparam("work_order_id"),
        WorkOrder.organization_id == bindparam("organization_id"),
        WorkOrder.deleted_at.is_(None),
    )
    .with_for_update()
)
_ORDER_OF_DISPATCH = (
    select(Dispatch.work_order_id)
    .where(
        Dispatch.id == bindparam("dispatch_id"),
        Dispatch.organization_id == bindparam("organization_id"),
    )
    .scalar_subquery()
)
_LOCK_ORDER_OF_DISPATCH = (
    select(WorkOrder)
    .where(
        WorkOrder.id == _ORDER_OF_DISPATCH,
        WorkOrder.organization_id == bindparam("organization_id"),
        WorkOrder.deleted_at.is_(None),
    )
    .with_for_update()
)
_LOCK_DISPATCH = (
    select(Dispatch)
    .where(
        Dispatch.id == bindparam("dispatch_id"),
        Dispatch.organization_id == bindparam("organization_id"),
    )
    .with_for_update()
)


async def lock_work_order(
    db_session: AsyncSession, *, organization_id: uuid.UUID, work_order_id: uuid.UUID
) -> WorkOrder:
    values = {"work_order_id": work_order_id, "organization_id": organization_id}
    result = await db_session.execute(_LOCK_ORDER, values, execution_options=_LOCKED)
    order = result.scalar_one_or_none()
    if order is None:
        raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
    return order


async def lock_dispatch(
    db_session: AsyncSession, *, organization_id: uuid.UUID, dispatch_id: uuid.UUID
) -> tuple[WorkOrder, Dispatch]:
    """Lock the dispatch's order, then the dispatch (404 when either is not visible)."""
    values = {"dispatch_id": dispatch_id, "organization_id": organization_id}
    orders = await db_session.execute(_LOCK_ORDER_OF_DISPATCH, values, execution_options=_LOCKED)
    order = orders.scalar_one_or_none()
    if order is None:
        raise DispatchNotFoundError(params={"id": str(dispatch_id)})
    dispatches = await db_session.execute(_LOCK_DISPATCH, values, execution_options=_LOCKED)
    return order, dispatches.scalar_one()


async def lock_dispatches_of(db_session: AsyncSession, *, order: WorkOrder) -> Sequence[Dispatch]:
    """All dispatches of a locked order, locked in id order."""
    statement = (
        select(Dispatch)
        .where(
            Dispatch.work_order_id == order.id, Dispatch.organization_id == order.organization_id
        )
        .order_by(Dispatch.id)
        .with_for_update()
    )
    result = await db_session.execute(statement, execution_options=_LOCKED)
    return result.scalars().all()
