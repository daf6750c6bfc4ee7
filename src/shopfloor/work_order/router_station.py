"""A work center's dispatch queue, mounted under /api/v1/work-centers/{work_center_id}/dispatches.

It lives here, not in the work_center module, because it reads work orders: work_center must
not depend on work_order.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopfloor.core.database import DbSession
from shopfloor.core.envelope import ListEnvelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.pagination import Pagination
from shopfloor.work_center.exceptions import WorkCenterNotFoundError
from shopfloor.work_order import service
from shopfloor.work_order.dependencies import Reader, StationStatuses, WorkCenterId
from shopfloor.work_order.schemas import StationDispatchRead

router = APIRouter()


@router.get(
    "",
    response_model=ListEnvelope[StationDispatchRead],
    responses=error_responses(PermissionDeniedError, WorkCenterNotFoundError),
    summary="A work center's dispatch queue",
)
async def list_dispatch_queue(
    principal: Reader,
    work_center_id: WorkCenterId,
    statuses: StationStatuses,
    db_session: DbSession,
    pagination: Pagination,
) -> ListEnvelope[StationDispatchRead]:
    """Queued and in-progress dispatches by default, most urgent order first (priority, then
    sequence, then due date), with the order number and product model for the operator's screen.
    """
    page = await service.station_dispatches(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_center_id=work_center_id,
        statuses=statuses,
        params=pagination,
        permissions=principal.permissions,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())
