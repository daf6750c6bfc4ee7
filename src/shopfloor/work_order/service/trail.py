"""Audit entries of the module: every entry's resource is the work order.

Dispatch and report events are recorded on their order (with `dispatch_id` in the changes),
so one order's history shows every step of its work, in order, with the acting user.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.context import RequestContext
from shopfloor.core.security import Principal
from shopfloor.work_order.constants import RESOURCE_TYPE
from shopfloor.work_order.models import Dispatch, WorkOrder

ORDER_FIELDS = (
    "order_number",
    "customer_id",
    "item_id",
    "routing_id",
    "product_model",
    "quantity",
    "priority",
    "due_date",
    "planned_start_at",
    "planned_end_at",
    "note",
    "status",
)
DISPATCH_FIELDS = (
    "operation_id",
    "work_center_id",
    "operator_id",
    "sequence",
    "operation",
    "planned_qty",
    "note",
    "status",
)


def order_state(order: WorkOrder) -> dict[str, Any]:
    return {name: getattr(order, name) for name in ORDER_FIELDS}


def dispatch_state(dispatch: Dispatch) -> dict[str, Any]:
    return {name: getattr(dispatch, name) for name in DISPATCH_FIELDS}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return audit_service.diff(before, after)


def about_dispatch(dispatch_id: uuid.UUID, *, new: bool = False) -> dict[str, list[Any]]:
    """The `dispatch_id` entry of a dispatch event's changes (old and new are the same id)."""
    return {"dispatch_id": [None if new else str(dispatch_id), str(dispatch_id)]}


async def record(
    db_session: AsyncSession,
    *,
    order: WorkOrder,
    action: str,
    actor: Principal,
    changes: Mapping[str, Sequence[Any]] | None,
    context: RequestContext | None,
    reason: str | None = None,
) -> None:
    """Add the entry in the caller's transaction (it flushes pending changes too)."""
    await audit_service.record(
        db_session=db_session,
        organization_id=order.organization_id,
        action=action,
        resource_type=RESOURCE_TYPE,
        resource_id=order.id,
        resource_key=order.order_number,
        actor_id=actor.user_id,
        actor_role=actor.role,
        changes=changes,
        reason=reason,
        context=context,
    )
