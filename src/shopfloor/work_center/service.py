"""Work centers: the module's resource and its public functions.

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

The router's use cases are those of `work_centers` (core/master_data), audited through the
audit module in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.master_data.repository import MasterDataRepository
from shopfloor.core.master_data.service import MasterData
from shopfloor.work_center.constants import RESOURCE_TYPE, WorkCenterState
from shopfloor.work_center.exceptions import (
    WorkCenterBlockedError,
    WorkCenterCodeTakenError,
    WorkCenterInactiveError,
    WorkCenterNotFoundError,
)
from shopfloor.work_center.models import WorkCenter
from shopfloor.work_center.schemas import WorkCenterRead


class WorkCenterRepository(MasterDataRepository[WorkCenter]):
    model = WorkCenter


work_centers = MasterData(
    repository=WorkCenterRepository,
    read_model=WorkCenterRead,
    resource_type=RESOURCE_TYPE,
    audit=audit_service,
    audited_fields=("code", "name", "description", "state", "active"),
    not_found=WorkCenterNotFoundError,
    taken={"code": WorkCenterCodeTakenError},
    inactive=WorkCenterInactiveError,
)


async def get_work_center(
    *, db_session: AsyncSession, organization_id: uuid.UUID, work_center_id: uuid.UUID
) -> WorkCenterRead:
    return await work_centers.get(
        db_session=db_session, organization_id=organization_id, id=work_center_id
    )


async def get_work_centers_by_ids(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_center_ids: Collection[uuid.UUID],
) -> dict[uuid.UUID, WorkCenterRead]:
    return await work_centers.get_many(
        db_session=db_session, organization_id=organization_id, ids=work_center_ids
    )


async def ensure_dispatchable(
    *, db_session: AsyncSession, organization_id: uuid.UUID, work_center_id: uuid.UUID
) -> WorkCenterRead:
    row = await work_centers.get_active(
        db_session=db_session, organization_id=organization_id, id=work_center_id
    )
    if row.state == WorkCenterState.BLOCKED:
        raise WorkCenterBlockedError(params={"code": row.code})
    return work_centers.read(row)
