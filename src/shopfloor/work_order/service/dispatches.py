"""Dispatches: plan a share of an order at a work center, edit it, move it through its steps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.concurrency import check_version
from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.security import Principal
from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import (
    ALLOWED_ACTIONS,
    LOCKED_FIELD,
    OPERATION_NOT_FOUND,
    OPERATION_REQUIRED,
    SEQUENCE_MAX,
    AuditAction,
    DispatchAction,
    DispatchStatus,
    OperationStatus,
    WorkOrderAction,
    WorkOrderStatus,
    dispatch_status_changed,
    status_changed,
)
from shopfloor.work_order.exceptions import (
    DispatchFieldLockedError,
    DispatchInvalidTransitionError,
    DispatchNotFoundError,
    DispatchReadOnlyError,
    InvalidReferenceError,
    OperationRequiredError,
    OperationSkippedError,
    PlannedQtyBelowReportedError,
    PlannedQtyExceedsOpenError,
    WorkOrderNotRunningError,
    WorkOrderReadOnlyError,
)
from shopfloor.work_order.models import Dispatch, WorkOrder
from shopfloor.work_order.repository.dispatches import DispatchRepository
from shopfloor.work_order.repository.orders import WorkOrderRepository
from shopfloor.work_order.schemas import DispatchCreate, DispatchRead, DispatchUpdate
from shopfloor.work_order.service import (
    clock,
    quantity_flow,
    references,
    trail,
    transitions,
    views,
)
from shopfloor.work_order.service.orders import lock_work_order
from shopfloor.work_order.service.planning import Plan, plan_of


async def lock_dispatch(
    db_session: AsyncSession, *, organization_id: uuid.UUID, dispatch_id: uuid.UUID
) -> tuple[WorkOrder, Dispatch]:
    """Lock the dispatch's order, then the dispatch (404 when either is not visible)."""
    order = await WorkOrderRepository(db_session, organization_id=organization_id).lock_of_dispatch(
        dispatch_id
    )
    if order is None:
        raise DispatchNotFoundError(params={"id": str(dispatch_id)})
    dispatches = DispatchRepository(db_session, organization_id=organization_id)
    dispatch = await dispatches.lock_by_id(dispatch_id)
    if dispatch is None:  # not expected: the order's lock keeps its dispatches in place
        raise DispatchNotFoundError(params={"id": str(dispatch_id)})
    return order, dispatch


def next_sequence(last_sequence: int) -> int:
    """One after the order's highest step, but never past the bound a client may send."""
    return min(last_sequence + 1, SEQUENCE_MAX)


async def create_dispatch(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    data: DispatchCreate,
    actor: Principal,
    context: RequestContext | None = None,
) -> DispatchRead:
    order = await lock_work_order(
        db_session, organization_id=organization_id, work_order_id=work_order_id
    )
    if WorkOrderStatus(order.status) not in lifecycle.DISPATCHABLE_STATUSES:
        raise WorkOrderReadOnlyError(params={"status": order.status})
    plan = await plan_of(db_session, order=order)
    target = await _target(db_session, order=order, data=data, plan=plan)
    await references.ensure_work_center(
        db_session, organization_id=organization_id, work_center_id=target.work_center_id
    )
    if data.operator_id is not None:
        await references.ensure_operator(
            db_session, organization_id=organization_id, user_id=data.operator_id
        )
    _check_open(target.planned_qty, target.open_qty)
    dispatch = Dispatch(
        id=uuid7(),
        organization_id=organization_id,
        work_order_id=order.id,
        operation_id=target.operation_id,
        work_center_id=target.work_center_id,
        operator_id=data.operator_id,
        sequence=target.sequence,
        operation=target.label,
        planned_qty=target.planned_qty,
        good_qty=0,
        scrap_qty=0,
        status=DispatchStatus.QUEUED.value,
        note=data.note,
        created_by=actor.user_id,
        updated_by=actor.user_id,
    )
    db_session.add(dispatch)
    changes = trail.about_dispatch(dispatch.id, new=True) | trail.diff(
        dict.fromkeys(trail.DISPATCH_FIELDS), trail.dispatch_state(dispatch)
    )
    await trail.record(
        db_session,
        order=order,
        action=AuditAction.DISPATCH_CREATED,
        actor=actor,
        changes=changes,
        context=context,
    )
    return views.dispatch_read(dispatch, order.status, actor.permissions)


