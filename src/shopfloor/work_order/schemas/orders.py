"""Work orders: what a client sends to create, change or move one, and what it reads."""

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
    PRIORITY_DEFAULT,
    WorkOrderAction,
    WorkOrderStatus,
)
from shopfloor.work_order.lifecycle import (
    committed_qty,
    ready_to_close,
    remaining_qty,
    unplanned_qty,
)
from shopfloor.work_order.schemas.dispatches import DispatchRead
from shopfloor.work_order.schemas.fields import (
    BoundedDate,
    BoundedDateTime,
    Note,
    OrderNumber,
    Priority,
    ProductModel,
    Quantity,
    Reason,
    planned_end_not_before_start,
)
from shopfloor.work_order.schemas.operations import OperationRead


class WorkOrderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_number: OrderNumber
    customer_id: uuid.UUID | None = Field(default=None, description="An active customer.")
    item_id: uuid.UUID | None = Field(
        default=None,
        description="An active item: what the order makes. Required when the server sets "
        "WORK_ORDER_REQUIRE_ITEM.",
    )
    routing_id: uuid.UUID | None = Field(
        default=None,
        description="A released routing of the item, whose operations the order copies. "
        "Without it, the item's default routing, if it has one; needs item_id.",
    )
    # Validated even when omitted: without an item it is required.
    product_model: ProductModel | None = Field(
        default=None,
        validate_default=True,
        description="Required without item_id; with it, defaults to the item's name.",
    )
    quantity: Quantity
    priority: Priority = PRIORITY_DEFAULT
    due_date: BoundedDate | None = None
    planned_start_at: BoundedDateTime | None = None
    planned_end_at: BoundedDateTime | None = None
    note: Note | None = None

    @field_validator("product_model")
    @classmethod
    def _product_named(cls, value: str | None, info: ValidationInfo) -> str | None:
        # An item_id that failed its own validation is not in info.data: one error is enough.
        if value is None and "item_id" in info.data and info.data["item_id"] is None:
            raise PydanticCustomError("missing", "Field required")
        return value

    @field_validator("routing_id")
    @classmethod
    def _routing_of_an_item(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        if value is not None and "item_id" in info.data and info.data["item_id"] is None:
            raise PydanticCustomError("routing_without_item", "A routing needs item_id.")
        return value

    @field_validator("planned_end_at")
    @classmethod
    def _end_after_start(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        planned_end_not_before_start(value, info)
        return value


class WorkOrderUpdate(BaseModel):
    """A partial update: only the fields sent change; null clears an optional field."""

    model_config = ConfigDict(extra="forbid")

    order_number: Omittable[OrderNumber] = None
    customer_id: uuid.UUID | None = None
    item_id: uuid.UUID | None = Field(
        default=None,
        description="null clears it; a new item without product_model sets it to the item's name.",
    )
    product_model: Omittable[ProductModel] = None
    quantity: Omittable[Quantity] = None
    priority: Omittable[Priority] = None
    due_date: BoundedDate | None = None
    planned_start_at: BoundedDateTime | None = None
    planned_end_at: BoundedDateTime | None = None
    note: Note | None = None

    @field_validator("planned_end_at")
    @classmethod
    def _end_after_start(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        planned_end_not_before_start(value, info)
        return value


class TransitionRequest(BaseModel):
    """The body of an action (`{}` for none); some actions require the reason (see the table)."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = Field(default=None, examples=["Spindle bearing replaced"])


class WorkOrderRead(BaseModel):
    # allowed_actions has a default but is always sent: required in the answer's schema.
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    order_number: str
    customer_id: uuid.UUID | None
    item_id: uuid.UUID | None = Field(description="The item the order makes, if it names one.")
    routing_id: uuid.UUID | None = Field(
        description="The released routing whose operations the order copied, if any."
    )
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


class WorkOrderDetail(WorkOrderRead):
    operations: list[OperationRead] = Field(
        description="Copied from the routing when the order was made, ordered by seq; empty "
        "for an order without operations."
    )
    dispatches: list[DispatchRead] = Field(description="Ordered by sequence.")

    @computed_field(  # type: ignore[prop-decorator]
        description="What new dispatches may still plan: the quantity minus what the "
        "dispatches hold (open ones their plan, closed ones what they produced). With "
        "operations: the sum of the operations' undispatched_qty."
    )
    @property
    def unplanned_qty(self) -> int:
        if self.operations:
            return sum(operation.undispatched_qty for operation in self.operations)
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
