"""Request and response bodies of the item module (also its public read model)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from shopfloor.core.master_data import schemas as master
from shopfloor.core.text import MultiLine, SingleLine
from shopfloor.item.constants import (
    DESCRIPTION_MAX_LENGTH,
    IDEAL_CYCLE_S_MAX,
    NAME_MAX_LENGTH,
    UOM_DEFAULT,
    UOM_MAX_LENGTH,
    Tracking,
)

ItemCode = Annotated[master.Code, Field(examples=["SHAFT-20"])]
ItemName = Annotated[str, master.name_rules(NAME_MAX_LENGTH), Field(examples=["Drive shaft 20 mm"])]
ItemDescription = Annotated[
    str,
    MultiLine(max_length=DESCRIPTION_MAX_LENGTH),
    master.BlankIsNone,
    Field(description="Free text; blank means none.", examples=["C45 steel, ground"]),
]
Uom = Annotated[
    str,
    SingleLine(min_length=1, max_length=UOM_MAX_LENGTH),
    Field(
        description="The unit quantities count in (a label); they stay integers.", examples=["pcs"]
    ),
]
IdealCycle = Annotated[
    float,
    Field(
        gt=0,
        le=IDEAL_CYCLE_S_MAX,
        allow_inf_nan=False,
        strict=True,
        description="Ideal seconds per piece; null means unknown.",
        examples=[42.5],
    ),
]


class ItemCreate(master.StrictBody):
    code: ItemCode
    name: ItemName
    description: ItemDescription | None = None
    uom: Uom = UOM_DEFAULT
    tracking: Tracking = Tracking.NONE
    ideal_cycle_s: IdealCycle | None = None


class ItemUpdate(master.StrictBody):
    """A partial update: only the fields sent change; null clears description or cycle."""

    code: master.Omittable[ItemCode] = None
    name: master.Omittable[ItemName] = None
    description: ItemDescription | None = None
    uom: master.Omittable[Uom] = None
    tracking: master.Omittable[Tracking] = None
    ideal_cycle_s: IdealCycle | None = None


class ItemRead(master.CodedRead):
    description: str | None
    uom: str
    tracking: Tracking
    ideal_cycle_s: float | None
    default_routing_id: uuid.UUID | None = Field(
        description="The released routing orders of this item follow unless they name one; "
        "set when a default routing is released."
    )
    active: bool
    version: int = Field(description="Send it back in If-Match to change the item.")
    created_at: datetime
    updated_at: datetime


class ItemFilters(master.MasterDataFilters):
    tracking: Tracking | None = Field(default=None, description="Only this tracking mode.")
    sort: master.MasterDataSort = Field(
        default=master.MasterDataSort.CODE, description=master.SORT_DESCRIPTION
    )
