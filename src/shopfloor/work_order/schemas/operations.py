"""Operations of an order: what a client reads of them, and what it sends to change one."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shopfloor.core.partial import Omittable
from shopfloor.work_order.constants import OperationStatus
from shopfloor.work_order.schemas.fields import Reason


class OperationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    work_order_id: uuid.UUID
    seq: int = Field(description="Operations that share a seq run side by side.")
    name: str
    work_center_id: uuid.UUID = Field(description="Where its dispatches go by default.")
    setup_min: float
    run_s_per_unit: float
    instructions: str | None
    status: OperationStatus = Field(
        description="pending: nothing has reached it; ready: pieces wait for it; in_progress: "
        "a dispatch runs or pieces are reported; done: it has reported everything the "
        "operations before it passed on; skipped: a supervisor skipped it."
    )
    good_qty: int = Field(description="Good pieces its dispatches reported.")
    scrap_qty: int = Field(description="Scrapped pieces its dispatches reported.")
    available_qty: int = Field(
        description="The pieces it may work on: the order quantity for the first seq, "
        "otherwise the smallest good_qty of the operations of the highest lower seq."
    )
    undispatched_qty: int = Field(
        description="What new dispatches of it may still plan: the order quantity minus what "
        "its dispatches hold (open ones their plan, closed ones what they produced)."
    )
    skip_reason: str | None
    version: int = Field(description="Send it back in If-Match to change the operation.")
    created_at: datetime
    updated_at: datetime


class OperationUpdate(BaseModel):
    """Reassign the operation, while nothing has been reported on it (`{}` changes nothing)."""

    model_config = ConfigDict(extra="forbid")

    work_center_id: Omittable[uuid.UUID] = Field(
        default=None, description="An active work center that is not blocked."
    )


class OperationSkipRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(examples=["Deburring not needed on this lot"])
