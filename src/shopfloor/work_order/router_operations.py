"""An order's operations, mounted under /api/v1/work-orders/{work_order_id}/operations."""

from __future__ import annotations

from fastapi import APIRouter, Response

from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.headers import ETAG, answer_headers
from shopfloor.core.pagination import Pagination
from shopfloor.work_center.exceptions import (
    WorkCenterBlockedError,
    WorkCenterInactiveError,
)
from shopfloor.work_order import service
from shopfloor.work_order.dependencies import (
    DispatchManager,
    OperationId,
    OperationSkipper,
    Reader,
    WorkOrderId,
)
from shopfloor.work_order.exceptions import (
    InvalidReferenceError,
    OperationHasReportsError,
    OperationNotFoundError,
    OperationNotSkippableError,
    WorkOrderNotFoundError,
    WorkOrderReadOnlyError,
)
from shopfloor.work_order.schemas import OperationRead, OperationSkipRequest, OperationUpdate

router = APIRouter()


@router.get(
    "",
    response_model=ListEnvelope[OperationRead],
    responses=error_responses(PermissionDeniedError, WorkOrderNotFoundError),
    summary="List an order's operations",
)
async def list_operations(
    principal: Reader, work_order_id: WorkOrderId, db_session: DbSession, pagination: Pagination
) -> ListEnvelope[OperationRead]:
    """The operations the order copied from its routing, by seq (empty without a routing),
    each with the pieces it may work on (`available_qty`) and may still dispatch."""
    page = await service.list_operations(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        params=pagination,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())


@router.patch(
    "/{operation_id}",
    response_model=Envelope[OperationRead],
    responses=answer_headers(200, ETAG)
    | error_responses(
        PermissionDeniedError,
        WorkOrderNotFoundError,
        OperationNotFoundError,
        InvalidReferenceError,
        WorkOrderReadOnlyError,
        OperationHasReportsError,
        WorkCenterInactiveError,
        WorkCenterBlockedError,
    ),
    summary="Reassign an operation to another work center",
)
async def update_operation(
    principal: DispatchManager,
    work_order_id: WorkOrderId,
    operation_id: OperationId,
    data: OperationUpdate,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[OperationRead]:
    """Only while nothing is reported on it (409 `OPERATION_HAS_REPORTS`). Its dispatches
    keep their work center; new ones default to this one. Requires `If-Match` with the
    operation's version."""
    operation = await service.update_operation(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        operation_id=operation_id,
        data=data,
        expected_version=expected_version,
        actor=principal,
        context=context,
    )
    set_etag(response, operation.version)
    return Envelope(data=operation)


@router.post(
    "/{operation_id}/skip",
    response_model=Envelope[OperationRead],
    responses=answer_headers(200, ETAG)
    | error_responses(
        PermissionDeniedError,
        WorkOrderNotFoundError,
        OperationNotFoundError,
        WorkOrderReadOnlyError,
        OperationHasReportsError,
        OperationNotSkippableError,
    ),
    summary="Skip an operation",
)
async def skip_operation(
    principal: OperationSkipper,
    work_order_id: WorkOrderId,
    operation_id: OperationId,
    data: OperationSkipRequest,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[OperationRead]:
    """A pending or ready operation with nothing reported; the reason is required and kept
    in the order's history. Its queued and paused dispatches are cancelled, and the next
    operations work on what reached it. Requires `If-Match` with the operation's version."""
    operation = await service.skip_operation(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        operation_id=operation_id,
        data=data,
        expected_version=expected_version,
        actor=principal,
        context=context,
    )
    set_etag(response, operation.version)
    return Envelope(data=operation)
