"""Request and response bodies of the work_order module.

Requests forbid unknown fields, so a client can never write `status`, the quantity sums,
server timestamps, `version`, `organization_id` or `created_by` (422 `extra_forbidden`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from shopfloor.core.dates import check_date_window
from shopfloor.core.text import MultiLine, SingleLine
from shopfloor.work_order.constants import (
    DEFAULT_SORT,
    EARLIEST_DATE,
    LATEST_DATE,
    NOTE_MAX_LENGTH,
    OPERATION_MAX_LENGTH,
    ORDER_NUMBER_MAX_LENGTH,
    ORDER_NUMBER_PATTERN,
    PRIORITY_DEFAULT,
    PRIORITY_MAX,
    PRIORITY_MIN,
    PRODUCT_MODEL_MAX_LENGTH,
    QUANTITY_MAX,
    REASON_MAX_LENGTH,
    SCRAP_REASON_MAX_LENGTH,
    SEARCH_MAX_LENGTH,
    SEQUENCE_MAX,
    SEQUENCE_MIN,
    DispatchAction,
    DispatchStatus,
    WorkOrderAction,
    WorkOrderSortField,
    WorkOrderStatus,
)
from shopfloor.work_order.lifecycle import (
    committed_qty,
    ready_to_close,
    remaining_qty,
    unplanned_qty,
)

# -- field types ------------------------------------------------------------------------------


def _in_date_window(value: date) -> None:
    check_date_window(value, earliest=EARLIEST_DATE, latest=LATEST_DATE)


def _check_date(value: date) -> date:
    _in_date_window(value)
    return value


def _check_datetime(value: datetime) -> datetime:
    _in_date_window(value.date())
    # Stored and answered in UTC, whatever offset the client sent.
    return value.astimezone(UTC)


def _reject_null(value: object) -> object:
    # Runs only for values the client sent: omitting a field keeps it, null is an error.
    if value is None:
        raise PydanticCustomError("not_nullable", "This field cannot be null.")
    return value


def _blank_to_none(value: str) -> str | None:
    return value or None


BoundedDate = Annotated[date, AfterValidator(_check_date)]
BoundedDateTime = Annotated[
    AwareDatetime,
    AfterValidator(_check_datetime),
    Field(description="ISO 8601 with a time zone, e.g. 2026-11-25T08:00:00+08:00."),
]
OrderNumber = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=ORDER_NUMBER_MAX_LENGTH,
        pattern=ORDER_NUMBER_PATTERN,
    ),
    Field(
        description="Unique per organisation among live orders; letters, digits, . _ / # -.",
        examples=["WO-2026-0001"],
    ),
]
ProductModel = Annotated[
    str,
    SingleLine(min_length=1, max_length=PRODUCT_MODEL_MAX_LENGTH),
    Field(examples=["GB-200 gearbox"]),
]
Quantity = Annotated[
    int, Field(ge=1, le=QUANTITY_MAX, description=f"Pieces, 1 to {QUANTITY_MAX:_}.")
]
ReportQuantity = Annotated[int, Field(ge=0, le=QUANTITY_MAX)]
Priority = Annotated[
    int, Field(ge=PRIORITY_MIN, le=PRIORITY_MAX, description="1 (lowest) to 10 (most urgent).")
]
StepSequence = Annotated[
    int, Field(ge=SEQUENCE_MIN, le=SEQUENCE_MAX, description="Order of the step; 1 to 9999.")
]
Reason = Annotated[str, MultiLine(min_length=1, max_length=REASON_MAX_LENGTH)]
Note = Annotated[
    str,
    MultiLine(max_length=NOTE_MAX_LENGTH),
    AfterValidator(_blank_to_none),
    Field(description="Free text; blank means none."),
]
Operation = Annotated[
    str,
    SingleLine(max_length=OPERATION_MAX_LENGTH),
    AfterValidator(_blank_to_none),
    Field(description="What is done at the work center, e.g. 'turning'.", examples=["turning"]),
]
ScrapReason = Annotated[
    str,
    SingleLine(max_length=SCRAP_REASON_MAX_LENGTH),
    AfterValidator(_blank_to_none),
]
ReportNote = Annotated[
    str,
    MultiLine(max_length=REASON_MAX_LENGTH),
    AfterValidator(_blank_to_none),
]


def _planned_end_not_before_start(value: datetime | None, info: ValidationInfo) -> None:
    start = info.data.get("planned_start_at")
    if value is not None and start is not None and value < start:
        raise PydanticCustomError(
            "planned_end_before_start", "Must not be before the planned start."
        )


# -- work orders ------------------------------------------------------------------------------


class WorkOrderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_number: OrderNumber
    customer_id: uuid.UUID | None = Field(default=None, description="An active customer.")
    product_model: ProductModel
    quantity: Quantity
    priority: Priority = PRIORITY_DEFAULT
    due_date: BoundedDate | None = None
    planned_start_at: BoundedDateTime | None = None
    planned_end_at: BoundedDateTime | None = None
    note: Note | None = None

    @field_validator("planned_end_at")
    @classmethod
    def _end_after_start(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        _planned_end_not_before_start(value, info)
        return value


class WorkOrderUpdate(BaseModel):
    """A partial update: only the fields sent change; null clears an optional field."""

    model_config = ConfigDict(extra="forbid")

    order_number: Annotated[OrderNumber | None, AfterValidator(_reject_null)] = None
    customer_id: uuid.UUID | None = None
    product_model: Annotated[ProductModel | None, AfterValidator(_reject_null)] = None
    quantity: Annotated[Quantity | None, AfterValidator(_reject_null)] = None
    priority: Annotated[Priority | None, AfterValidator(_reject_null)] = None
    due_date: BoundedDate | None = None
    planned_start_at: BoundedDateTime | None = None
    planned_end_at: BoundedDateTime | None = None
    note: Note | None = None

    @field_validator("planned_end_at")
    @classmethod
    def _end_after_start(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        _planned_end_not_before_start(value, info)
        return value


class TransitionRequest(BaseModel):
    """The optional body of an action; some actions require the reason (see the table)."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = Field(default=None, examples=["Spindle bearing replaced"])


class WorkOrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    order_number: str
    customer_id: uuid.UUID | None
    product_model: str
    quantity: int
    produced_qty: int = Field(description="Good pieces reported (server-maintained).")
    scrap_qty: int = Field(description="Scrapped pieces reported (server-maintained).")
    status: WorkOrderStatus
    priority: int
    due_date: date | None
    planned_start_at: datetime | None
    planned_end_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    hold_reason: str | None = Field(description="Why the order is on hold (only while on hold).")
    cancel_reason: str | None
    close_reason: str | None = Field(description="Why the order was completed short.")
    note: str | None
    version: int = Field(description="Send it back in If-Match to change the order.")
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = Field(description="Set only in the answer to DELETE.")
    allowed_actions: list[WorkOrderAction] = Field(
        default_factory=list,
        description="The lifecycle actions the caller may take now.",
    )

    @computed_field(description="quantity - produced_qty - scrap_qty, never below 0.")  # type: ignore[prop-decorator]
    @property
    def remaining_qty(self) -> int:
        return remaining_qty(self.quantity, self.produced_qty, self.scrap_qty)

    @computed_field(description="produced_qty + scrap_qty has reached the quantity.")  # type: ignore[prop-decorator]
    @property
    def ready_to_close(self) -> bool:
        return ready_to_close(self.quantity, self.produced_qty, self.scrap_qty)


class DispatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    work_order_id: uuid.UUID
    work_center_id: uuid.UUID
    operator_id: uuid.UUID | None
    sequence: int
    operation: str | None
    planned_qty: int
    good_qty: int = Field(description="Good pieces reported (server-maintained).")
    scrap_qty: int = Field(description="Scrapped pieces reported (server-maintained).")
    status: DispatchStatus
    note: str | None
    started_at: datetime | None
    finished_at: datetime | None
    version: int = Field(description="Send it back in If-Match to change the dispatch.")
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    allowed_actions: list[DispatchAction] = Field(
        default_factory=list,
        description="The dispatch actions the caller may take now.",
    )

    @computed_field(description="planned_qty - good_qty - scrap_qty, never below 0.")  # type: ignore[prop-decorator]
    @property
    def remaining_qty(self) -> int:
        return remaining_qty(self.planned_qty, self.good_qty, self.scrap_qty)


