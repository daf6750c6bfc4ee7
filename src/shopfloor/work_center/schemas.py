"""Request and response bodies of the work center module (also its public read model)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from shopfloor.core.master_data.schemas import (
    SORT_DESCRIPTION,
    BlankIsNone,
    Code,
    MasterDataFilters,
    MasterDataRead,
    MasterDataSort,
    NotNull,
    StrictBody,
)
from shopfloor.core.text import MultiLine, SingleLine
from shopfloor.work_center.constants import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    WorkCenterState,
)

WorkCenterCode = Annotated[Code, Field(examples=["CNC-01"])]
WorkCenterName = Annotated[
    str,
    SingleLine(min_length=1, max_length=NAME_MAX_LENGTH),
    Field(examples=["CNC lathe 1"]),
]
WorkCenterDescription = Annotated[
    str,
    MultiLine(max_length=DESCRIPTION_MAX_LENGTH),
    BlankIsNone,
    Field(description="Free text; blank means none.", examples=["Two-axis CNC lathe, bay 3"]),
]


class WorkCenterCreate(StrictBody):
    code: WorkCenterCode
    name: WorkCenterName
    description: WorkCenterDescription | None = None
    state: WorkCenterState = WorkCenterState.NORMAL


class WorkCenterUpdate(StrictBody):
    """A partial update: only the fields sent change; `description: null` clears it."""

    code: Annotated[WorkCenterCode | None, NotNull] = None
    name: Annotated[WorkCenterName | None, NotNull] = None
    description: WorkCenterDescription | None = None
    state: Annotated[WorkCenterState | None, NotNull] = None


class WorkCenterRead(MasterDataRead):
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


class WorkCenterFilters(MasterDataFilters):
    """The list's query string: search, filters and ordering."""

    state: WorkCenterState | None = Field(default=None, description="Only this state.")
    sort: MasterDataSort = Field(default=MasterDataSort.CODE, description=SORT_DESCRIPTION)
