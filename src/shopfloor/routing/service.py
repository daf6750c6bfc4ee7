"""Routings: drafts, releases, copies and retirement, and the snapshot a work order takes.

Public (other modules call only these, always with keyword arguments):

- `get_routing(*, db_session, organization_id, routing_id) -> RoutingRead`
  404 ROUTING_NOT_FOUND when the id does not exist or belongs to another organisation.
- `snapshot_for_order(*, db_session, organization_id, item_id, routing_id)`
  `-> RoutingSnapshot | None`
  The released routing a new work order of `item_id` copies, its operations ordered by seq
  (operations of one seq in the order the routing lists them). With `routing_id`, that
  routing: 404 ROUTING_NOT_FOUND when it is not the organisation's, 422
  ROUTING_ITEM_MISMATCH (`RoutingItemMismatchError`) when it belongs to another item, 409
  ROUTING_NOT_RELEASED (`RoutingNotReleasedError`) when it is a draft or obsolete. Without
  it, the item's default routing, or None when the item has none: orders of items without
  a routing are made without operations, as before routings existed.

Everything else here is the router's use cases. Functions flush and never commit; every
change is audited in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.concurrency import check_version
from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.security import Principal
from shopfloor.item import service as item_service
from shopfloor.routing import rules
from shopfloor.routing.constants import AuditAction, RoutingAction, RoutingStatus
from shopfloor.routing.exceptions import (
    RoutingCodeTakenError,
    RoutingItemMismatchError,
    RoutingNotFoundError,
    RoutingNotReleasedError,
)
from shopfloor.routing.models import Routing
from shopfloor.routing.repository import RoutingRepository
from shopfloor.routing.schemas import (
    RoutingCreate,
    RoutingFilters,
    RoutingOperationSnapshot,
    RoutingRead,
    RoutingSnapshot,
    RoutingUpdate,
)


def _read(routing: Routing) -> RoutingRead:
    return RoutingRead.model_validate(routing)


async def _found(rows: RoutingRepository, routing_id: uuid.UUID, *, lock: bool) -> Routing:
    routing = await rows.get_with_operations(routing_id, lock=lock)
    if routing is None:
        raise RoutingNotFoundError(params={"id": str(routing_id)})
    return routing


async def _lock_for_change(
    rows: RoutingRepository, routing_id: uuid.UUID, expected_revision: int, action: RoutingAction
) -> Routing:
    """The routing locked under its item's routing lock, its status and revision checked."""
    item_id = await rows.item_of(routing_id)
    if item_id is None:
        raise RoutingNotFoundError(params={"id": str(routing_id)})
    await rows.lock_item_routings(item_id)
    routing = await _found(rows, routing_id, lock=True)
    rules.ensure_allowed(routing, action)
    check_version(current=routing.revision, expected=expected_revision)
    return routing


async def _write(
    rows: RoutingRepository,
    routing: Routing,
    *,
    action: AuditAction,
    changes: dict[str, list[Any]],
    actor: Principal,
    context: RequestContext | None,
) -> Routing:
    """Write the row and audit it; the revision grows even when only its operations changed."""
    routing.updated_by = actor.user_id
    routing.updated_at = func.now()
    await rows.db_session.flush()
    routing = await _found(rows, routing.id, lock=False)
    await rules.record(
        rows.db_session,
        routing=routing,
        action=action,
        actor=actor,
        changes=changes,
        context=context,
    )
    return routing


# -- reads ---------------------------------------------------------------------------------


async def get_routing(
    *, db_session: AsyncSession, organization_id: uuid.UUID, routing_id: uuid.UUID
) -> RoutingRead:
    rows = RoutingRepository(db_session, organization_id=organization_id)
    return _read(await _found(rows, routing_id, lock=False))


