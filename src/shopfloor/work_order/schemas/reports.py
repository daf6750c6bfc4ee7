"""Production reports: what an operator sends, and what the report and its totals read."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from shopfloor.work_order.constants import (
    DispatchStatus,
    WorkOrderStatus,
)
from shopfloor.work_order.schemas.fields import (
    BoundedDateTime,
    Reason,
    ReportNote,
    ReportQuantity,
    ScrapReason,
)


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
    reverses_id: uuid.UUID | None = Field(
        description="On a reversal, the report it takes back; null on a report."
    )
    reversed_by_id: uuid.UUID | None = Field(
        description="The reversal that took this report back; null while it stands. "
        "Answers to a new report or reversal (and their replays) always show null."
    )


class ReversalRequest(BaseModel):
    """Why a report is taken back; the reason is kept with the reversal and in the history."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(examples=["Counted twice: the shift total included this batch"])


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
