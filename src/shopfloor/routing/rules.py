"""The routing's rules, checked by the service: status, references, what a release needs.

Ids in a body that name nothing in the caller's organisation are a mistake in the request
(422 ROUTING_INVALID_REFERENCE, the field and the owner's code in the details). An item
that exists but is inactive keeps its owner's 409 ITEM_INACTIVE.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.context import RequestContext
from shopfloor.core.security import Principal
from shopfloor.item import service as item_service
from shopfloor.item.exceptions import ItemNotFoundError
from shopfloor.routing.constants import (
    ALLOWED_ACTIONS,
    ALLOWED_ACTIONS_DETAIL,
    INACTIVE_WORK_CENTER_DETAIL,
    RESOURCE_TYPE,
    RoutingAction,
    RoutingStatus,
)
from shopfloor.routing.exceptions import (
    RoutingHasNoOperationsError,
    RoutingInvalidReferenceError,
    RoutingInvalidTransitionError,
    RoutingNotEditableError,
    RoutingWorkCenterInactiveError,
)
from shopfloor.routing.models import Routing, RoutingOperation
from shopfloor.routing.schemas import RoutingOperationWrite
from shopfloor.work_center import service as work_center_service
from shopfloor.work_center.exceptions import WorkCenterNotFoundError

AUDITED = ("item_id", "code", "version", "status", "is_default", "copied_from_id")
OPERATION_FIELDS = (
    "seq",
    "name",
    "work_center_id",
    "setup_min",
    "run_s_per_unit",
    "instructions",
)


def ensure_allowed(routing: Routing, action: RoutingAction) -> None:
    """409 unless the routing's status allows `action` (an edit: ROUTING_NOT_EDITABLE)."""
    status = RoutingStatus(routing.status)
    allowed = ALLOWED_ACTIONS[status]
    if action in allowed:
        return
    if action is RoutingAction.EDIT:
        raise RoutingNotEditableError(params={"status": status.value})
    raise RoutingInvalidTransitionError(
        params={"status": status.value, "action": action.value},
        details=[
            {
                "code": ALLOWED_ACTIONS_DETAIL,
                "current_status": status.value,
                "action": action.value,
                "allowed_actions": [item.value for item in allowed],
            }
        ],
    )


async def ensure_item(
    db_session: AsyncSession, *, organization_id: uuid.UUID, item_id: uuid.UUID, field: str | None
) -> None:
    """The item exists and is active (share-locked until the transaction ends).

    `field` names the body field the id came from; None when it came from a stored routing,
    where a vanished item is not the caller's mistake and keeps the owner's 404.
    """
    try:
        await item_service.ensure_orderable(
            db_session=db_session, organization_id=organization_id, item_id=item_id
        )
    except ItemNotFoundError as exc:
        if field is None:
            raise
        raise RoutingInvalidReferenceError(
            details=[{"loc": ["body", field], "code": exc.code, "value": str(item_id)}]
        ) from exc


async def ensure_work_centers_exist(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    operations: Sequence[RoutingOperationWrite],
) -> None:
    """Every operation's work center is one of the organisation's (active or not)."""
    found = await work_center_service.work_centers.get_many(
        db_session=db_session,
        organization_id=organization_id,
        ids={operation.work_center_id for operation in operations},
    )
    missing = [
        {
            "loc": ["body", "operations", index, "work_center_id"],
            "code": WorkCenterNotFoundError.code,
            "value": str(operation.work_center_id),
        }
        for index, operation in enumerate(operations)
        if operation.work_center_id not in found
    ]
    if missing:
        raise RoutingInvalidReferenceError(details=missing)


async def ensure_releasable(
    db_session: AsyncSession, *, organization_id: uuid.UUID, routing: Routing
) -> None:
    """At least one operation, and every operation's work center active."""
    operations = routing.operations
    if not operations:
        raise RoutingHasNoOperationsError()
    centers = await work_center_service.work_centers.get_many(
        db_session=db_session,
        organization_id=organization_id,
        ids={operation.work_center_id for operation in operations},
    )
    inactive = []
    for index, operation in enumerate(operations):
        center = centers.get(operation.work_center_id)
        # A work center is deactivated, never deleted: a missing one is inactive too.
        if center is None or not center.active:
            inactive.append(
                {
                    "loc": ["operations", index, "work_center_id"],
                    "code": INACTIVE_WORK_CENTER_DETAIL,
                    "seq": operation.seq,
                    "work_center_id": str(operation.work_center_id),
                    "work_center_code": center.code if center else str(operation.work_center_id),
                }
            )
    if inactive:
        raise RoutingWorkCenterInactiveError(details=inactive)


def ordered_operations(operations: Sequence[RoutingOperationWrite]) -> list[dict[str, Any]]:
    """The operations' values by seq; operations of one seq keep the order they were sent in."""
    return [operation.model_dump() for operation in sorted(operations, key=lambda op: op.seq)]


def operation_values(operations: Sequence[RoutingOperation]) -> list[dict[str, Any]]:
    return [
        {name: getattr(operation, name) for name in OPERATION_FIELDS} for operation in operations
    ]


def audited_state(routing: Routing, operations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **{name: getattr(routing, name) for name in AUDITED},
        "operations": operations,
    }


async def record(
    db_session: AsyncSession,
    *,
    routing: Routing,
    action: str,
    actor: Principal,
    changes: dict[str, list[Any]] | None,
    context: RequestContext | None,
) -> None:
    """Add the routing's audit entry in the caller's transaction."""
    await audit_service.record(
        db_session=db_session,
        organization_id=routing.organization_id,
        action=action,
        resource_type=RESOURCE_TYPE,
        resource_id=routing.id,
        resource_key=f"{routing.code} v{routing.version}",
        actor_id=actor.user_id,
        actor_role=actor.role,
        changes=changes,
        context=context,
    )