async def list_routings(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: RoutingFilters,
    params: PageParams,
) -> Page[RoutingRead]:
    rows = RoutingRepository(db_session, organization_id=organization_id)
    page = await rows.list_page(filters, params)
    return Page(
        items=[_read(routing) for routing in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


async def snapshot_for_order(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    item_id: uuid.UUID,
    routing_id: uuid.UUID | None,
) -> RoutingSnapshot | None:
    rows = RoutingRepository(db_session, organization_id=organization_id)
    if routing_id is None:
        routing = await rows.released_default(item_id)
        if routing is None:
            return None
    else:
        routing = await _found(rows, routing_id, lock=False)
        if routing.item_id != item_id:
            raise RoutingItemMismatchError(params={"id": str(routing_id)})
        if routing.status != RoutingStatus.RELEASED:
            raise RoutingNotReleasedError(params={"status": routing.status})
    return RoutingSnapshot(
        routing_id=routing.id,
        code=routing.code,
        version=routing.version,
        operations=[
            RoutingOperationSnapshot.model_validate(operation) for operation in routing.operations
        ],
    )


# -- changes -------------------------------------------------------------------------------


async def create_routing(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    data: RoutingCreate,
    actor: Principal,
    context: RequestContext | None = None,
) -> RoutingRead:
    """Version 1 of a new code for the item, as a draft."""
    rows = RoutingRepository(db_session, organization_id=organization_id)
    await rows.lock_item_routings(data.item_id)
    await rules.ensure_item(
        db_session, organization_id=organization_id, item_id=data.item_id, field="item_id"
    )
    if await rows.code_used(data.item_id, data.code):
        raise RoutingCodeTakenError(
            details=[{"loc": ["body", "code"], "code": "DUPLICATE_VALUE", "value": data.code}]
        )
    await rules.ensure_work_centers_exist(
        db_session, organization_id=organization_id, operations=data.operations
    )
    routing = Routing(
        id=uuid7(),
        item_id=data.item_id,
        code=data.code,
        version=1,
        status=RoutingStatus.DRAFT.value,
        is_default=data.is_default,
        created_by=actor.user_id,
        updated_by=actor.user_id,
    )
    return await _add(rows, routing, rules.ordered_operations(data.operations), actor, context)


async def copy_routing(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    routing_id: uuid.UUID,
    actor: Principal,
    context: RequestContext | None = None,
) -> RoutingRead:
    """The next version of the routing's code, a draft with its operations and default flag."""
    rows = RoutingRepository(db_session, organization_id=organization_id)
    item_id = await rows.item_of(routing_id)
    if item_id is None:
        raise RoutingNotFoundError(params={"id": str(routing_id)})
    await rows.lock_item_routings(item_id)
    source = await _found(rows, routing_id, lock=False)
    rules.ensure_allowed(source, RoutingAction.COPY)
    await rules.ensure_item(
        db_session, organization_id=organization_id, item_id=item_id, field=None
    )
    routing = Routing(
        id=uuid7(),
        item_id=source.item_id,
        code=source.code,
        # Under the item's routing lock, so no concurrent copy takes the same number.
        version=await rows.last_version(source.item_id, source.code) + 1,
        status=RoutingStatus.DRAFT.value,
        is_default=source.is_default,
        copied_from_id=source.id,
        created_by=actor.user_id,
        updated_by=actor.user_id,
    )
    return await _add(rows, routing, rules.operation_values(source.operations), actor, context)


async def _add(
    rows: RoutingRepository,
    routing: Routing,
    operations: list[dict[str, Any]],
    actor: Principal,
    context: RequestContext | None,
) -> RoutingRead:
    await rows.add(routing)
    await rows.replace_operations(routing, operations)
    before = dict.fromkeys([*rules.AUDITED, "operations"])
    await rules.record(
        rows.db_session,
        routing=routing,
        action=AuditAction.CREATED,
        actor=actor,
        changes=audit_service.diff(before, rules.audited_state(routing, operations)),
        context=context,
    )
    return _read(await _found(rows, routing.id, lock=False))


async def update_routing(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    routing_id: uuid.UUID,
    data: RoutingUpdate,
    expected_revision: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> RoutingRead:
    """Change a draft: its default flag, or its whole list of operations."""
    rows = RoutingRepository(db_session, organization_id=organization_id)
    routing = await _found(rows, routing_id, lock=True)
    rules.ensure_allowed(routing, RoutingAction.EDIT)
    check_version(current=routing.revision, expected=expected_revision)
    sent = data.model_dump(exclude_unset=True)
    operations = rules.operation_values(routing.operations)
    before = rules.audited_state(routing, operations)
    if data.operations is not None:
        await rules.ensure_work_centers_exist(
            db_session, organization_id=organization_id, operations=data.operations
        )
        operations = rules.ordered_operations(data.operations)
    after = {**before, **sent, "operations": operations}
    changes = audit_service.diff(before, after)
    if not changes:
        return _read(routing)
    # The operations first: their flush must not write the routing row a second time.
    if "operations" in changes:
        await rows.replace_operations(routing, operations)
    if "is_default" in changes:
        routing.is_default = bool(after["is_default"])
    routing = await _write(
        rows, routing, action=AuditAction.UPDATED, changes=changes, actor=actor, context=context
    )
    return _read(routing)


async def release_routing(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    routing_id: uuid.UUID,
    expected_revision: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> RoutingRead:
    """Freeze a draft; released with `is_default`, it becomes the item's only default."""
    rows = RoutingRepository(db_session, organization_id=organization_id)
    routing = await _lock_for_change(rows, routing_id, expected_revision, RoutingAction.RELEASE)
    await rules.ensure_releasable(db_session, organization_id=organization_id, routing=routing)
    await rules.ensure_item(
        db_session, organization_id=organization_id, item_id=routing.item_id, field=None
    )
    changes: dict[str, list[Any]] = {
        "status": [RoutingStatus.DRAFT.value, RoutingStatus.RELEASED.value]
    }
    if routing.is_default:
        changes["default_of_item"] = [
            await _take_default(rows, routing, actor, context),
            str(routing.id),
        ]
    routing.status = RoutingStatus.RELEASED.value
    routing.released_at = datetime.now(UTC)
    routing = await _write(
        rows, routing, action=AuditAction.RELEASED, changes=changes, actor=actor, context=context
    )
    return _read(routing)


async def _take_default(
    rows: RoutingRepository, routing: Routing, actor: Principal, context: RequestContext | None
) -> str | None:
    """Make `routing` its item's default; the id of the default it replaces, if any."""
    # The item row stays locked to the end of the transaction (a second guard besides the
    # item's routing lock that the caller holds).
    await item_service.set_default_routing(
        db_session=rows.db_session,
        organization_id=rows.organization_id,
        item_id=routing.item_id,
        routing_id=routing.id,
    )
    replaced = None
    # Cleared and written before `routing` is released: the one-default index checks every
    # row as it is written.
    for other in await rows.lock_other_defaults(routing.item_id, routing.id):
        replaced = str(other.id)
        other.is_default = False
        other = await _write(
            rows,
            other,
            action=AuditAction.DEFAULT_CLEARED,
            changes={"is_default": [True, False]},
            actor=actor,
            context=context,
        )
    return replaced


async def obsolete_routing(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    routing_id: uuid.UUID,
    expected_revision: int,
    actor: Principal,
    context: RequestContext | None = None,
) -> RoutingRead:
    """Retire a draft or a released routing; the item's default is cleared with it."""
    rows = RoutingRepository(db_session, organization_id=organization_id)
    routing = await _lock_for_change(rows, routing_id, expected_revision, RoutingAction.OBSOLETE)
    was = RoutingStatus(routing.status)
    changes: dict[str, list[Any]] = {"status": [was.value, RoutingStatus.OBSOLETE.value]}
    if routing.is_default:
        if was is RoutingStatus.RELEASED:
            await item_service.set_default_routing(
                db_session=db_session,
                organization_id=organization_id,
                item_id=routing.item_id,
                routing_id=None,
            )
        changes["is_default"] = [True, False]
        routing.is_default = False
    routing.status = RoutingStatus.OBSOLETE.value
    routing.obsoleted_at = datetime.now(UTC)
    routing = await _write(
        rows, routing, action=AuditAction.OBSOLETED, changes=changes, actor=actor, context=context
    )
    return _read(routing)