async def update_dispatch(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    dispatch_id: uuid.UUID,
    data: DispatchUpdate,
    expected_version: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> DispatchRead:
    order, dispatch = await lock_dispatch(
        db_session, organization_id=organization_id, dispatch_id=dispatch_id
    )
    status = DispatchStatus(dispatch.status)
    if status in lifecycle.CLOSED_DISPATCH_STATUSES:
        raise DispatchReadOnlyError(params={"status": status.value})
    check_version(current=dispatch.version, expected=expected_version)
    before = trail.dispatch_state(dispatch)
    values = data.model_dump(exclude_unset=True)
    changes = trail.diff(before, {**before, **values})
    if not changes:
        return views.dispatch_read(dispatch, order.status, actor.permissions)
    changed = {name: values[name] for name in changes}
    if status is not DispatchStatus.QUEUED:
        locked = sorted(set(changed) - lifecycle.DISPATCH_EDITABLE_AFTER_START)
        if locked:
            raise DispatchFieldLockedError(
                params={"fields": ", ".join(locked)},
                details=[{"loc": ["body", name], "code": LOCKED_FIELD} for name in locked],
            )
    if "work_center_id" in changed:
        await references.ensure_work_center(
            db_session, organization_id=organization_id, work_center_id=changed["work_center_id"]
        )
    if changed.get("operator_id") is not None:
        await references.ensure_operator(
            db_session, organization_id=organization_id, user_id=changed["operator_id"]
        )
    if "planned_qty" in changed:
        planned = changed["planned_qty"]
        reported = dispatch.good_qty + dispatch.scrap_qty
        if planned < reported:
            raise PlannedQtyBelowReportedError(params={"reported": reported})
        plan = await plan_of(db_session, order=order, excluding=dispatch.id)
        held = (
            plan.held_qty if dispatch.operation_id is None else plan.held_of(dispatch.operation_id)
        )
        _check_open(planned, max(order.quantity - held, 0))
    for name, value in changed.items():
        setattr(dispatch, name, value)
    dispatch.updated_by = actor.user_id
    await trail.record(
        db_session,
        order=order,
        action=AuditAction.DISPATCH_UPDATED,
        actor=actor,
        changes=trail.about_dispatch(dispatch.id) | changes,
        context=context,
    )
    return views.dispatch_read(dispatch, order.status, actor.permissions)


async def apply_dispatch_action(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    dispatch_id: uuid.UUID,
    action: DispatchAction,
    expected_version: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> DispatchRead:
    order, dispatch = await lock_dispatch(
        db_session, organization_id=organization_id, dispatch_id=dispatch_id
    )
    transition = lifecycle.dispatch_transition(action)
    status = DispatchStatus(dispatch.status)
    order_status = WorkOrderStatus(order.status)
    if status not in transition.sources:
        allowed = views.dispatch_actions(status, order.status, actor.permissions)
        raise DispatchInvalidTransitionError(
            params={"status": status.value, "action": action.value},
            details=[
                {
                    "code": ALLOWED_ACTIONS,
                    "current_status": status.value,
                    "action": action.value,
                    "allowed_actions": [a.value for a in allowed],
                }
            ],
        )
    if order_status not in transition.order_statuses:
        raise WorkOrderNotRunningError(params={"status": order_status.value})
    check_version(current=dispatch.version, expected=expected_version)
    state = None
    if dispatch.operation_id is not None:
        state = await quantity_flow.load_flow(db_session, order=order)
    if transition.target is DispatchStatus.IN_PROGRESS:
        # A station blocked or switched off since the dispatch was planned takes no work.
        await references.ensure_work_center(
            db_session,
            organization_id=organization_id,
            work_center_id=dispatch.work_center_id,
            field=None,
        )
        if state is not None and dispatch.operation_id is not None:
            quantity_flow.check_start(state, dispatch.operation_id)
    now = clock.now()
    if order_status is WorkOrderStatus.PENDING:
        await _start_order(
            db_session, order=order, actor=actor, context=context, dispatch_id=dispatch.id, at=now
        )
    before = trail.dispatch_state(dispatch)
    dispatch.status = transition.target.value
    if transition.target is DispatchStatus.IN_PROGRESS and dispatch.started_at is None:
        dispatch.started_at = now
    if transition.target in lifecycle.CLOSED_DISPATCH_STATUSES:
        dispatch.finished_at = now
    dispatch.updated_by = actor.user_id
    flowed: dict[str, list[Any]] = {}
    if state is not None:
        # The operation runs while one of its dispatches does.
        await quantity_flow.refresh_running(db_session, state)
        flowed = quantity_flow.settle(state)
    await trail.record(
        db_session,
        order=order,
        action=dispatch_status_changed(action.value),
        actor=actor,
        changes=trail.about_dispatch(dispatch.id)
        | trail.diff(before, trail.dispatch_state(dispatch))
        | flowed,
        context=context,
    )
    return views.dispatch_read(dispatch, order.status, actor.permissions)


async def _start_order(
    db_session: AsyncSession,
    *,
    order: WorkOrder,
    actor: Principal,
    context: RequestContext | None,
    dispatch_id: uuid.UUID,
    at: datetime,
) -> None:
    """The first dispatch to start starts its pending order (audited like a manual start)."""
    transition = lifecycle.work_order_transition(WorkOrderStatus.PENDING, WorkOrderAction.START)
    assert transition is not None  # the table always has it
    before = transitions.status_state(order)
    transitions.apply(order, transition, reason=None, at=at)
    order.updated_by = actor.user_id
    await trail.record(
        db_session,
        order=order,
        action=status_changed(WorkOrderAction.START.value),
        actor=actor,
        changes=trail.about_dispatch(dispatch_id)
        | trail.diff(before, transitions.status_state(order)),
        context=context,
    )


@dataclass(frozen=True, slots=True)
class _Target:
    """What a new dispatch works on, with the defaults its operation gives."""

    operation_id: uuid.UUID | None
    work_center_id: uuid.UUID
    sequence: int
    label: str | None
    planned_qty: int
    open_qty: int


async def _target(
    db_session: AsyncSession, *, order: WorkOrder, data: DispatchCreate, plan: Plan
) -> _Target:
    """The new dispatch's operation and fields: an order with operations needs one."""
    state = await quantity_flow.load_flow(db_session, order=order)
    if state is None:
        if data.operation_id is not None:
            raise _unknown_operation(data.operation_id)
        # The schema requires both without an operation.
        assert data.work_center_id is not None
        assert data.planned_qty is not None
        return _Target(
            operation_id=None,
            work_center_id=data.work_center_id,
            sequence=data.sequence
            if data.sequence is not None
            else next_sequence(plan.last_sequence),
            label=data.operation,
            planned_qty=data.planned_qty,
            open_qty=max(order.quantity - plan.held_qty, 0),
        )
    if data.operation_id is None:
        raise OperationRequiredError(
            details=[{"loc": ["body", "operation_id"], "code": OPERATION_REQUIRED}]
        )
    try:
        operation = state.operation(data.operation_id)
    except LookupError:
        raise _unknown_operation(data.operation_id) from None
    if operation.status == OperationStatus.SKIPPED:
        raise OperationSkippedError(params={"id": str(operation.id)})
    open_qty = max(order.quantity - plan.held_of(operation.id), 0)
    return _Target(
        operation_id=operation.id,
        work_center_id=data.work_center_id or operation.work_center_id,
        sequence=data.sequence if data.sequence is not None else min(operation.seq, SEQUENCE_MAX),
        label=data.operation if data.operation is not None else operation.name,
        planned_qty=data.planned_qty if data.planned_qty is not None else open_qty,
        open_qty=open_qty,
    )


def _unknown_operation(operation_id: uuid.UUID) -> InvalidReferenceError:
    return InvalidReferenceError(
        details=[
            {
                "loc": ["body", "operation_id"],
                "code": OPERATION_NOT_FOUND,
                "value": str(operation_id),
            }
        ]
    )


def _check_open(planned_qty: int, open_qty: int) -> None:
    if planned_qty > open_qty or planned_qty < 1:
        raise PlannedQtyExceedsOpenError(
            params={"planned_qty": planned_qty, "open_qty": open_qty},
            details=[
                {
                    "loc": ["body", "planned_qty"],
                    "code": PlannedQtyExceedsOpenError.code,
                    "planned_qty": planned_qty,
                    "open_qty": open_qty,
                }
            ],
        )
