"""The item table."""

from __future__ import annotations

import uuid
from typing import ClassVar

from sqlalchemy import CheckConstraint, Double, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.master_data.models import CodedMixin, MasterDataModel, coded_table_args
from shopfloor.item.constants import (
    DESCRIPTION_MAX_LENGTH,
    IDEAL_CYCLE_S_MAX,
    NAME_MAX_LENGTH,
    TRACKING_MAX_LENGTH,
    UOM_DEFAULT,
    UOM_MAX_LENGTH,
    Tracking,
)

_TRACKING = ", ".join(f"'{mode.value}'" for mode in Tracking)


class Item(CodedMixin, MasterDataModel):
    """A part or product that orders make. Deactivated, never deleted: orders refer to it."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("code",)
    __table_args__ = (
        *coded_table_args("item"),
        CheckConstraint(f"tracking IN ({_TRACKING})", name="tracking"),
        CheckConstraint(
            f"ideal_cycle_s > 0 AND ideal_cycle_s <= {IDEAL_CYCLE_S_MAX}", name="ideal_cycle_s"
        ),
    )

    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(String(DESCRIPTION_MAX_LENGTH))
    uom: Mapped[str] = mapped_column(
        String(UOM_MAX_LENGTH), default=UOM_DEFAULT, server_default=UOM_DEFAULT
    )
    tracking: Mapped[str] = mapped_column(
        String(TRACKING_MAX_LENGTH),
        default=Tracking.NONE.value,
        server_default=Tracking.NONE.value,
    )
    ideal_cycle_s: Mapped[float | None] = mapped_column(Double)
    # Read-only in the API: the routing module sets it (`service.set_default_routing`)
    # when it releases a default routing.
    default_routing_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
