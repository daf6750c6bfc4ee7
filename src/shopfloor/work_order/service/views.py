"""Orders and dispatches as their response models, with the actions the caller may take.

Every answer that shows an order comes from `work_order_read`: a change's answer, each row of
the list and the order read by id (which adds its dispatches to it).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from shopfloor.work_order import flow, lifecycle
from shopfloor.work_order.constants import (
    DispatchAction,
    DispatchStatus,
    OperationStatus,
    WorkOrderStatus,
)
from shopfloor.work_order.models import Dispatch, WorkOrder, WorkOrderOperation
from shopfloor.work_order.schemas import (
    DispatchRead,
    OperationRead,
    WorkOrderDetail,
    WorkOrderRead,
)


def work_order_read(
    order: WorkOrder | dict[str, Any], permissions: Collection[str]
) -> WorkOrderRead:
    """From a mapped order or the work_order table's columns by name (a read's)."""
    read = WorkOrderRead.model_validate(order)
    read.allowed_actions = lifecycle.allowed_actions(read.status, permissions)
    return read


def work_order_detail(
    order: dict[str, Any],
    dispatches: Sequence[dict[str, Any]],
    permissions: Collection[str],
    operations: Sequence[Mapping[str, Any]] = (),
) -> WorkOrderDetail:
    """The order with its operations and dispatches (in the order given), from their
    columns."""
    read = work_order_read(order, permissions)
    # Every part is validated already: the detail is the order plus its parts.
    return WorkOrderDetail.model_construct(
        _fields_set=read.model_fields_set | {"operations", "dispatches"},
        **dict(read),
        operations=operation_reads(operations, read.quantity, dispatches),
        dispatches=[dispatch_read(dispatch, read.status, permissions) for dispatch in dispatches],
    )


def operation_reads(
    operations: Sequence[WorkOrderOperation | Mapping[str, Any]],
    quantity: int,
    dispatches: Iterable[Any],
) -> list[OperationRead]:
    """An order's operations with what each may work on and may still dispatch; a dispatch
    is anything with its columns (a mapped row, its columns by name, a plan row)."""
    if not operations:
        return []
    steps = [
        flow.Step.of_values(op) if isinstance(op, Mapping) else flow.Step.of(op)
        for op in operations
    ]
    held: dict[uuid.UUID, int] = {}
    for dispatch in dispatches:
        operation_id = _value(dispatch, "operation_id")
        if operation_id is not None:
            held[operation_id] = held.get(operation_id, 0) + lifecycle.committed_qty(
                status=DispatchStatus(_value(dispatch, "status")),
                planned_qty=_value(dispatch, "planned_qty"),
                good_qty=_value(dispatch, "good_qty"),
                scrap_qty=_value(dispatch, "scrap_qty"),
            )
    return [
        OperationRead.model_validate(
            {
                **{name: _value(operation, name) for name in _OPERATION_COLUMNS},
                "available_qty": flow.available(steps, step.seq, quantity),
                "undispatched_qty": max(quantity - held.get(step.id, 0), 0),
            }
        )
        for operation, step in zip(operations, steps, strict=True)
    ]


_OPERATION_COLUMNS = tuple(column.name for column in WorkOrderOperation.__table__.c)


def _value(row: Any, name: str) -> Any:
    """A column of a mapped row or of a row's columns by name."""
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def dispatch_read(
    dispatch: Dispatch | dict[str, Any], order_status: str, permissions: Collection[str]
) -> DispatchRead:
    """From a mapped dispatch or the dispatch table's columns by name."""
    read = DispatchRead.model_validate(dispatch)
    read.allowed_actions = dispatch_actions(read.status, order_status, permissions)
    return read


def dispatch_actions(
    status: DispatchStatus, order_status: str, permissions: Collection[str]
) -> list[DispatchAction]:
    return lifecycle.dispatch_allowed_actions(status, WorkOrderStatus(order_status), permissions)


def startable(
    status: str,
    order_status: str,
    *,
    operation_status: str | None,
    reported: int,
    available: int | None,
) -> bool:
    """Whether a start (or resume) of the dispatch would be accepted now, for anyone allowed
    to operate it: its status and its order's allow it, and its operation has pieces waiting."""
    transition = lifecycle.dispatch_transition(
        DispatchAction.RESUME if status == DispatchStatus.PAUSED else DispatchAction.START
    )
    if DispatchStatus(status) not in transition.sources:
        return False
    if WorkOrderStatus(order_status) not in transition.order_statuses:
        return False
    if operation_status is None or available is None:
        return True
    return operation_status != OperationStatus.SKIPPED and available > reported
