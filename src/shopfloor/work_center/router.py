"""HTTP routes of the work_center module, mounted under /api/v1/work-centers."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope, error_responses
from shopfloor.core.pagination import Pagination
from shopfloor.work_center import service
from shopfloor.work_center.dependencies import (
    CurrentWorkCenter,
    Filters,
    Manager,
    Reader,
    WorkCenterId,
)
from shopfloor.work_center.schemas import WorkCenterCreate, WorkCenterRead, WorkCenterUpdate

router = APIRouter()

# Handlers declare the principal first: FastAPI resolves dependencies in order, so a caller
# without credentials gets 401 before any 428 or 422 about the request itself.

WRITE_ERRORS = error_responses(401, 403, 404, 412, 422, 428)


@router.get(
    "",
    response_model=ListEnvelope[WorkCenterRead],
    responses=error_responses(401, 403, 422),
    summary="List work centers",
)
async def list_work_centers(
    principal: Reader, db_session: DbSession, filters: Filters, pagination: Pagination
) -> ListEnvelope[WorkCenterRead]:
    """The caller's organisation's work centers, one page at a time."""
    page = await service.list_work_centers(
        db_session=db_session,
        organization_id=principal.organization_id,
        filters=filters,
        params=pagination,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[WorkCenterRead],
    responses=error_responses(401, 403, 409, 422),
    summary="Create a work center",
)
async def create_work_center(
    principal: Manager,
    data: WorkCenterCreate,
    db_session: DbSession,
    context: CurrentRequestContext,
    request: Request,
    response: Response,
) -> Envelope[WorkCenterRead]:
    """A new, active work center. The code must be unused in the organisation (409)."""
    work_center = await service.create_work_center(
        db_session=db_session,
        organization_id=principal.organization_id,
        data=data,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    response.headers["Location"] = str(
        request.url_for("read_work_center", work_center_id=str(work_center.id))
    )
    set_etag(response, work_center.version)
    return Envelope(data=work_center)


@router.get(
    "/{work_center_id}",
    response_model=Envelope[WorkCenterRead],
    responses=error_responses(401, 403, 404, 422),
    summary="Read a work center",
)
async def read_work_center(
    work_center: CurrentWorkCenter, response: Response
) -> Envelope[WorkCenterRead]:
    """The work center with its version in the ETag header."""
    set_etag(response, work_center.version)
    return Envelope(data=work_center)


@router.patch(
    "/{work_center_id}",
    response_model=Envelope[WorkCenterRead],
    responses=error_responses(401, 403, 404, 409, 412, 422, 428),
    summary="Update a work center",
)
async def update_work_center(
    principal: Manager,
    work_center_id: WorkCenterId,
    data: WorkCenterUpdate,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[WorkCenterRead]:
    """Change code, name, description or state (`normal`, `running`, `blocked`).

    Requires `If-Match` with the version from the last read: 428 without it, 412 (with the
    current version) when someone changed the work center since.
    """
    work_center = await service.update_work_center(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_center_id=work_center_id,
        data=data,
        expected_version=expected_version,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    set_etag(response, work_center.version)
    return Envelope(data=work_center)


@router.post(
    "/{work_center_id}/deactivate",
    response_model=Envelope[WorkCenterRead],
    responses=WRITE_ERRORS,
    summary="Deactivate a work center",
)
async def deactivate_work_center(
    principal: Manager,
    work_center_id: WorkCenterId,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[WorkCenterRead]:
    """It takes no new dispatches; existing ones are kept. Already inactive: no change."""
    work_center = await service.deactivate_work_center(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_center_id=work_center_id,
        expected_version=expected_version,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    set_etag(response, work_center.version)
    return Envelope(data=work_center)


@router.post(
    "/{work_center_id}/activate",
    response_model=Envelope[WorkCenterRead],
    responses=WRITE_ERRORS,
    summary="Activate a work center",
)
async def activate_work_center(
    principal: Manager,
    work_center_id: WorkCenterId,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[WorkCenterRead]:
    """It takes dispatches again (unless its state is `blocked`). Already active: no change."""
    work_center = await service.activate_work_center(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_center_id=work_center_id,
        expected_version=expected_version,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    set_etag(response, work_center.version)
    return Envelope(data=work_center)
