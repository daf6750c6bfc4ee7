"""Dispatches: what a client sends to plan or change one, and what it reads."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
)
from pydantic_core import PydanticCustomError

from shopfloor.core.partial import Omittable
from shopfloor.work_order.constants import (
    DispatchAction,
    DispatchStatus,
    WorkOrderStatus,
)
from shopfloor.work_order.lifecycle import (
    remaining_qty,
)
from shopfloor.work_order.schemas.fields import (
    Note,
    Operation,
    Quantity,
    StepSequence,
)


class DispatchRead(BaseModel):
    # allowed_actions has a default but is always sent: required in the answer's schema.
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    work_order_id: uuid.UUID
    operation_id: uuid.UUID | None = Field(
        description="The order's operation it works on; null on orders without operations."
    )
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


class StationDispatchRead(DispatchRead):
    """A dispatch as a work center's screen shows it, with its order's essentials."""

    order_number: str
    product_model: str
    work_order_status: WorkOrderStatus
    work_order_priority: int
    work_order_due_date: date | None
    operation_seq: int | None = Field(description="The operation's seq, if it has one.")
    operation_name: str | None = Field(description="The operation's name, if it has one.")
    available_qty: int | None = Field(
        description="Pieces the operation may work on (null without an operation)."
    )
    startable: bool = Field(
        description="Whether starting it now would be accepted: it is queued or paused, its "
        "order is not on hold, and its operation has pieces waiting beyond what it reported."
    )


# -- requests ------------------------------------------------------------------------------


class DispatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    operation_id: uuid.UUID | None = Field(
        default=None,
        description="The order's operation to work on: required when the order has "
        "operations, refused when it has none.",
    )
    # Validated even when omitted: without an operation they are required.
    work_center_id: uuid.UUID | None = Field(
        default=None,
        validate_default=True,
        description="An active work center that is not blocked. Required without "
        "operation_id; with it, defaults to the operation's work center.",
    )
    operator_id: uuid.UUID | None = Field(
        default=None, description="An active user of the organisation."
    )
    sequence: StepSequence | None = Field(
        default=None,
        description="Defaults to the operation's seq, or without one to one after the "
        "order's highest sequence.",
    )
    operation: Operation | None = Field(
        default=None, description="A label; defaults to the operation's name."
    )
    planned_qty: Quantity | None = Field(
        default=None,
        validate_default=True,
        description="Required without operation_id; with it, defaults to the operation's "
        "undispatched quantity.",
    )
    note: Note | None = None

    @field_validator("work_center_id", "planned_qty")
    @classmethod
    def _required_without_operation(cls, value: object, info: ValidationInfo) -> object:
        # An operation_id that failed its own validation is not in info.data: one error is
        # enough.
        if value is None and "operation_id" in info.data and info.data["operation_id"] is None:
            raise PydanticCustomError("missing", "Field required")
        return value


class DispatchUpdate(BaseModel):
    """A partial update; the work center can change only while the dispatch is queued."""

    model_config = ConfigDict(extra="forbid")

    work_center_id: Omittable[uuid.UUID] = None
    operator_id: uuid.UUID | None = None
    sequence: Omittable[StepSequence] = None
    operation: Operation | None = None
    planned_qty: Omittable[Quantity] = None
    note: Note | None = None
