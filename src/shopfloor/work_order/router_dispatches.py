"""HTTP routes of dispatches and their production reports, mounted under /api/v1/dispatches."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.headers import ETAG, IDEMPOTENT_REPLAYED, answer_headers
from shopfloor.core.pagination import Pagination
from shopfloor.work_center.exceptions import (
    WorkCenterBlockedError,
    WorkCenterInactiveError,
    WorkCenterNotFoundError,
)
from shopfloor.work_order import service
from shopfloor.work_order.constants import DispatchAction
from shopfloor.work_order.dependencies import (
    DispatchActor,
    DispatchId,
    DispatchManager,
    IdempotencyKey,
    NewReport,
    Reader,
    Reporter,
    Settings,
)
from shopfloor.work_order.exceptions import (
    DispatchFieldLockedError,
    DispatchInvalidTransitionError,
    DispatchNotFoundError,
    DispatchNotInProgressError,
    DispatchReadOnlyError,
    IdempotencyKeyRequiredError,
    IdempotencyKeyReusedError,
    InvalidReferenceError,
    OperationNotReadyError,
    OperationQtyExceedsAvailableError,
    OverproductionError,
    PlannedQtyBelowReportedError,
    PlannedQtyExceedsOpenError,
    ReportTimeInFutureError,
    WorkOrderNotRunningError,
)
from shopfloor.work_order.schemas import (
    DispatchRead,
    DispatchUpdate,
    ProductionReportRead,
    ReportOutcome,
)
from shopfloor.work_order.schemas import examples as ex

router = APIRouter()


@router.get(
    "/{dispatch_id}",
    response_model=Envelope[DispatchRead],
    responses=answer_headers(200, ETAG)
    | error_responses(PermissionDeniedError, DispatchNotFoundError),
    summary="Read a dispatch",
)
async def read_dispatch(
    principal: Reader, dispatch_id: DispatchId, db_session: DbSession, response: Response
) -> Envelope[DispatchRead]:
    """The dispatch with its version in the ETag header."""
    dispatch = await service.get_dispatch(
        db_session=db_session,
        organization_id=principal.organization_id,
        dispatch_id=dispatch_id,
        permissions=principal.permissions,
    )
    set_etag(response, dispatch.version)
    return Envelope(data=dispatch)


@router.patch(
    "/{dispatch_id}",
    response_model=Envelope[DispatchRead],
    responses=answer_headers(200, ETAG)
    | error_responses(
        PermissionDeniedError,
        DispatchNotFoundError,
        DispatchReadOnlyError,
        DispatchFieldLockedError,
        PlannedQtyBelowReportedError,
        WorkCenterInactiveError,
        WorkCenterBlockedError,
        InvalidReferenceError,
        PlannedQtyExceedsOpenError,
    ),
    summary="Update a dispatch",
)
async def update_dispatch(
    principal: DispatchManager,
    dispatch_id: DispatchId,
    data: DispatchUpdate,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[DispatchRead]:
    """Change operator, sequence, operation, planned quantity or note; the work center only
    while queued. Done and cancelled dispatches are read-only (409). Requires `If-Match`.
    """
    dispatch = await service.update_dispatch(
        db_session=db_session,
        organization_id=principal.organization_id,
        dispatch_id=dispatch_id,
        data=data,
        expected_version=expected_version,
        actor=principal,
        context=context,
    )
    set_etag(response, dispatch.version)
    return Envelope(data=dispatch)


@router.post(
    "/{dispatch_id}/reports",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[ReportOutcome],
    responses=answer_headers(
        201, ETAG, IDEMPOTENT_REPLAYED, examples=ex.examples(reported=ex.REPORTED)
    )
    | error_responses(
        PermissionDeniedError,
        DispatchNotFoundError,
        DispatchNotInProgressError,
        OverproductionError,
        OperationQtyExceedsAvailableError,
        IdempotencyKeyReusedError,
        InvalidReferenceError,
        ReportTimeInFutureError,
        IdempotencyKeyRequiredError,
    ),
    summary="Report production on a dispatch",
)
async def report_production(
    principal: Reporter,
    dispatch_id: DispatchId,
    data: NewReport,
    key: IdempotencyKey,
    settings: Settings,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[ReportOutcome]:
    """Add good and scrapped pieces to an in-progress dispatch and its order (and to its
    operation: at most what reached it, 409 `OPERATION_QTY_EXCEEDS_AVAILABLE`).

    Send an `Idempotency-Key`: a retry with the same key and body returns the first result
    (header `Idempotent-Replayed: true`) and counts nothing; the same key with another body
    is refused (409 `IDEMPOTENCY_KEY_REUSED`). No If-Match: reports only add. The ETag is
    the dispatch's version after the report, for its next step (pause, finish, edit).
    """
    result = await service.report_production(
        db_session=db_session,
        organization_id=principal.organization_id,
        dispatch_id=dispatch_id,
        data=data,
        idempotency_key=key,
        settings=settings,
        actor=principal,
        context=context,
    )
    return report_answer(result, response)


def report_answer(result: service.ReportResult, response: Response) -> Envelope[ReportOutcome]:
    """The answer to a report or a reversal, first made or replayed, with its headers."""
    # A replay answers like the first request: the same 201, the same body, and the header.
    if result.replayed:
        response.headers[IDEMPOTENT_REPLAYED] = "true"
    set_etag(response, result.dispatch.version)
    return Envelope(data=ReportOutcome.model_validate(result, from_attributes=True))


@router.get(
    "/{dispatch_id}/reports",
    response_model=ListEnvelope[ProductionReportRead],
    responses=error_responses(PermissionDeniedError, DispatchNotFoundError),
    summary="List a dispatch's production reports",
)
async def list_reports(
    principal: Reader, dispatch_id: DispatchId, db_session: DbSession, pagination: Pagination
) -> ListEnvelope[ProductionReportRead]:
    """Oldest first."""
    page = await service.list_reports(
        db_session=db_session,
        organization_id=principal.organization_id,
        dispatch_id=dispatch_id,
        params=pagination,
    )
    reports = [ProductionReportRead.model_validate(report) for report in page.items]
    return ListEnvelope(data=reports, pagination=page.meta())


@router.post(
    "/{dispatch_id}/{action}",
    response_model=Envelope[DispatchRead],
    responses=answer_headers(200, ETAG)
    | error_responses(
        PermissionDeniedError,
        DispatchNotFoundError,
        WorkCenterNotFoundError,
        DispatchInvalidTransitionError,
        WorkOrderNotRunningError,
        WorkCenterInactiveError,
        WorkCenterBlockedError,
        OperationNotReadyError,
    ),
    summary="Move a dispatch through its steps",
)
async def apply_dispatch_action(
    principal: DispatchActor,
    dispatch_id: DispatchId,
    action: DispatchAction,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[DispatchRead]:
    """`start`, `pause`, `resume`, `finish` (dispatch:operate) or `cancel` (dispatch:manage).

    Starting the first dispatch of a pending order starts the order. A dispatch cannot start
    or resume while its order is on hold, nor at an inactive or blocked work center (409),
    nor, on an order with operations, while its operation has no pieces waiting beyond what
    it reported (409 `OPERATION_NOT_READY`).
    Requires `If-Match` with the dispatch's version.
    """
    dispatch = await service.apply_dispatch_action(
        db_session=db_session,
        organization_id=principal.organization_id,
        dispatch_id=dispatch_id,
        action=action,
        expected_version=expected_version,
        actor=principal,
        context=context,
    )
    set_etag(response, dispatch.version)
    return Envelope(data=dispatch)
