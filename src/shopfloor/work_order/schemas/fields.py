"""Field types of the request bodies: bounds, text rules and what null means."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from shopfloor.core.dates import IsoDate, IsoDateTime, check_date_window
from shopfloor.core.text import MultiLine, SingleLine
from shopfloor.work_order.constants import (
    EARLIEST_DATE,
    LATEST_DATE,
    NOTE_MAX_LENGTH,
    OPERATION_MAX_LENGTH,
    ORDER_NUMBER_MAX_LENGTH,
    ORDER_NUMBER_PATTERN,
    PRIORITY_MAX,
    PRIORITY_MIN,
    PRODUCT_MODEL_MAX_LENGTH,
    QUANTITY_MAX,
    REASON_MAX_LENGTH,
    SCRAP_REASON_MAX_LENGTH,
    SEQUENCE_MAX,
    SEQUENCE_MIN,
)


def _in_date_window(value: date) -> None:
    check_date_window(value, earliest=EARLIEST_DATE, latest=LATEST_DATE)


def _check_date(value: date) -> date:
    _in_date_window(value)
    return value


def _check_datetime(value: datetime) -> datetime:
    _in_date_window(value.date())
    # Stored and answered in UTC, whatever offset the client sent.
    return value.astimezone(UTC)


def _blank_to_none(value: str) -> str | None:
    return value or None


BoundedDate = Annotated[date, IsoDate, AfterValidator(_check_date)]
BoundedDateTime = Annotated[
    AwareDatetime,
    IsoDateTime,
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


def planned_end_not_before_start(value: datetime | None, info: ValidationInfo) -> None:
    start = info.data.get("planned_start_at")
    if value is not None and start is not None and value < start:
        raise PydanticCustomError(
            "planned_end_before_start", "Must not be before the planned start."
        )
