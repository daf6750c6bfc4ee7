"""Operations of an order: copied from its routing, listed, reassigned and skipped.

An order made for an item copies the operations of a released routing (`snapshot.py`); a
later version of that routing never changes them. A supervisor or planner may move an
operation to another work center while nothing is reported on it, or skip it: its pieces
then go straight on to the next operations.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.concurrency import check_version
from shopfloor.core.context import RequestContext
from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.security import Principal
from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import (
    AuditAction,
    DispatchStatus,
    OperationStatus,
    WorkOrderStatus,
)
from shopfloor.work_order.exceptions import (
    OperationHasReportsError,
    OperationNotFoundError,
    OperationNotSkippableError,
    WorkOrderNotFoundError,
    WorkOrderReadOnlyError,
)
from shopfloor.work_order.models import WorkOrderOperation
from shopfloor.work_order.repository.dispatches import DispatchRepository
from shopfloor.work_order.repository.operations import OperationRepository
from shopfloor.work_order.repository.orders import WorkOrderRepository
from shopfloor.work_order.schemas import OperationRead, OperationSkipRequest, OperationUpdate
from shopfloor.work_order.service import clock, quantity_flow, references, trail, views
from shopfloor.work_order.service.orders import lock_work_order
from shopfloor.work_order.service.quantity_flow import OrderFlow

SKIPPABLE = frozenset({OperationStatus.PENDING, OperationStatus.READY})


async def list_operations(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    params: PageParams,
) -> Page[OperationRead]:
    """A page of the order's operations by seq, each with what it may work on and still
    dispatch. They are read whole, in the by-id read's one statement: what an operation
    may work on depends on the ones before it, and an order has at most a hundred."""
    orders = WorkOrderRepository(db_session, organization_id=organization_id)
    found = await orders.get_with_dispatches(work_order_id)
    if found is None:
        raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
    reads = views.operation_reads(found.operations, found.order["quantity"], found.dispatches)
    return Page(
        items=reads[params.offset : params.offset + params.page_size],
        total=len(reads),
        page=params.page,
        page_size=params.page_size,
    )


async def _lock_operation(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    operation_id: uuid.UUID,
) -> tuple[OrderFlow, WorkOrderOperation]:
    order = await lock_work_order(
        db_session, organization_id=organization_id, work_order_id=work_order_id
    )
    state = await quantity_flow.load_flow(db_session, order=order)
    if state is None:
        raise OperationNotFoundError(params={"id": str(operation_id)})
    try:
        operation = state.operation(operation_id)
    except LookupError:
        raise OperationNotFoundError(params={"id": str(operation_id)}) from None
    if WorkOrderStatus(order.status) in lifecycle.READ_ONLY_STATUSES:
        raise WorkOrderReadOnlyError(params={"status": order.status})
    # Both changes are only for an operation nothing was reported on.
    if operation.good_qty + operation.scrap_qty > 0:
        raise OperationHasReportsError()
    return state, operation


async def _answer(
    db_session: AsyncSession, state: OrderFlow, operation: WorkOrderOperation
) -> OperationRead:
    dispatches = DispatchRepository(db_session, organization_id=state.order.organization_id)
    # What the operation's dispatches hold: read, not locked (the order's lock suffices).
    reads = views.operation_reads(
        state.operations, state.order.quantity, await dispatches.plan_rows(state.order.id)
    )
    return next(read for read in reads if read.id == operation.id)


def _about(operation: WorkOrderOperation) -> dict[str, list[Any]]:
    return {"operation_id": [str(operation.id), str(operation.id)]}


async def update_operation(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    operation_id: uuid.UUID,
    data: OperationUpdate,
    expected_version: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> OperationRead:
    """Move the operation to another work center while nothing is reported on it. Its
    dispatches keep theirs; new ones default to the new one."""
    state, operation = await _lock_operation(
        db_session,
        organization_id=organization_id,
        work_order_id=work_order_id,
        operation_id=operation_id,
    )
    check_version(current=operation.version, expected=expected_version)
    if data.work_center_id is not None and data.work_center_id != operation.work_center_id:
        await references.ensure_work_center(
            db_session, organization_id=organization_id, work_center_id=data.work_center_id
        )
        changes = {"work_center_id": [str(operation.work_center_id), str(data.work_center_id)]}
        operation.work_center_id = data.work_center_id
        await trail.record(
            db_session,
            order=state.order,
            action=AuditAction.OPERATION_UPDATED,
            actor=actor,
            changes=_about(operation) | changes,
            context=context,
        )
    return await _answer(db_session, state, operation)


async def skip_operation(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    operation_id: uuid.UUID,
    data: OperationSkipRequest,
    expected_version: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> OperationRead:
    """Skip an operation nothing was reported on; its queued or paused dispatches are
    cancelled, and the next operations work on what reached it."""
    state, operation = await _lock_operation(
        db_session,
        organization_id=organization_id,
        work_order_id=work_order_id,
        operation_id=operation_id,
    )
    if OperationStatus(operation.status) not in SKIPPABLE:
        raise OperationNotSkippableError(params={"status": operation.status})
    check_version(current=operation.version, expected=expected_version)
    now = clock.now()
    cancelled = await _cancel_open_dispatches(
        db_session, organization_id=organization_id, operation=operation, actor=actor, now=now
    )
    operation.status = OperationStatus.SKIPPED.value
    operation.skip_reason = data.reason
    changes: dict[str, list[Any]] = {"skip_reason": [None, data.reason]}
    if cancelled:
        changes["dispatch_statuses"] = [cancelled, dict.fromkeys(cancelled, "cancelled")]
    changes |= quantity_flow.settle(state)
    await trail.record(
        db_session,
        order=state.order,
        action=AuditAction.OPERATION_SKIPPED,
        actor=actor,
        changes=_about(operation) | changes,
        context=context,
        reason=data.reason,
    )
    return await _answer(db_session, state, operation)


async def _cancel_open_dispatches(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    operation: WorkOrderOperation,
    actor: Principal,
    now: datetime,
) -> dict[str, str]:
    """Cancel the operation's queued and paused dispatches (none runs: it is skippable)."""
    rows = OperationRepository(db_session, organization_id=organization_id)
    cancelled: dict[str, str] = {}
    for dispatch in await rows.open_dispatches(operation.id):
        cancelled[str(dispatch.id)] = dispatch.status
        dispatch.status = DispatchStatus.CANCELLED.value
        dispatch.finished_at = now
        dispatch.updated_by = actor.user_id
    return cancelled
