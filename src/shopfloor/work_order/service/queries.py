"""Reads: the order list and detail, dispatch lists, a station's queue, reports, history."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.audit.schemas import AuditHistoryEntry
from shopfloor.core.pagination import Page, PageParams
from shopfloor.user import service as user_service
from shopfloor.work_center import service as work_center_service
from shopfloor.work_order.constants import RESOURCE_TYPE, DispatchStatus
from shopfloor.work_order.exceptions import DispatchNotFoundError, WorkOrderNotFoundError
from shopfloor.work_order.read_cache import OrderCache
from shopfloor.work_order.repository.dispatches import DispatchRepository
from shopfloor.work_order.repository.orders import WorkOrderRepository
from shopfloor.work_order.schemas import (
    DispatchRead,
    StationDispatchRead,
    WorkOrderDetail,
    WorkOrderFilters,
    WorkOrderRead,
)
from shopfloor.work_order.service import clock, views

# -- work orders ----------------------------------------------------------------------------


async def list_work_orders(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: WorkOrderFilters,
    params: PageParams,
    permissions: Collection[str],
) -> Page[WorkOrderRead]:
    """A page of the organisation's orders matching `filters`, and their total."""
    orders = WorkOrderRepository(db_session, organization_id=organization_id)
    page = await orders.list_page(filters, params, today=clock.today())
    return Page(
        items=[views.work_order_read(row, permissions) for row in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


async def get_work_order(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    permissions: Collection[str],
    cache: OrderCache | None = None,
) -> WorkOrderDetail:
    """The order with its dispatches, read in one statement however many it has.

    With `cache` (read requests only) the columns may come from memory, and columns read
    from the database are kept there (see read_cache.py).
    """
    kept = cache.get(work_order_id) if cache is not None else None
    if kept is None or kept.order["organization_id"] != organization_id:
        generation = cache.generation if cache is not None else 0
        orders = WorkOrderRepository(db_session, organization_id=organization_id)
        kept = await orders.get_with_dispatches(work_order_id)
        if kept is None:
            raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
        if cache is not None:
            cache.put(work_order_id, kept, generation)
    return views.work_order_detail(kept.order, kept.dispatches, permissions, kept.operations)


async def _order_status(
    db_session: AsyncSession, *, organization_id: uuid.UUID, work_order_id: uuid.UUID
) -> str:
    orders = WorkOrderRepository(db_session, organization_id=organization_id)
    status = await orders.status_of(work_order_id)
    if status is None:
        raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
    return status


async def work_order_history(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    params: PageParams,
) -> Page[AuditHistoryEntry]:
    """Every audited step of the order, its dispatches and reports, oldest first, each with
    the acting user's name (readers of the history may not be allowed to look users up)."""
    await _order_status(db_session, organization_id=organization_id, work_order_id=work_order_id)
    return await audit_service.resource_history(
        db_session=db_session,
        organization_id=organization_id,
        resource_type=RESOURCE_TYPE,
        resource_id=work_order_id,
        params=params,
        actor_names=user_service.account_names(
            db_session=db_session, organization_id=organization_id
        ),
    )


# -- dispatches -----------------------------------------------------------------------------


async def list_dispatches(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    params: PageParams,
    permissions: Collection[str],
) -> Page[DispatchRead]:
    order_status = await _order_status(
        db_session, organization_id=organization_id, work_order_id=work_order_id
    )
    dispatches = DispatchRepository(db_session, organization_id=organization_id)
    page = await dispatches.page_of_order(work_order_id, params)
    return Page(
        items=[views.dispatch_read(row, order_status, permissions) for row in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


async def get_dispatch(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    dispatch_id: uuid.UUID,
    permissions: Collection[str],
) -> DispatchRead:
    dispatches = DispatchRepository(db_session, organization_id=organization_id)
    found = await dispatches.get_with_order_status(dispatch_id)
    if found is None:
        raise DispatchNotFoundError(params={"id": str(dispatch_id)})
    dispatch, order_status = found
    return views.dispatch_read(dispatch, order_status, permissions)


async def station_dispatches(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_center_id: uuid.UUID,
    statuses: Collection[DispatchStatus],
    params: PageParams,
    permissions: Collection[str],
) -> Page[StationDispatchRead]:
    """A work center's queue, most urgent first (see `DispatchRepository.station_queue`)."""
    await work_center_service.get_work_center(
        db_session=db_session, organization_id=organization_id, work_center_id=work_center_id
    )
    dispatches = DispatchRepository(db_session, organization_id=organization_id)
    page = await dispatches.station_queue(work_center_id, statuses, params)
    items = [
        StationDispatchRead.model_validate(
            {
                **dict(views.dispatch_read(row[0], row[3], permissions)),
                "order_number": row[1],
                "product_model": row[2],
                "work_order_status": row[3],
                "work_order_priority": row[4],
                "work_order_due_date": row[5],
                "operation_seq": row[6],
                "operation_name": row[7],
                "available_qty": row[11],
                "startable": views.startable(
                    row[0].status,
                    row[3],
                    operation_status=row[8],
                    reported=(row[9] or 0) + (row[10] or 0),
                    available=row[11],
                ),
            }
        )
        for row in page.items
    ]
    return Page(items=items, total=page.total, page=page.page, page_size=page.page_size)
