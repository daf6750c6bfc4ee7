"""Request dependencies of the work_order module: permissions, ids, filters, settings."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

from fastapi import Depends, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError

from shopfloor.core.errors import PermissionDeniedError
from shopfloor.core.query_models import query_model
from shopfloor.core.registry import settings_of
from shopfloor.core.security import CurrentPrincipal, Principal, require_permission
from shopfloor.work_order import lifecycle
from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.constants import (
    EARLIEST_DATE,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    IDEMPOTENCY_KEY_PATTERN,
    LATEST_DATE,
    OPEN_STATUSES,
    PERMISSION_CREATE,
    PERMISSION_DELETE,
    PERMISSION_DISPATCH_MANAGE,
    PERMISSION_READ,
    PERMISSION_REPORT,
    PERMISSION_UPDATE,
    STATION_DEFAULT_STATUSES,
    SUMMARY_DEFAULT_DAYS,
    DispatchAction,
    DispatchStatus,
    WorkOrderAction,
    WorkOrderSortField,
    WorkOrderStatus,
)
from shopfloor.work_order.exceptions import IdempotencyKeyRequiredError
from shopfloor.work_order.schemas import WorkOrderFilters, WorkOrderListQuery
from shopfloor.work_order.service import clock

Reader = Annotated[Principal, Depends(require_permission(PERMISSION_READ))]
Creator = Annotated[Principal, Depends(require_permission(PERMISSION_CREATE))]
Updater = Annotated[Principal, Depends(require_permission(PERMISSION_UPDATE))]
Deleter = Annotated[Principal, Depends(require_permission(PERMISSION_DELETE))]
DispatchManager = Annotated[Principal, Depends(require_permission(PERMISSION_DISPATCH_MANAGE))]
Reporter = Annotated[Principal, Depends(require_permission(PERMISSION_REPORT))]

WorkOrderId = Annotated[uuid.UUID, Path(description="The work order's id.")]
DispatchId = Annotated[uuid.UUID, Path(description="The dispatch's id.")]
WorkCenterId = Annotated[uuid.UUID, Path(description="The work center's id.")]

EnumT = TypeVar("EnumT", bound=StrEnum)

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

# -- query parsing ----------------------------------------------------------------------------


def _query_error(name: str, error_type: str, message: str, given: Any, **context: Any) -> NoReturn:
    raise RequestValidationError(
        [
            {
                "type": error_type,
                "loc": ("query", name),
                "msg": message,
                "input": given,
                "ctx": context,
            }
        ]
    )


def _split(values: Iterable[str] | None) -> list[str]:
    """Repeated parameters and comma lists, both: `status=a&status=b` or `status=a,b`."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def parse_enum_list(name: str, values: list[str] | None, enum: type[EnumT]) -> tuple[EnumT, ...]:
    parsed: list[EnumT] = []
    for item in _split(values):
        if item not in enum._value2member_map_:
            _query_error(
                name,
                "unknown_value",
                f"Unsupported value {item}",
                item,
                value=item,
                expected=", ".join(member.value for member in enum),
            )
        member = enum(item)
        if member not in parsed:
            parsed.append(member)
    return tuple(parsed)


def parse_sort(value: str) -> tuple[tuple[str, bool], ...]:
    """`-priority,due_date` -> (("priority", True), ("due_date", False), ("id", False))."""
    fields: list[tuple[str, bool]] = []
    for item in _split([value]):
        descending = item.startswith("-")
        name = item.lstrip("-+")
        if name not in WorkOrderSortField._value2member_map_:
            _query_error(
                "sort",
                "unknown_value",
                f"Unsupported sort field {name}",
                item,
                value=item,
                expected=", ".join(field.value for field in WorkOrderSortField),
            )
        if all(existing != name for existing, _ in fields):
            fields.append((name, descending))
    if not any(name == WorkOrderSortField.ID for name, _ in fields):
        fields.append((WorkOrderSortField.ID.value, False))  # stable pages
    return tuple(fields)


def _check_range(low_name: str, low: Any, high_name: str, high: Any) -> None:
    if low is not None and high is not None and low > high:
        _query_error(
            low_name,
            "range_reversed",
            f"{low_name} must not be greater than {high_name}",
            low,
            low=low_name,
            high=high_name,
        )


def _check_date(name: str, value: date | None) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        _query_error(
            name,
            "date_out_of_range",
            "Date out of range",
            value.isoformat(),
            earliest=EARLIEST_DATE.isoformat(),
            latest=LATEST_DATE.isoformat(),
        )


async def work_order_filters(
    query: Annotated[WorkOrderListQuery, Depends(query_model(WorkOrderListQuery))],
) -> WorkOrderFilters:
    statuses = parse_enum_list("status", query.status, WorkOrderStatus) or OPEN_STATUSES
    _check_range("priority_min", query.priority_min, "priority_max", query.priority_max)
    _check_date("due_from", query.due_from)
    _check_date("due_to", query.due_to)
    _check_range("due_from", query.due_from, "due_to", query.due_to)
    return WorkOrderFilters(
        statuses=tuple(statuses),
        customer_id=query.customer_id,
        product_model=(query.product_model or "").strip() or None,
        priority_min=query.priority_min,
        priority_max=query.priority_max,
        due_from=query.due_from,
        due_to=query.due_to,
        overdue=query.overdue,
        work_center_id=query.work_center_id,
        q=(query.q or "").strip() or None,
        sort=parse_sort(query.sort),
    )


Filters = Annotated[WorkOrderFilters, Depends(work_order_filters)]


async def station_statuses(
    status: Annotated[
        list[str] | None,
        Query(
            description="Dispatch statuses; repeat or separate with commas. Default: "
            "queued, in_progress."
        ),
    ] = None,
) -> tuple[DispatchStatus, ...]:
    return parse_enum_list("status", status, DispatchStatus) or STATION_DEFAULT_STATUSES


StationStatuses = Annotated[tuple[DispatchStatus, ...], Depends(station_statuses)]


async def summary_range(
    from_date: Annotated[
        date | None, Query(alias="from", description="First day (UTC); default 29 days ago.")
    ] = None,
    to_date: Annotated[
        date | None, Query(alias="to", description="Last day (UTC), inclusive; default today.")
    ] = None,
) -> tuple[date, date]:
    _check_date("from", from_date)
    _check_date("to", to_date)
    end = to_date or clock.today()
    start = from_date or end - timedelta(days=SUMMARY_DEFAULT_DAYS - 1)
    _check_range("from", start, "to", end)
    return start, end


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
