"""Orders and dispatches as their response models, with the actions the caller may take.

Every answer that shows an order comes from `work_order_read`: a change's answer, each row of
the list and the order read by id (which adds its dispatches to it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import DispatchAction, DispatchStatus, WorkOrderStatus
from shopfloor.work_order.models import Dispatch, WorkOrder
from shopfloor.work_order.schemas import DispatchRead, WorkOrderDetail, WorkOrderRead


def work_order_read(
    order: WorkOrder | dict[str, Any], permissions: Collection[str]
) -> WorkOrderRead:
    """From a mapped order or the work_order table's columns by name (a read's)."""
    read = WorkOrderRead.model_validate(order)
    read.allowed_actions = lifecycle.allowed_actions(read.status, permissions)
    return read


def work_order_detail(
    order: dict[str, Any], dispatches: Iterable[dict[str, Any]], permissions: Collection[str]
) -> WorkOrderDetail:
    """The order with its dispatches (in the order given), from their columns."""
    read = work_order_read(order, permissions)
    # Both parts are validated already: the detail is the order plus its dispatches.
    return WorkOrderDetail.model_construct(
        _fields_set=read.model_fields_set | {"dispatches"},
        **dict(read),
        dispatches=[dispatch_read(dispatch, read.status, permissions) for dispatch in dispatches],
    )


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
