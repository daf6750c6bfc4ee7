"""Dispatches: what a client sends to plan or change one, and what it reads."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
)

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


# -- requests ------------------------------------------------------------------------------


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

    work_center_id: Omittable[uuid.UUID] = None
    operator_id: uuid.UUID | None = None
    sequence: Omittable[StepSequence] = None
    operation: Operation | None = None
    planned_qty: Omittable[Quantity] = None
    note: Note | None = None
