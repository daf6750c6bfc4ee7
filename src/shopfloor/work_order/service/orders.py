"""Work orders: create, edit, delete and the lifecycle actions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.concurrency import check_version
from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.security import Principal
from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import (
    ACTIVE_DISPATCH,
    ALLOWED_ACTIONS,
    LOCKED_FIELD,
    REASON_REQUIRED,
    SHORT_CLOSE_REASON_REQUIRED,
    AuditAction,
    DispatchStatus,
    WorkOrderAction,
    WorkOrderStatus,
    status_changed,
)
from shopfloor.work_order.exceptions import (
    ActiveDispatchesError,
    InvalidTransitionError,
    ReasonRequiredError,
    ShortCloseReasonRequiredError,
    WorkOrderFieldLockedError,
    WorkOrderNotDeletableError,
    WorkOrderNotFoundError,
    WorkOrderReadOnlyError,
)
from shopfloor.work_order.models import Dispatch, WorkOrder
from shopfloor.work_order.repository.dispatches import DispatchRepository
from shopfloor.work_order.repository.orders import WorkOrderRepository
from shopfloor.work_order.schemas import WorkOrderCreate, WorkOrderRead, WorkOrderUpdate
from shopfloor.work_order.service import (
    clock,
    order_rules,
    quantity_flow,
    references,
    trail,
    transitions,
    views,
)
from shopfloor.work_order.service.snapshot import copy_operations


async def lock_work_order(
    db_session: AsyncSession, *, organization_id: uuid.UUID, work_order_id: uuid.UUID
) -> WorkOrder:
    """The live order, locked for this transaction (404 when it is not visible)."""
    orders = WorkOrderRepository(db_session, organization_id=organization_id)
    order = await orders.lock_by_id(work_order_id)
    if order is None:
        raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
    return order


async def lock_dispatches_of(db_session: AsyncSession, *, order: WorkOrder) -> Sequence[Dispatch]:
    """The dispatches of an order this transaction has locked, locked too."""
    dispatches = DispatchRepository(db_session, organization_id=order.organization_id)
    return await dispatches.lock_of_order(order)


async def create_work_order(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    data: WorkOrderCreate,
    actor: Principal,
    context: RequestContext | None = None,
    require_item: bool = False,
) -> WorkOrderRead:
    """A new pending order; `require_item` refuses one without item_id (422)."""
    values = data.model_dump()
    if data.customer_id is not None:
        await references.ensure_customer(
            db_session, organization_id=organization_id, customer_id=data.customer_id
        )
    snapshot = None
    if data.item_id is not None:
        item = await references.ensure_item(
            db_session, organization_id=organization_id, item_id=data.item_id
        )
        if values["product_model"] is None:
            values["product_model"] = item.name
        snapshot = await references.routing_snapshot(
            db_session,
            organization_id=organization_id,
            item_id=data.item_id,
            routing_id=data.routing_id,
        )
    elif require_item:
        raise order_rules.item_required()
    values["routing_id"] = snapshot.routing_id if snapshot is not None else None
    # A friendly early answer; the unique index still decides between concurrent creates.
    await order_rules.ensure_number_free(
        db_session, organization_id=organization_id, number=data.order_number
    )
    order = WorkOrder(
        id=uuid7(),
        organization_id=organization_id,
        status=WorkOrderStatus.PENDING.value,
        produced_qty=0,
        scrap_qty=0,
        created_by=actor.user_id,
        updated_by=actor.user_id,
        **values,
    )
    db_session.add(order)
    changes = trail.diff(dict.fromkeys(trail.ORDER_FIELDS), trail.order_state(order))
    if snapshot is not None and snapshot.operations:
        await db_session.flush()  # the operations reference the order
        copied = await copy_operations(db_session, order=order, snapshot=snapshot)
        changes["operations"] = [None, [f"{row.seq} {row.name}" for row in copied]]
    await trail.record(
        db_session,
        order=order,
        action=AuditAction.CREATED,
        actor=actor,
        changes=changes,
        context=context,
    )
    return views.work_order_read(order, actor.permissions)


async def update_work_order(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    data: WorkOrderUpdate,
    expected_version: int,
    actor: Principal,
    context: RequestContext | None = None,
    require_item: bool = False,
) -> WorkOrderRead:
    """Change the fields sent; `require_item` refuses clearing item_id (422)."""
    order = await lock_work_order(
        db_session, organization_id=organization_id, work_order_id=work_order_id
    )
    status = WorkOrderStatus(order.status)
    if status in lifecycle.READ_ONLY_STATUSES:
        raise WorkOrderReadOnlyError(params={"status": status.value})
    check_version(current=order.version, expected=expected_version)
    before = trail.order_state(order)
    values = data.model_dump(exclude_unset=True)
    changes = trail.diff(before, {**before, **values})
    if not changes:
        return views.work_order_read(order, actor.permissions)
    changed = {name: values[name] for name in changes}
    if status is not WorkOrderStatus.PENDING:
        locked = sorted(set(changed) - lifecycle.EDITABLE_AFTER_START)
        if locked:
            raise WorkOrderFieldLockedError(
                params={"fields": ", ".join(locked)},
                details=[{"loc": ["body", name], "code": LOCKED_FIELD} for name in locked],
            )
    if require_item and "item_id" in changed and changed["item_id"] is None:
        raise order_rules.item_required()
    item_name = await order_rules.check_update(db_session, order=order, changed=changed)
    # A new item names the product, unless the same request names it.
    if item_name is not None and "product_model" not in values and item_name != order.product_model:
        changed["product_model"] = item_name
        changes["product_model"] = [order.product_model, item_name]
    for name, value in changed.items():
        setattr(order, name, value)
    order.updated_by = actor.user_id
    if "quantity" in changed:
        # The first operations work on the quantity: what is ready may change with it.
        state = await quantity_flow.load_flow(db_session, order=order)
        if state is not None:
            changes |= quantity_flow.settle(state)
    await trail.record(
        db_session,
        order=order,
        action=AuditAction.UPDATED,
        actor=actor,
        changes=changes,
        context=context,
    )
    return views.work_order_read(order, actor.permissions)


async def delete_work_order(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    expected_version: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> WorkOrderRead:
    """Soft-delete a pending or cancelled order; its number becomes free again."""
    order = await lock_work_order(
        db_session, organization_id=organization_id, work_order_id=work_order_id
    )
    if WorkOrderStatus(order.status) not in lifecycle.DELETABLE_STATUSES:
        raise WorkOrderNotDeletableError(params={"status": order.status})
    check_version(current=order.version, expected=expected_version)
    now = clock.now()
    # A pending order can only have queued dispatches; they leave the stations' queues.
    cancelled: list[str] = []
    for dispatch in await lock_dispatches_of(db_session, order=order):
        if dispatch.status == DispatchStatus.QUEUED:
            dispatch.status = DispatchStatus.CANCELLED.value
            dispatch.finished_at = now
            dispatch.updated_by = actor.user_id
            cancelled.append(str(dispatch.id))
    order.deleted_at = now
    order.updated_by = actor.user_id
    changes: dict[str, list[Any]] = {"deleted_at": [None, now.isoformat()]}
    if cancelled:
        changes["dispatch_statuses"] = [
            dict.fromkeys(cancelled, DispatchStatus.QUEUED.value),
            dict.fromkeys(cancelled, DispatchStatus.CANCELLED.value),
        ]
    await trail.record(
        db_session,
        order=order,
        action=AuditAction.DELETED,
        actor=actor,
        changes=changes,
        context=context,
    )
    return views.work_order_read(order, actor.permissions)


async def apply_work_order_action(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    action: WorkOrderAction,
    reason: str | None,
    expected_version: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> WorkOrderRead:
    order = await lock_work_order(
        db_session, organization_id=organization_id, work_order_id=work_order_id
    )
    status = WorkOrderStatus(order.status)
    transition = lifecycle.work_order_transition(status, action)
    # Impossible from this status (for this caller) is 409 whatever the version: reloading
    # would not help. Only a possible action on a stale copy answers 412.
    if transition is None or not lifecycle.may(transition, actor.permissions):
        raise invalid_transition(status, action, actor.permissions)
    check_version(current=order.version, expected=expected_version)
    short = order.produced_qty + order.scrap_qty < order.quantity
    if lifecycle.reason_missing(transition, reason, short=short):
        if transition.reason is lifecycle.ReasonRule.WHEN_SHORT:
            params = {"reported": order.produced_qty + order.scrap_qty, "quantity": order.quantity}
            raise ShortCloseReasonRequiredError(
                params=params,
                details=[
                    {"loc": ["body", "reason"], "code": SHORT_CLOSE_REASON_REQUIRED, **params}
                ],
            )
        raise ReasonRequiredError(
            params={"action": action.value},
            details=[{"loc": ["body", "reason"], "code": REASON_REQUIRED, "action": action.value}],
        )
    before = transitions.status_state(order)
    now = clock.now()
    moved = await _move_dispatches(db_session, order=order, transition=transition, actor=actor)
    transitions.apply(order, transition, reason=reason, at=now)
    order.updated_by = actor.user_id
    changes: dict[str, list[Any]] = trail.diff(before, transitions.status_state(order))
    if moved:
        changes["dispatch_statuses"] = [
            {str(d.id): old for d, old in moved},
            {str(d.id): d.status for d, _ in moved},
        ]
    await trail.record(
        db_session,
        order=order,
        action=status_changed(action.value),
        actor=actor,
        changes=changes,
        reason=reason,
        context=context,
    )
    return views.work_order_read(order, actor.permissions)


def invalid_transition(
    status: WorkOrderStatus, action: WorkOrderAction, permissions: frozenset[str]
) -> InvalidTransitionError:
    allowed = [a.value for a in lifecycle.allowed_actions(status, permissions)]
    return InvalidTransitionError(
        params={"status": status.value, "action": action.value},
        details=[
            {
                "code": ALLOWED_ACTIONS,
                "current_status": status.value,
                "action": action.value,
                "allowed_actions": allowed,
            }
        ],
    )


async def _move_dispatches(
    db_session: AsyncSession,
    *,
    order: WorkOrder,
    transition: lifecycle.Transition,
    actor: Principal,
) -> list[tuple[Dispatch, str]]:
    """Apply the transition's effect on the dispatches; [(dispatch, old status)] moved."""
    if not transition.dispatches and not transition.blocked_by:
        return []
    dispatches = await lock_dispatches_of(db_session, order=order)
    blocking = [d for d in dispatches if DispatchStatus(d.status) in transition.blocked_by]
    if blocking:
        raise ActiveDispatchesError(
            details=[
                {"code": ACTIVE_DISPATCH, "dispatch_id": str(d.id), "status": d.status}
                for d in blocking
            ]
        )
    now = clock.now()
    moved: list[tuple[Dispatch, str]] = []
    for dispatch in dispatches:
        target = transition.dispatches.get(DispatchStatus(dispatch.status))
        if target is None:
            continue
        moved.append((dispatch, dispatch.status))
        dispatch.status = target.value
        dispatch.updated_by = actor.user_id
        if target in lifecycle.CLOSED_DISPATCH_STATUSES:
            dispatch.finished_at = now
    return moved
