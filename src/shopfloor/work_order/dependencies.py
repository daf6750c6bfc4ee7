"""Request dependencies of the work_order module: permissions, ids, queries, settings."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Body, Depends, Header, Path, Query, Request
from pydantic import BeforeValidator

from shopfloor.core.errors import PermissionDeniedError
from shopfloor.core.registry import settings_of
from shopfloor.core.security import CurrentPrincipal, Principal, require_permission
from shopfloor.work_order import lifecycle
from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.constants import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    IDEMPOTENCY_KEY_PATTERN,
    PERMISSION_CREATE,
    PERMISSION_DELETE,
    PERMISSION_DISPATCH_MANAGE,
    PERMISSION_READ,
    PERMISSION_REPORT,
    PERMISSION_REVERSE,
    PERMISSION_TRANSITION,
    PERMISSION_UPDATE,
    STATION_DEFAULT_STATUSES,
    DispatchAction,
    DispatchStatus,
    WorkOrderAction,
)
from shopfloor.work_order.exceptions import IdempotencyKeyRequiredError
from shopfloor.work_order.schemas import (
    DispatchCreate,
    ProductionReportCreate,
    ReversalRequest,
    SummaryQuery,
    TransitionRequest,
    WorkOrderCreate,
    WorkOrderFilters,
    WorkOrderListQuery,
)
from shopfloor.work_order.schemas import examples as ex
from shopfloor.work_order.schemas.queries import members_of
from shopfloor.work_order.service import clock

Reader = Annotated[Principal, Depends(require_permission(PERMISSION_READ))]
Creator = Annotated[Principal, Depends(require_permission(PERMISSION_CREATE))]
Updater = Annotated[Principal, Depends(require_permission(PERMISSION_UPDATE))]
Deleter = Annotated[Principal, Depends(require_permission(PERMISSION_DELETE))]
DispatchManager = Annotated[Principal, Depends(require_permission(PERMISSION_DISPATCH_MANAGE))]
Reporter = Annotated[Principal, Depends(require_permission(PERMISSION_REPORT))]
Reverser = Annotated[Principal, Depends(require_permission(PERMISSION_REVERSE))]
# Skipping an operation is a supervisor's call, as the lifecycle actions are.
OperationSkipper = Annotated[Principal, Depends(require_permission(PERMISSION_TRANSITION))]

WorkOrderId = Annotated[uuid.UUID, Path(description="The work order's id.")]
DispatchId = Annotated[uuid.UUID, Path(description="The dispatch's id.")]
WorkCenterId = Annotated[uuid.UUID, Path(description="The work center's id.")]
ReportId = Annotated[uuid.UUID, Path(description="The production report's id.")]
OperationId = Annotated[uuid.UUID, Path(description="The id of one of the order's operations.")]

# -- request bodies, with their examples in /docs ------------------------------------------

NewWorkOrder = Annotated[
    WorkOrderCreate, Body(openapi_examples=ex.examples(for_a_customer=ex.CREATE_ORDER))
]
NewDispatch = Annotated[
    DispatchCreate, Body(openapi_examples=ex.examples(turning=ex.CREATE_DISPATCH))
]
NewReport = Annotated[
    ProductionReportCreate,
    Body(openapi_examples=ex.examples(good_pieces=ex.REPORT_GOOD, with_scrap=ex.REPORT_SCRAP)),
]
NewReversal = Annotated[
    ReversalRequest, Body(openapi_examples=ex.examples(counted_twice=ex.REVERSE))
]
# `{}` when there is no reason; a request without a body is taken as `{}`.
Transition = Annotated[
    TransitionRequest,
    Body(
        default_factory=TransitionRequest,
        openapi_examples=ex.examples(start=ex.START, hold_with_a_reason=ex.HOLD),
    ),
]

# -- permissions of the actions ---------------------------------------------------------------


async def work_order_actor(
    action: Annotated[WorkOrderAction, Path(description="The lifecycle action.")],
    principal: CurrentPrincipal,
) -> Principal:
    """403 unless the caller holds a permission that allows `action` from some status."""
    needed = lifecycle.action_permissions(action)
    if needed.isdisjoint(principal.permissions):
        raise PermissionDeniedError(params={"permission": " / ".join(sorted(needed))})
    return principal


async def dispatch_actor(
    action: Annotated[DispatchAction, Path(description="The dispatch action.")],
    principal: CurrentPrincipal,
) -> Principal:
    needed = lifecycle.dispatch_transition(action).permission
    if not principal.can(needed):
        raise PermissionDeniedError(params={"permission": needed})
    return principal


WorkOrderActor = Annotated[Principal, Depends(work_order_actor)]
DispatchActor = Annotated[Principal, Depends(dispatch_actor)]

# -- query parameters -------------------------------------------------------------------------


async def work_order_filters(query: Annotated[WorkOrderListQuery, Query()]) -> WorkOrderFilters:
    return query.filters()


Filters = Annotated[WorkOrderFilters, Depends(work_order_filters)]


async def station_statuses(
    status: Annotated[
        list[DispatchStatus] | None,
        BeforeValidator(members_of(DispatchStatus)),
        Query(
            description="Dispatch statuses: repeat the parameter, or separate values with "
            "commas. Default: queued, in_progress.",
            examples=[["queued", "paused"]],
        ),
    ] = None,
) -> tuple[DispatchStatus, ...]:
    return tuple(DispatchStatus(value) for value in status or ()) or STATION_DEFAULT_STATUSES


StationStatuses = Annotated[tuple[DispatchStatus, ...], Depends(station_statuses)]


async def summary_range(query: Annotated[SummaryQuery, Query()]) -> tuple[date, date]:
    return query.period(clock.today())


Period = Annotated[tuple[date, date], Depends(summary_range)]

# -- settings and headers ---------------------------------------------------------------------


def work_order_settings(request: Request) -> WorkOrderSettings:
    return settings_of(request.app, "work_order", WorkOrderSettings)


Settings = Annotated[WorkOrderSettings, Depends(work_order_settings)]


async def idempotency_key(
    settings: Settings,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
            pattern=IDEMPOTENCY_KEY_PATTERN,
            description="A unique value per report (a UUID is ideal). A retry with the same key "
            "and body returns the first result instead of counting twice.",
        ),
    ] = None,
) -> str | None:
    if key is None and settings.require_idempotency_key:
        raise IdempotencyKeyRequiredError()
    return key


IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]