class WorkOrderDetail(WorkOrderRead):
    dispatches: list[DispatchRead] = Field(description="Ordered by sequence.")

    @computed_field(  # type: ignore[prop-decorator]
        description="What new dispatches may still plan: the quantity minus what the "
        "dispatches hold (open ones their plan, closed ones what they produced)."
    )
    @property
    def unplanned_qty(self) -> int:
        return unplanned_qty(
            self.quantity,
            (
                committed_qty(
                    status=d.status,
                    planned_qty=d.planned_qty,
                    good_qty=d.good_qty,
                    scrap_qty=d.scrap_qty,
                )
                for d in self.dispatches
            ),
        )


class StationDispatchRead(DispatchRead):
    """A dispatch as a work center's screen shows it, with its order's essentials."""

    order_number: str
    product_model: str
    work_order_status: WorkOrderStatus
    work_order_priority: int
    work_order_due_date: date | None


# -- dispatches -------------------------------------------------------------------------------


class DispatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    work_center_id: uuid.UUID = Field(description="An active work center that is not blocked.")
    operator_id: uuid.UUID | None = Field(
        default=None, description="An active user of the organisation."
    )
    sequence: StepSequence | None = Field(
        default=None, description="Defaults to one after the order's highest sequence."
    )
    operation: Operation | None = None
    planned_qty: Quantity
    note: Note | None = None


class DispatchUpdate(BaseModel):
    """A partial update; the work center can change only while the dispatch is queued."""

    model_config = ConfigDict(extra="forbid")

    work_center_id: Annotated[uuid.UUID | None, AfterValidator(_reject_null)] = None
    operator_id: uuid.UUID | None = None
    sequence: Annotated[StepSequence | None, AfterValidator(_reject_null)] = None
    operation: Operation | None = None
    planned_qty: Annotated[Quantity | None, AfterValidator(_reject_null)] = None
    note: Note | None = None


# -- production reports -----------------------------------------------------------------------


class ProductionReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    good_qty: ReportQuantity = 0
    scrap_qty: ReportQuantity = 0
    scrap_reason: ScrapReason | None = Field(
        default=None,
        validate_default=True,
        description="Required when scrap_qty > 0, refused when it is 0.",
        examples=["Surface scratches"],
    )
    operator_id: uuid.UUID | None = Field(
        default=None, description="Who made the pieces; defaults to the caller."
    )
    from_time: BoundedDateTime | None = None
    to_time: BoundedDateTime | None = Field(
        default=None,
        description="When the pieces were finished; defaults to the time of the report.",
    )
    note: ReportNote | None = None

    @field_validator("scrap_reason")
    @classmethod
    def _scrap_reason_matches_scrap(cls, value: str | None, info: ValidationInfo) -> str | None:
        scrap = info.data.get("scrap_qty")
        if scrap is None:
            return value  # scrap_qty itself is invalid and reported
        if scrap > 0 and value is None:
            raise PydanticCustomError(
                "scrap_reason_required", "Required when scrap_qty is greater than 0."
            )
        if scrap == 0 and value is not None:
            raise PydanticCustomError(
                "scrap_reason_without_scrap", "Only allowed when scrap_qty is greater than 0."
            )
        return value

    @field_validator("to_time")
    @classmethod
    def _to_not_before_from(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("from_time")
        if value is not None and start is not None and value < start:
            raise PydanticCustomError("to_time_before_from_time", "Must not be before from_time.")
        return value

    @model_validator(mode="after")
    def _something_reported(self) -> ProductionReportCreate:
        if self.good_qty + self.scrap_qty == 0:
            raise PydanticCustomError(
                "report_quantity_empty", "good_qty and scrap_qty together must be above 0."
            )
        return self


class ProductionReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    dispatch_id: uuid.UUID
    work_order_id: uuid.UUID
    operator_id: uuid.UUID
    good_qty: int
    scrap_qty: int
    scrap_reason: str | None
    from_time: datetime | None
    to_time: datetime
    note: str | None
    idempotency_key: str | None
    reported_by: uuid.UUID | None
    created_at: datetime


class DispatchProgress(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: DispatchStatus
    planned_qty: int
    good_qty: int
    scrap_qty: int
    version: int


class WorkOrderProgress(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: WorkOrderStatus
    quantity: int
    produced_qty: int
    scrap_qty: int
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ready_to_close(self) -> bool:
        return self.produced_qty + self.scrap_qty >= self.quantity


class ReportOutcome(BaseModel):
    """The new report and the totals it produced, as the tablet shows them."""

    report: ProductionReportRead
    dispatch: DispatchProgress
    work_order: WorkOrderProgress


# -- queries ----------------------------------------------------------------------------------


class StatusCounts(BaseModel):
    pending: int = 0
    in_progress: int = 0
    on_hold: int = 0
    completed: int = 0
    cancelled: int = 0


class SummaryPeriod(BaseModel):
    from_date: date = Field(description="First day of the period (UTC), inclusive.")
    to_date: date = Field(description="Last day of the period (UTC), inclusive.")
    completed_orders: int = Field(description="Orders completed in the period.")
    produced_qty: int = Field(description="Good pieces reported with to_time in the period.")
    scrap_qty: int = Field(description="Scrapped pieces reported with to_time in the period.")
    scrap_rate: float | None = Field(
        description="scrap_qty / (produced_qty + scrap_qty), 4 decimals; null without reports."
    )
    average_lead_time_hours: float | None = Field(
        description="Mean of completed_at - started_at over the period's completed orders."
    )


class WorkOrderSummary(BaseModel):
    as_of: date = Field(description="Today (UTC), the reference for overdue and due soon.")
    counts_by_status: StatusCounts
    open_orders: int = Field(description="pending + in_progress + on_hold.")
    overdue: int = Field(description="Open orders due before today.")
    due_next_7_days: int = Field(description="Open orders due in the 7 days from today on.")
    period: SummaryPeriod


# Stripped by the filters themselves, so a blank value means no filter.
ProductModelText = Annotated[
    str, SingleLine(max_length=PRODUCT_MODEL_MAX_LENGTH, strip_whitespace=False)
]
SearchText = Annotated[str, SingleLine(max_length=SEARCH_MAX_LENGTH, strip_whitespace=False)]


class WorkOrderListQuery(BaseModel):
    """The list's query parameters as sent; the filters dependency checks and parses them."""

    status: list[str] | None = Field(
        default=None,
        description="Repeat the parameter or separate with commas. Default: the open statuses "
        "(pending, in_progress, on_hold).",
        examples=["pending,in_progress"],
    )
    customer_id: uuid.UUID | None = Field(default=None, description="Orders of this customer.")
    product_model: ProductModelText | None = Field(default=None, description="Exact product model.")
    priority_min: int | None = Field(default=None, ge=PRIORITY_MIN, le=PRIORITY_MAX)
    priority_max: int | None = Field(default=None, ge=PRIORITY_MIN, le=PRIORITY_MAX)
    due_from: date | None = Field(default=None, description="Due on or after this day.")
    due_to: date | None = Field(default=None, description="Due on or before this day.")
    overdue: bool | None = Field(
        default=None, description="true: due before today and still open; false: all others."
    )
    work_center_id: uuid.UUID | None = Field(
        default=None, description="Orders with a dispatch at this work center."
    )
    q: SearchText | None = Field(default=None, description="Part of the order number, any case.")
    sort: str = Field(
        default=DEFAULT_SORT,
        max_length=200,
        description="Comma-separated fields, '-' for descending: "
        + ", ".join(field.value for field in WorkOrderSortField)
        + ". The id is always added last so pages are stable.",
    )


class WorkOrderFilters(BaseModel):
    """The list's query, validated (built by a dependency)."""

    model_config = ConfigDict(frozen=True)

    statuses: tuple[WorkOrderStatus, ...]
    customer_id: uuid.UUID | None = None
    product_model: str | None = None
    priority_min: int | None = None
    priority_max: int | None = None
    due_from: date | None = None
    due_to: date | None = None
    overdue: bool | None = None
    work_center_id: uuid.UUID | None = None
    q: str | None = None
    sort: tuple[tuple[str, bool], ...] = Field(description="(field, descending) pairs.")
