"""Row locks, always taken in the same order: the work order first, then its dispatches.

Every change to a dispatch (edit, action, report) holds its order's lock, so while a
transaction holds an order's lock the order's dispatches cannot change under it either.
`populate_existing` makes a locked row reflect the committed state, not a cached copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.exceptions import DispatchNotFoundError, WorkOrderNotFoundError
from shopfloor.work_order.models import Dispatch, WorkOrder

_LOCKED = {"populate_existing": True}


async def lock_work_order(
    db_session: AsyncSession, *, organization_id: uuid.UUID, work_order_id: uuid.UUID
) -> WorkOrder:
    statement = (
        select(WorkOrder)
        .where(
            WorkOrder.id == work_order_id,
            WorkOrder.organization_id == organization_id,
            WorkOrder.deleted_at.is_(None),
        )
        .with_for_update()
    )
    order = (await db_session.execute(statement, execution_options=_LOCKED)).scalar_one_or_none()
    if order is None:
        raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
    return order


async def lock_dispatch(
    db_session: AsyncSession, *, organization_id: uuid.UUID, dispatch_id: uuid.UUID
) -> tuple[WorkOrder, Dispatch]:
    """Lock the dispatch's order, then the dispatch (404 when either is not visible)."""
    order_of_dispatch = (
        select(Dispatch.work_order_id)
        .where(Dispatch.id == dispatch_id, Dispatch.organization_id == organization_id)
        .scalar_subquery()
    )
    order_statement = (
        select(WorkOrder)
        .where(
            WorkOrder.id == order_of_dispatch,
            WorkOrder.organization_id == organization_id,
            WorkOrder.deleted_at.is_(None),
        )
        .with_for_update()
    )
    order = (
        await db_session.execute(order_statement, execution_options=_LOCKED)
    ).scalar_one_or_none()
    if order is None:
        raise DispatchNotFoundError(params={"id": str(dispatch_id)})
    dispatch_statement = (
        select(Dispatch)
        .where(Dispatch.id == dispatch_id, Dispatch.organization_id == organization_id)
        .with_for_update()
    )
    dispatch = (
        await db_session.execute(dispatch_statement, execution_options=_LOCKED)
    ).scalar_one()
    return order, dispatch


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
