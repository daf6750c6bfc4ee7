"""Query parameters of the lists and figures, and the figures' answer."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from shopfloor.core.text import SingleLine
from shopfloor.work_order.constants import (
    DEFAULT_SORT,
    PRIORITY_MAX,
    PRIORITY_MIN,
    PRODUCT_MODEL_MAX_LENGTH,
    SEARCH_MAX_LENGTH,
    WorkOrderSortField,
    WorkOrderStatus,
)


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
