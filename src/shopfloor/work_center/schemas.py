"""Request and response bodies of the work_center module (also its public read model)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from shopfloor.core.text import MultiLine, SingleLine
from shopfloor.work_center.constants import (
    CODE_MAX_LENGTH,
    CODE_PATTERN,
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    WorkCenterSort,
    WorkCenterState,
)


def _blank_to_none(value: str) -> str | None:
    return value or None


def _reject_null(value: object) -> object:
    # Runs only for values the client sent: omitting a field keeps it, null is an error.
    if value is None:
        raise PydanticCustomError("not_nullable", "This field cannot be null.")
    return value


WorkCenterCode = Annotated[
    str,
    StringConstraints(max_length=CODE_MAX_LENGTH, pattern=CODE_PATTERN),
    AfterValidator(str.upper),
    Field(
        description="Unique per organisation; letters, digits, '.', '_', '-'; stored upper case.",
        examples=["CNC-01"],
    ),
]
WorkCenterName = Annotated[
    str,
    SingleLine(min_length=1, max_length=NAME_MAX_LENGTH),
    Field(examples=["CNC lathe 1"]),
]
WorkCenterDescription = Annotated[
    str,
    MultiLine(max_length=DESCRIPTION_MAX_LENGTH),
    AfterValidator(_blank_to_none),
    Field(description="Free text; blank means none.", examples=["Two-axis CNC lathe, bay 3"]),
]


class WorkCenterCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: WorkCenterCode
    name: WorkCenterName
    description: WorkCenterDescription | None = None
    state: WorkCenterState = WorkCenterState.NORMAL


class WorkCenterUpdate(BaseModel):
    """A partial update: only the fields sent change; `description: null` clears it."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[WorkCenterCode | None, AfterValidator(_reject_null)] = None
    name: Annotated[WorkCenterName | None, AfterValidator(_reject_null)] = None
    description: WorkCenterDescription | None = None
    state: Annotated[WorkCenterState | None, AfterValidator(_reject_null)] = None


class WorkCenterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    code: str
    name: str
    description: str | None
    state: WorkCenterState
    active: bool
    version: int = Field(description="Send it back in If-Match to change the work center.")
    created_at: datetime
    updated_at: datetime


class WorkCenterFilters(BaseModel):
    """The list's query: search, filters and ordering (built by a dependency)."""

    model_config = ConfigDict(frozen=True)

    q: str | None = None
    active: bool | None = None
    state: WorkCenterState | None = None
    sort: WorkCenterSort = WorkCenterSort.CODE
