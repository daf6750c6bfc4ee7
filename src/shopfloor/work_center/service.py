"""Work centers: the module's resource and its public functions.

Public (other modules call only these, always with keyword arguments):

- `get_work_center(*, db_session, organization_id, work_center_id) -> WorkCenterRead`
  Raises `WorkCenterNotFoundError` (404 WORK_CENTER_NOT_FOUND) when the id does not exist
  or belongs to another organisation. Inactive work centers are returned.
- `work_centers.get_many(*, db_session, organization_id, ids) -> dict[UUID, WorkCenterRead]`
  One query for many ids (to render lists without N+1); ids that do not exist or belong to
  another organisation are simply absent from the result.
- `ensure_dispatchable(*, db_session, organization_id, work_center_id) -> WorkCenterRead`
  The check before a new dispatch: 404 WORK_CENTER_NOT_FOUND, 409 WORK_CENTER_INACTIVE when
  deactivated, 409 WORK_CENTER_BLOCKED when its state is `blocked` (`normal` and `running`
  accept dispatches). The row stays share-locked until the caller's transaction ends, so a
  concurrent deactivation or block waits for the dispatch to commit instead of slipping past.

The router's use cases are those of `work_centers` (core/master_data/service.py).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.master_data.service import MasterData
from shopfloor.work_center import exceptions
from shopfloor.work_center.constants import WorkCenterState
from shopfloor.work_center.exceptions import WorkCenterBlockedError
from shopfloor.work_center.models import WorkCenter
from shopfloor.work_center.schemas import WorkCenterRead

work_centers = MasterData(WorkCenter, WorkCenterRead, audit=audit_service, exceptions=exceptions)


async def get_work_center(
    *, db_session: AsyncSession, organization_id: uuid.UUID, work_center_id: uuid.UUID
) -> WorkCenterRead:
    return await work_centers.get(
        db_session=db_session, organization_id=organization_id, id=work_center_id
    )


async def ensure_dispatchable(
    *, db_session: AsyncSession, organization_id: uuid.UUID, work_center_id: uuid.UUID
) -> WorkCenterRead:
    held = await work_centers.get_active(
        db_session=db_session, organization_id=organization_id, id=work_center_id
    )
    if held.state == WorkCenterState.BLOCKED:
        raise WorkCenterBlockedError(params={"code": held.code})
    return work_centers.read(held)
