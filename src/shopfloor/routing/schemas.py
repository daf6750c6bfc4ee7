"""Request and response bodies of the routing module (also its public read models).

Requests forbid unknown fields, so a client never writes `version`, `status`, `revision`
or timestamps (422 `extra_forbidden`). Operations are always sent as the whole list.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shopfloor.core.envelope import ErrorDetail, FieldErrorDetail
from shopfloor.core.master_data import schemas as master
from shopfloor.core.text import MultiLine
from shopfloor.routing.constants import (
    INSTRUCTIONS_MAX_LENGTH,
    OPERATION_NAME_MAX_LENGTH,
    OPERATIONS_MAX,
    RUN_S_PER_UNIT_MAX,
    SEQ_MAX,
    SEQ_MIN,
    SETUP_MIN_MAX,
    RoutingAction,
    RoutingStatus,
)

RoutingCode = Annotated[
    master.Code,
    Field(
        description="The routing's name within its item (versions share it); letters, "
        "digits, '.', '_', '-'; stored upper case.",
        examples=["STD"],
    ),
]
Seq = Annotated[
    int,
    Field(
        ge=SEQ_MIN,
        le=SEQ_MAX,
        description=f"The step's place, {SEQ_MIN} to {SEQ_MAX}; operations that share it run "
        "in parallel.",
        examples=[10],
    ),
]
OperationName = Annotated[
    str, master.name_rules(OPERATION_NAME_MAX_LENGTH), Field(examples=["Turning"])
]
SetupMinutes = Annotated[
    float,
    Field(
        ge=0,
        le=SETUP_MIN_MAX,
        allow_inf_nan=False,
        description=f"Set-up time once per dispatch, in minutes (0 to {SETUP_MIN_MAX}).",
        examples=[15],
    ),
]
RunSeconds = Annotated[
    float,
    Field(
        ge=0,
        le=RUN_S_PER_UNIT_MAX,
        allow_inf_nan=False,
        description=f"Run time per piece, in seconds (0 to {RUN_S_PER_UNIT_MAX}).",
        examples=[42.5],
    ),
]
Instructions = Annotated[
    str,
    MultiLine(max_length=INSTRUCTIONS_MAX_LENGTH),
    master.BlankIsNone,
    Field(
        description="Work instructions over several lines; blank means none.",
        examples=["Chuck on the 30 mm side.\nCheck the diameter every 20 pieces."],
    ),
]


class RoutingOperationWrite(master.StrictBody):
    """One operation as sent; its work center must exist in the organisation."""

    seq: Seq
    name: OperationName
    work_center_id: uuid.UUID
    setup_min: SetupMinutes = 0
    run_s_per_unit: RunSeconds = 0
    instructions: Instructions | None = None


Operations = Annotated[
    list[RoutingOperationWrite],
    Field(
        max_length=OPERATIONS_MAX,
        description=f"The whole list, at most {OPERATIONS_MAX}; answered ordered by seq "
        "(operations of one seq in the order sent).",
    ),
]
IsDefault = Annotated[
    bool,
    Field(
        description="Release it as the item's default routing: the release clears the flag "
        "on the item's other routings."
    ),
]


class RoutingCreate(master.StrictBody):
    item_id: uuid.UUID
    code: RoutingCode
    is_default: IsDefault = False
    operations: Operations = Field(default_factory=list)


class RoutingUpdate(master.StrictBody):
    """A draft's change: the fields sent replace what it has (`operations` as a whole)."""

    is_default: master.Omittable[IsDefault] = None
    operations: master.Omittable[Operations] = None


class RoutingOperationRead(BaseModel):
    """One operation of a routing, as answered and as copied into a work order."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    seq: int
    name: str
    work_center_id: uuid.UUID
    setup_min: float
    run_s_per_unit: float
    instructions: str | None


# What a work order copies of each operation: the same fields as the routing shows.
RoutingOperationSnapshot = RoutingOperationRead


class RoutingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    item_id: uuid.UUID
    code: str
    version: int = Field(description="The routing's version number: 1, 2, ... per item and code.")
    status: RoutingStatus
    is_default: bool = Field(
        description="On a released routing: the item's default. On a draft: becomes the "
        "default when released."
    )
    operations: list[RoutingOperationRead]
    copied_from_id: uuid.UUID | None = Field(description="The routing this one was copied from.")
    released_at: datetime | None
    obsoleted_at: datetime | None
    revision: int = Field(
        description="The row's revision (its ETag): send it in If-Match to change the routing. "
        "Not the routing's version number."
    )
    created_at: datetime
    updated_at: datetime


class RoutingSnapshot(BaseModel):
    """A released routing as a new work order copies it (operations ordered by seq)."""

    model_config = ConfigDict(frozen=True)

    routing_id: uuid.UUID
    code: str
    version: int
    operations: list[RoutingOperationSnapshot]


class RoutingFilters(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_id: uuid.UUID | None = Field(default=None, description="Only this item's routings.")
    status: RoutingStatus | None = Field(default=None, description="Only this status.")


# -- error details ---------------------------------------------------------------------------


class RoutingTransitionDetail(ErrorDetail):
    """409: the action is not possible from the routing's status; what is."""

    code: Literal["ROUTING_ALLOWED_ACTIONS"]
    current_status: RoutingStatus
    action: RoutingAction = Field(description="The action that was refused.")
    allowed_actions: list[RoutingAction]


class InactiveWorkCenterDetail(FieldErrorDetail):
    """409: an operation's work center is deactivated."""

    code: Literal["INACTIVE_WORK_CENTER"]
    seq: int
    work_center_id: uuid.UUID
    work_center_code: str


class RoutingReferenceDetail(FieldErrorDetail):
    """422: an id in the body names nothing in the caller's organisation."""

    code: Literal["ITEM_NOT_FOUND", "WORK_CENTER_NOT_FOUND"]
    value: str = Field(description="The id that was sent.")
