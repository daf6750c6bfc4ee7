"""HTTP routes of work orders, mounted under /api/v1/work-orders.

Handlers declare the principal first: FastAPI resolves dependencies in order, so a caller
without credentials gets 401, and one without the permission 403, before any 428 or 422
about the request itself.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from shopfloor.audit.schemas import AuditHistoryEntry
from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.headers import ETAG, LOCATION, answer_headers
from shopfloor.core.pagination import Pagination
from shopfloor.customer.exceptions import CustomerInactiveError
from shopfloor.item.exceptions import ItemInactiveError
from shopfloor.routing.exceptions import RoutingItemMismatchError, RoutingNotReleasedError
from shopfloor.work_center.exceptions import WorkCenterBlockedError, WorkCenterInactiveError
from shopfloor.work_order import service
from shopfloor.work_order.constants import WorkOrderAction
from shopfloor.work_order.dependencies import (
    Creator,
    Deleter,
    DispatchManager,
    Filters,
    NewDispatch,
    NewWorkOrder,
    Period,
    Reader,
    Settings,
    Transition,
    Updater,
    WorkOrderActor,
    WorkOrderId,
)
from shopfloor.work_order.exceptions import (
    ActiveDispatchesError,
    InvalidDatesError,
    InvalidReferenceError,
    InvalidTransitionError,
    ItemRequiredError,
    OperationRequiredError,
    OperationSkippedError,
    PlannedQtyExceedsOpenError,
    QuantityBelowDispatchedError,
    QuantityBelowReportedError,
    ReasonRequiredError,
    ShortCloseReasonRequiredError,
    WorkOrderFieldLockedError,
    WorkOrderNotDeletableError,
    WorkOrderNotFoundError,
    WorkOrderNumberTakenError,
    WorkOrderReadOnlyError,
)
from shopfloor.work_order.read_cache import read_cache_of
from shopfloor.work_order.schemas import (
    DispatchRead,
    WorkOrderDetail,
    WorkOrderRead,
    WorkOrderSummary,
    WorkOrderUpdate,
)
from shopfloor.work_order.schemas import examples as ex

router = APIRouter()


@router.get(
    "",
    response_model=ListEnvelope[WorkOrderRead],
    responses=answer_headers(200, examples=ex.examples(page=ex.ORDER_PAGE))
    | error_responses(PermissionDeniedError),
    summary="List work orders",
)
async def list_work_orders(
    principal: Reader, db_session: DbSession, filters: Filters, pagination: Pagination
) -> ListEnvelope[WorkOrderRead]:
    """The organisation's orders, most urgent first. Without `status`, open orders only."""
    page = await service.list_work_orders(
        db_session=db_session,
        organization_id=principal.organization_id,
        filters=filters,
        params=pagination,
        permissions=principal.permissions,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[WorkOrderRead],
    responses=answer_headers(201, ETAG, LOCATION, examples=ex.examples(created=ex.CREATED_ORDER))
    | error_responses(
        PermissionDeniedError,
        WorkOrderNumberTakenError,
        CustomerInactiveError,
        ItemInactiveError,
        InvalidReferenceError,
        ItemRequiredError,
        RoutingNotReleasedError,
        RoutingItemMismatchError,
    ),
    summary="Create a work order",
)
async def create_work_order(
    principal: Creator,
    data: NewWorkOrder,
    db_session: DbSession,
    settings: Settings,
    context: CurrentRequestContext,
    request: Request,
    response: Response,
) -> Envelope[WorkOrderRead]:
    """A new pending order. The order number must be unused among live orders (409).

    With `item_id`, `product_model` defaults to the item's name; an inactive item answers 409.
    """
    order = await service.create_work_order(
        db_session=db_session,
        organization_id=principal.organization_id,
        data=data,
        actor=principal,
        context=context,
        require_item=settings.require_item,
    )
    response.headers["Location"] = str(
        request.url_for("read_work_order", work_order_id=str(order.id))
    )
    set_etag(response, order.version)
    return Envelope(data=order)


@router.get(
    "/summary",
    response_model=Envelope[WorkOrderSummary],
    responses=error_responses(PermissionDeniedError),
    summary="Work order figures",
)
async def get_work_order_summary(
    principal: Reader, db_session: DbSession, period: Period
) -> Envelope[WorkOrderSummary]:
    """Counts by status, overdue and due soon now; completions and output in the period."""
    from_date, to_date = period
    summary = await service.work_order_summary(
        db_session=db_session,
        organization_id=principal.organization_id,
        from_date=from_date,
        to_date=to_date,
    )
    return Envelope(data=summary)


@router.get(
    "/{work_order_id}",
    response_model=Envelope[WorkOrderDetail],
    responses=answer_headers(200, ETAG, examples=ex.examples(started=ex.ORDER_DETAIL))
    | error_responses(PermissionDeniedError, WorkOrderNotFoundError),
    summary="Read a work order",
)
async def read_work_order(
    principal: Reader,
    work_order_id: WorkOrderId,
    db_session: DbSession,
    request: Request,
    response: Response,
) -> Envelope[WorkOrderDetail]:
    """The order with its dispatches; the ETag carries its version."""
    order = await service.get_work_order(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        permissions=principal.permissions,
        cache=read_cache_of(request.app),
    )
    set_etag(response, order.version)
    return Envelope(data=order)


