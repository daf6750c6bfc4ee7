"""What a lifecycle step does to an order's own fields (the table says which step is legal)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shopfloor.work_order.constants import WorkOrderAction
from shopfloor.work_order.lifecycle import Transition
from shopfloor.work_order.models import WorkOrder

# The fields a status change may touch; their before/after goes into the audit entry.
STATUS_FIELDS = (
    "status",
    "started_at",
    "completed_at",
    "cancelled_at",
    "hold_reason",
    "cancel_reason",
    "close_reason",
)


def status_state(order: WorkOrder) -> dict[str, Any]:
    return {name: getattr(order, name) for name in STATUS_FIELDS}


def apply(order: WorkOrder, transition: Transition, *, reason: str | None, at: datetime) -> None:
    order.status = transition.target.value
    match transition.action:
        case WorkOrderAction.START:
            # A reopened order keeps its first start: lead time counts from there.
            order.started_at = order.started_at or at
        case WorkOrderAction.HOLD:
            order.hold_reason = reason
        case WorkOrderAction.RESUME:
            order.hold_reason = None
        case WorkOrderAction.COMPLETE:
            order.completed_at = at
            order.close_reason = reason
        case WorkOrderAction.CANCEL:
            order.cancelled_at = at
            order.cancel_reason = reason
            order.hold_reason = None
        case WorkOrderAction.REOPEN:
            order.completed_at = None
            order.close_reason = None
