"""Request dependencies of the work_center module: permissions, filters, the current row."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Query

from shopfloor.core.database import DbSession
from shopfloor.core.security import Principal, require_permission
from shopfloor.core.text import SingleLine
from shopfloor.work_center import service
from shopfloor.work_center.constants import (
    PERMISSION_MANAGE,
    PERMISSION_READ,
    SEARCH_MAX_LENGTH,
    WorkCenterSort,
    WorkCenterState,
)
from shopfloor.work_center.schemas import WorkCenterFilters, WorkCenterRead

Reader = Annotated[Principal, Depends(require_permission(PERMISSION_READ))]
Manager = Annotated[Principal, Depends(require_permission(PERMISSION_MANAGE))]

WorkCenterId = Annotated[uuid.UUID, Path(description="The work center's id.")]
# Stripped by the filter itself, so a blank search lists everything.
SearchText = Annotated[str, SingleLine(max_length=SEARCH_MAX_LENGTH, strip_whitespace=False)]


async def work_center_filters(
    q: Annotated[
        SearchText | None,
        Query(description="Code prefix or part of the name, case-insensitive; blank means all."),
    ] = None,
    active: Annotated[bool | None, Query(description="Only active (true) or inactive.")] = None,
    state: Annotated[WorkCenterState | None, Query(description="Only this state.")] = None,
    sort: Annotated[
        WorkCenterSort, Query(description="Order; '-' for descending; ties break on id.")
    ] = WorkCenterSort.CODE,
) -> WorkCenterFilters:
    return WorkCenterFilters(q=(q or "").strip() or None, active=active, state=state, sort=sort)


Filters = Annotated[WorkCenterFilters, Depends(work_center_filters)]


async def valid_work_center_id(
    work_center_id: WorkCenterId, principal: Reader, db_session: DbSession
) -> WorkCenterRead:
    """The work center in the path, readable by the caller (404 otherwise)."""
    return await service.get_work_center(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_center_id=work_center_id,
    )


CurrentWorkCenter = Annotated[WorkCenterRead, Depends(valid_work_center_id)]