@router.patch(
    "/{work_order_id}",
    response_model=Envelope[WorkOrderRead],
    responses=answer_headers(200, ETAG)
    | error_responses(
        PermissionDeniedError,
        WorkOrderNotFoundError,
        WorkOrderReadOnlyError,
        WorkOrderFieldLockedError,
        QuantityBelowReportedError,
        QuantityBelowDispatchedError,
        WorkOrderNumberTakenError,
        CustomerInactiveError,
        ItemInactiveError,
        InvalidDatesError,
        InvalidReferenceError,
        ItemRequiredError,
    ),
    summary="Update a work order",
)
async def update_work_order(
    principal: Updater,
    work_order_id: WorkOrderId,
    data: WorkOrderUpdate,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    settings: Settings,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[WorkOrderRead]:
    """Change the order's fields (never its status: use the actions).

    Pending orders may change everything; once started only priority, due date, planned
    dates, note and quantity (never below what is reported or dispatched). Completed and
    cancelled orders are read-only (409). Requires `If-Match`. A new `item_id` sent without
    `product_model` sets it to the item's name.
    """
    order = await service.update_work_order(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        data=data,
        expected_version=expected_version,
        actor=principal,
        context=context,
        require_item=settings.require_item,
    )
    set_etag(response, order.version)
    return Envelope(data=order)


@router.delete(
    "/{work_order_id}",
    response_model=Envelope[WorkOrderRead],
    responses=error_responses(
        PermissionDeniedError, WorkOrderNotFoundError, WorkOrderNotDeletableError
    ),
    summary="Delete a work order",
)
async def delete_work_order(
    principal: Deleter,
    work_order_id: WorkOrderId,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> Envelope[WorkOrderRead]:
    """Soft-delete a pending or cancelled order (409 otherwise); its number can be reused."""
    order = await service.delete_work_order(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        expected_version=expected_version,
        actor=principal,
        context=context,
    )
    return Envelope(data=order)


@router.get(
    "/{work_order_id}/history",
    response_model=ListEnvelope[AuditHistoryEntry],
    responses=error_responses(PermissionDeniedError, WorkOrderNotFoundError),
    summary="A work order's history",
)
async def list_work_order_history(
    principal: Reader, work_order_id: WorkOrderId, db_session: DbSession, pagination: Pagination
) -> ListEnvelope[AuditHistoryEntry]:
    """Every recorded step, oldest first: edits, status changes, dispatches and reports."""
    page = await service.work_order_history(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        params=pagination,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())


@router.post(
    "/{work_order_id}/dispatches",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[DispatchRead],
    responses=answer_headers(201, ETAG, LOCATION, examples=ex.examples(queued=ex.CREATED_DISPATCH))
    | error_responses(
        PermissionDeniedError,
        WorkOrderNotFoundError,
        WorkOrderReadOnlyError,
        WorkCenterInactiveError,
        WorkCenterBlockedError,
        InvalidReferenceError,
        PlannedQtyExceedsOpenError,
        OperationRequiredError,
        OperationSkippedError,
    ),
    summary="Dispatch a work order to a work center",
)
async def create_dispatch(
    principal: DispatchManager,
    work_order_id: WorkOrderId,
    data: NewDispatch,
    db_session: DbSession,
    context: CurrentRequestContext,
    request: Request,
    response: Response,
) -> Envelope[DispatchRead]:
    """Plan part of the order at a work center (active, not blocked).

    `planned_qty` may not exceed what is still open on the order (422).
    """
    dispatch = await service.create_dispatch(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        data=data,
        actor=principal,
        context=context,
    )
    response.headers["Location"] = str(
        request.url_for("read_dispatch", dispatch_id=str(dispatch.id))
    )
    set_etag(response, dispatch.version)
    return Envelope(data=dispatch)


@router.get(
    "/{work_order_id}/dispatches",
    response_model=ListEnvelope[DispatchRead],
    responses=error_responses(PermissionDeniedError, WorkOrderNotFoundError),
    summary="List a work order's dispatches",
)
async def list_dispatches(
    principal: Reader, work_order_id: WorkOrderId, db_session: DbSession, pagination: Pagination
) -> ListEnvelope[DispatchRead]:
    """By sequence, cancelled and done ones included."""
    page = await service.list_dispatches(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        params=pagination,
        permissions=principal.permissions,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())


@router.post(
    "/{work_order_id}/{action}",
    response_model=Envelope[WorkOrderRead],
    responses=answer_headers(200, ETAG, examples=ex.examples(started=ex.STARTED_ORDER))
    | error_responses(
        PermissionDeniedError,
        WorkOrderNotFoundError,
        InvalidTransitionError,
        ActiveDispatchesError,
        ReasonRequiredError,
        ShortCloseReasonRequiredError,
    ),
    summary="Move a work order through its lifecycle",
    # Optional, as served (no body is `{}`), and never null: a generated client sends the
    # object it is given or no body at all.
)
async def apply_work_order_action(
    principal: WorkOrderActor,
    work_order_id: WorkOrderId,
    action: WorkOrderAction,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
    data: Transition,
) -> Envelope[WorkOrderRead]:
    """`start`, `hold`, `resume`, `complete`, `cancel` or `reopen` (see docs/work-orders.md).

    409 `WORK_ORDER_INVALID_TRANSITION` when the action is not possible from the current
    status (the details list the allowed actions). `hold`, `cancel` and `reopen` need a
    `reason`, and so does `complete` short of the quantity. Requires `If-Match`.
    """
    order = await service.apply_work_order_action(
        db_session=db_session,
        organization_id=principal.organization_id,
        work_order_id=work_order_id,
        action=action,
        reason=data.reason,
        expected_version=expected_version,
        actor=principal,
        context=context,
    )
    set_etag(response, order.version)
    return Envelope(data=order)
