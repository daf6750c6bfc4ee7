"""Query parameters of the lists and figures, and the figures' answer."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Final, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from shopfloor.core.text import SingleLine
from shopfloor.work_order.constants import (
    DEFAULT_SORT,
    OPEN_STATUSES,
    PRIORITY_MAX,
    PRIORITY_MIN,
    PRODUCT_MODEL_MAX_LENGTH,
    SEARCH_MAX_LENGTH,
    SUMMARY_DEFAULT_DAYS,
    WorkOrderSortField,
    WorkOrderStatus,
)
from shopfloor.work_order.schemas.fields import BoundedDate


class StatusCounts(BaseModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

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

UNKNOWN_VALUE: Final = "unknown_value"
RANGE_REVERSED: Final = "range_reversed"


def split_values(values: Iterable[str]) -> list[str]:
    """Repeated parameters and comma lists, both: `status=a&status=b` or `status=a,b`."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def unknown_value(value: str, enum: type[StrEnum]) -> PydanticCustomError:
    return PydanticCustomError(
        UNKNOWN_VALUE,
        "Unsupported value {value}",
        {"value": value, "expected": ", ".join(member.value for member in enum)},
    )


def members_of(enum: type[StrEnum]) -> Callable[[list[str] | None], list[str] | None]:
    """A check of a list parameter: each value one of `enum`'s, repeats dropped."""

    def check(values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        found: list[str] = []
        for value in split_values(values):
            if value not in enum._value2member_map_:
                raise unknown_value(value, enum)
            if value not in found:
                found.append(value)
        return found

    return check


def parse_sort(value: str) -> tuple[tuple[str, bool], ...]:
    """`-priority,due_date` -> (("priority", True), ("due_date", False), ("id", False))."""
    fields: list[tuple[str, bool]] = []
    for item in split_values([value]):
        name = item.lstrip("-+")
        if name not in WorkOrderSortField._value2member_map_:
            raise PydanticCustomError(
                UNKNOWN_VALUE,
                "Unsupported sort field {value}",
                {"value": item, "expected": ", ".join(field.value for field in WorkOrderSortField)},
            )
        if all(existing != name for existing, _ in fields):
            fields.append((name, item.startswith("-")))
    if not any(name == WorkOrderSortField.ID for name, _ in fields):
        fields.append((WorkOrderSortField.ID.value, False))  # stable pages
    return tuple(fields)


def _check_sort(value: str) -> str:
    parse_sort(value)
    return value


def reversed_range(
    model: type[BaseModel], low_name: str, low: object, high_name: str
) -> ValidationError:
    """`low` above its high end, reported at the low end's parameter.

    A model check's error belongs to the whole model (`["query"]`); the client needs the
    parameter to change, as for the checks of a single parameter.
    """
    error = PydanticCustomError(
        RANGE_REVERSED,
        "{low} must not be greater than {high}",
        {"low": low_name, "high": high_name},
    )
    return ValidationError.from_exception_data(
        model.__name__, [InitErrorDetails(type=error, loc=(low_name,), input=low)]
    )


class WorkOrderListQuery(BaseModel):
    """The list's query parameters, checked; `filters()` is what the list reads."""

    # Checked before the enum so an unknown value keeps its own error (UNKNOWN_VALUE).
    status: Annotated[
        list[WorkOrderStatus] | None, BeforeValidator(members_of(WorkOrderStatus))
    ] = Field(
        default=None,
        description="Repeat the parameter (`status=pending&status=in_progress`); one value "
        "may also list several separated by commas (`status=pending,in_progress`). Default: "
        "the open statuses (pending, in_progress, on_hold).",
        examples=[["pending", "in_progress"]],
    )
    customer_id: uuid.UUID | None = Field(default=None, description="Orders of this customer.")
    item_id: uuid.UUID | None = Field(default=None, description="Orders of this item.")
    product_model: ProductModelText | None = Field(default=None, description="Exact product model.")
    priority_min: int | None = Field(default=None, ge=PRIORITY_MIN, le=PRIORITY_MAX)
    priority_max: int | None = Field(default=None, ge=PRIORITY_MIN, le=PRIORITY_MAX)
    due_from: BoundedDate | None = Field(default=None, description="Due on or after this day.")
    due_to: BoundedDate | None = Field(default=None, description="Due on or before this day.")
    overdue: bool | None = Field(
        default=None, description="true: due before today and still open; false: all others."
    )
    work_center_id: uuid.UUID | None = Field(
        default=None, description="Orders with a dispatch at this work center."
    )
    q: SearchText | None = Field(default=None, description="Part of the order number, any case.")
    sort: Annotated[str, AfterValidator(_check_sort)] = Field(
        default=DEFAULT_SORT,
        max_length=200,
        description="Comma-separated fields, '-' for descending: "
        + ", ".join(field.value for field in WorkOrderSortField)
        + ". The id is always added last so pages are stable.",
    )

    @model_validator(mode="after")
    def _ranges_in_order(self) -> Self:
        low, high = self.priority_min, self.priority_max
        if low is not None and high is not None and low > high:
            raise reversed_range(type(self), "priority_min", low, "priority_max")
        if self.due_from is not None and self.due_to is not None and self.due_from > self.due_to:
            raise reversed_range(type(self), "due_from", self.due_from, "due_to")
        return self

    def filters(self) -> WorkOrderFilters:
        statuses = tuple(WorkOrderStatus(value) for value in self.status or ())
        return WorkOrderFilters(
            statuses=statuses or OPEN_STATUSES,
            customer_id=self.customer_id,
            item_id=self.item_id,
            product_model=(self.product_model or "").strip() or None,
            priority_min=self.priority_min,
            priority_max=self.priority_max,
            due_from=self.due_from,
            due_to=self.due_to,
            overdue=self.overdue,
            work_center_id=self.work_center_id,
            q=(self.q or "").strip() or None,
            sort=parse_sort(self.sort),
        )


class WorkOrderFilters(BaseModel):
    """The list's query as the list reads it: statuses defaulted, text stripped, sort parsed."""

    model_config = ConfigDict(frozen=True)

    statuses: tuple[WorkOrderStatus, ...]
    customer_id: uuid.UUID | None = None
    item_id: uuid.UUID | None = None
    product_model: str | None = None
    priority_min: int | None = None
    priority_max: int | None = None
    due_from: date | None = None
    due_to: date | None = None
    overdue: bool | None = None
    work_center_id: uuid.UUID | None = None
    q: str | None = None
    sort: tuple[tuple[str, bool], ...] = Field(description="(field, descending) pairs.")


def _today() -> date:
    # The day in UTC, as the module's clock (service/clock.py) tells it; schemas sit below
    # the services and cannot import them.
    return datetime.now(UTC).date()


class SummaryQuery(BaseModel):
    """The period of the figures; `period()` fills in what was not sent."""

    from_date: BoundedDate | None = Field(
        default=None, alias="from", description="First day (UTC); default 29 days ago."
    )
    to_date: BoundedDate | None = Field(
        default=None, alias="to", description="Last day (UTC), inclusive; default today."
    )

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        end = self.to_date or _today()
        if self.from_date is not None and self.from_date > end:
            raise reversed_range(type(self), "from", self.from_date, "to")
        return self

    def period(self, today: date) -> tuple[date, date]:
        end = self.to_date or today
        return self.from_date or end - timedelta(days=SUMMARY_DEFAULT_DAYS - 1), end
