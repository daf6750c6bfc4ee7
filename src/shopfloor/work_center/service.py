"""Work centers: the module's use cases and its public functions.

Public (other modules call only these, always with keyword arguments):

- `get_work_center(*, db_session, organization_id, work_center_id) -> WorkCenterRead`
  Raises `WorkCenterNotFoundError` (404 WORK_CENTER_NOT_FOUND) when the id does not exist
  or belongs to another organisation. Inactive work centers are returned.
- `get_work_centers_by_ids(*, db_session, organization_id, work_center_ids)`
  `-> dict[UUID, WorkCenterRead]`
  One query for many ids (to render lists without N+1); ids that do not exist or belong to
  another organisation are simply absent from the result.
- `ensure_dispatchable(*, db_session, organization_id, work_center_id) -> WorkCenterRead`
  The check before a new dispatch: 404 WORK_CENTER_NOT_FOUND, 409 WORK_CENTER_INACTIVE when
  deactivated, 409 WORK_CENTER_BLOCKED when its state is `blocked` (`normal` and `running`
  accept dispatches). The row stays share-locked until the caller's transaction ends, so a
  concurrent deactivation or block waits for the dispatch to commit instead of slipping past.

Used by this module's router: `list_work_centers`, `create_work_center`,
`update_work_center`, `deactivate_work_center`, `activate_work_center`. Every change is
audited in the same transaction. Functions flush and never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.concurrency import check_version
from shopfloor.core.context import RequestContext
from shopfloor.core.legacy_repository import OrderBy, OrganizationRepository
from shopfloor.core.pagination import Page, PageParams
from shopfloor.work_center.constants import (
    RESOURCE_TYPE,
    AuditAction,
    WorkCenterSort,
    WorkCenterState,
)
from shopfloor.work_center.exceptions import (
    WorkCenterBlockedError,
    WorkCenterCodeTakenError,
    WorkCenterInactiveError,
    WorkCenterNotFoundError,
)
from shopfloor.work_center.models import WorkCenter
from shopfloor.work_center.schemas import (
    WorkCenterCreate,
    WorkCenterFilters,
    WorkCenterRead,
    WorkCenterUpdate,
)

repository = OrganizationRepository(WorkCenter)

# The fields an audit entry compares; server-managed columns are left out.
AUDITED_FIELDS = ("code", "name", "description", "state", "active")

ORDERINGS: dict[WorkCenterSort, OrderBy] = {
    WorkCenterSort.CODE: (WorkCenter.code, WorkCenter.id),
    WorkCenterSort.CODE_DESC: (WorkCenter.code.desc(), WorkCenter.id.desc()),
    WorkCenterSort.NAME: (WorkCenter.name, WorkCenter.id),
    WorkCenterSort.NAME_DESC: (WorkCenter.name.desc(), WorkCenter.id.desc()),
    WorkCenterSort.CREATED_AT: (WorkCenter.created_at, WorkCenter.id),
    WorkCenterSort.CREATED_AT_DESC: (WorkCenter.created_at.desc(), WorkCenter.id.desc()),
}


# -- public reads ---------------------------------------------------------------------------


async def get_work_center(
    *, db_session: AsyncSession, organization_id: uuid.UUID, work_center_id: uuid.UUID
) -> WorkCenterRead:
    row = await repository.get(db_session, work_center_id, organization_id=organization_id)
    if row is None:
        raise WorkCenterNotFoundError(params={"id": str(work_center_id)})
    return WorkCenterRead.model_validate(row)


async def get_work_centers_by_ids(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_center_ids: Collection[uuid.UUID],
) -> dict[uuid.UUID, WorkCenterRead]:
    if not work_center_ids:
        return {}
    rows = await repository.find_all(
        db_session, WorkCenter.id.in_(set(work_center_ids)), organization_id=organization_id
    )
    return {row.id: WorkCenterRead.model_validate(row) for row in rows}


async def ensure_dispatchable(
    *, db_session: AsyncSession, organization_id: uuid.UUID, work_center_id: uuid.UUID
) -> WorkCenterRead:
    statement = (
        repository.scoped(WorkCenter.id == work_center_id, organization_id=organization_id)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    )
    row = (await db_session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise WorkCenterNotFoundError(params={"id": str(work_center_id)})
    if not row.active:
        raise WorkCenterInactiveError(params={"code": row.code})
    if row.state == WorkCenterState.BLOCKED:
        raise WorkCenterBlockedError(params={"code": row.code})
    return WorkCenterRead.model_validate(row)


# -- the module's own use cases -------------------------------------------------------------


async def list_work_centers(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: WorkCenterFilters,
    params: PageParams,
) -> Page[WorkCenterRead]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        conditions.append(
            or_(
                WorkCenter.code.startswith(filters.q.upper(), autoescape=True),
                WorkCenter.name.icontains(filters.q, autoescape=True),
            )
        )
    if filters.active is not None:
        conditions.append(WorkCenter.active == filters.active)
    if filters.state is not None:
        conditions.append(WorkCenter.state == filters.state.value)
    page = await repository.paginate(
        db_session,
        *conditions,
        organization_id=organization_id,
        params=params,
        order_by=ORDERINGS[filters.sort],
    )
    return Page(
        items=[WorkCenterRead.model_validate(row) for row in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


async def create_work_center(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    data: WorkCenterCreate,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> WorkCenterRead:
    # A friendly early answer; the unique constraint still decides between concurrent creates.
    await _ensure_code_free(db_session, organization_id=organization_id, code=data.code)
    row = await repository.create(
        db_session, organization_id=organization_id, **data.model_dump(mode="json")
    )
    await audit_service.record(
        db_session=db_session,
        organization_id=organization_id,
        action=AuditAction.CREATED,
        resource_type=RESOURCE_TYPE,
        resource_id=row.id,
        resource_key=row.code,
        actor_id=actor_id,
        actor_role=actor_role,
        changes=audit_service.diff(dict.fromkeys(AUDITED_FIELDS), _audited(row)),
        context=context,
    )
    return WorkCenterRead.model_validate(row)


async def update_work_center(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_center_id: uuid.UUID,
    data: WorkCenterUpdate,
    expected_version: int,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> WorkCenterRead:
    row = await _locked(db_session, organization_id=organization_id, work_center_id=work_center_id)
    check_version(current=row.version, expected=expected_version)
    values = data.model_dump(exclude_unset=True, mode="json")
    if "code" in values and values["code"] != row.code:
        await _ensure_code_free(db_session, organization_id=organization_id, code=values["code"])
    return await _apply(
        db_session,
        row,
        values,
        action=AuditAction.UPDATED,
        actor_id=actor_id,
        actor_role=actor_role,
        context=context,
    )


async def deactivate_work_center(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_center_id: uuid.UUID,
    expected_version: int,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> WorkCenterRead:
    """Stop new dispatches to the work center; existing dispatches are not touched."""
    row = await _locked(db_session, organization_id=organization_id, work_center_id=work_center_id)
    check_version(current=row.version, expected=expected_version)
    return await _apply(
        db_session,
        row,
        {"active": False},
        action=AuditAction.DEACTIVATED,
        actor_id=actor_id,
        actor_role=actor_role,
        context=context,
    )


async def activate_work_center(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_center_id: uuid.UUID,
    expected_version: int,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> WorkCenterRead:
    row = await _locked(db_session, organization_id=organization_id, work_center_id=work_center_id)
    check_version(current=row.version, expected=expected_version)
    return await _apply(
        db_session,
        row,
        {"active": True},
        action=AuditAction.ACTIVATED,
        actor_id=actor_id,
        actor_role=actor_role,
        context=context,
    )


# -- helpers --------------------------------------------------------------------------------


async def _locked(
    db_session: AsyncSession, *, organization_id: uuid.UUID, work_center_id: uuid.UUID
) -> WorkCenter:
    # FOR UPDATE: concurrent writers queue here and then see the committed version, so the
    # losers of a race get 412 with the current version rather than a failed UPDATE.
    row = await repository.get(
        db_session, work_center_id, organization_id=organization_id, for_update=True
    )
    if row is None:
        raise WorkCenterNotFoundError(params={"id": str(work_center_id)})
    return row


async def _ensure_code_free(
    db_session: AsyncSession, *, organization_id: uuid.UUID, code: str
) -> None:
    if await repository.exists(db_session, organization_id=organization_id, code=code):
        raise WorkCenterCodeTakenError(
            params={"code": code},
            details=[{"loc": ["body", "code"], "code": "DUPLICATE_VALUE", "value": code}],
        )


def _audited(row: WorkCenter) -> dict[str, Any]:
    return {field: getattr(row, field) for field in AUDITED_FIELDS}


async def _apply(
    db_session: AsyncSession,
    row: WorkCenter,
    values: dict[str, Any],
    *,
    action: AuditAction,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None,
) -> WorkCenterRead:
    """Write the values that differ, bump the version and audit; a no-op writes nothing."""
    before = _audited(row)
    changes = audit_service.diff(before, {**before, **values})
    if not changes:
        return WorkCenterRead.model_validate(row)
    await repository.update(db_session, row, **{field: values[field] for field in changes})
    # updated_at is set by the database; read it back with the new version.
    await db_session.refresh(row)
    await audit_service.record(
        db_session=db_session,
        organization_id=row.organization_id,
        action=action,
        resource_type=RESOURCE_TYPE,
        resource_id=row.id,
        resource_key=row.code,
        actor_id=actor_id,
        actor_role=actor_role,
        changes=changes,
        context=context,
    )
    return WorkCenterRead.model_validate(row)
