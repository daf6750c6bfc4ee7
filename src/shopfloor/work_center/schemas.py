"""Request and response bodies of the work center module (also its public read model)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from shopfloor.core.master_data import schemas as master
from shopfloor.core.text import MultiLine
from shopfloor.work_center.constants import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    WorkCenterState,
)

WorkCenterCode = Annotated[master.Code, Field(examples=["CNC-01"])]
WorkCenterName = Annotated[str, master.name_rules(NAME_MAX_LENGTH), Field(examples=["CNC lathe 1"])]
WorkCenterDescription = Annotated[
    str,
    MultiLine(max_length=DESCRIPTION_MAX_LENGTH),
    master.BlankIsNone,
    Field(description="Free text; blank means none.", examples=["Two-axis CNC lathe, bay 3"]),
]


class WorkCenterCreate(master.StrictBody):
    code: WorkCenterCode
    name: WorkCenterName
    description: WorkCenterDescription | None = None
    state: WorkCenterState = WorkCenterState.NORMAL


class WorkCenterUpdate(master.StrictBody):
    """A partial update: only the fields sent change; `description: null` clears it."""

    code: master.Omittable[WorkCenterCode] = None
    name: master.Omittable[WorkCenterName] = None
    description: WorkCenterDescription | None = None
    state: master.Omittable[WorkCenterState] = None


class WorkCenterRead(master.CodedRead):
    description: str | None
    state: WorkCenterState
    active: bool
    version: int = Field(description="Send it back in If-Match to change the work center.")
    created_at: datetime
    updated_at: datetime


class WorkCenterFilters(master.MasterDataFilters):
    state: WorkCenterState | None = Field(default=None, description="Only this state.")
    sort: master.MasterDataSort = Field(
        default=master.MasterDataSort.CODE, description=master.SORT_DESCRIPTION
    )
