"""The work center table."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.master_data.models import CodedMixin, MasterDataModel, coded_table_args
from shopfloor.work_center.constants import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    STATE_MAX_LENGTH,
    WorkCenterState,
)

_STATES = ", ".join(f"'{state.value}'" for state in WorkCenterState)


class WorkCenter(CodedMixin, MasterDataModel):
    """A station or line where work is done. Deactivated, never deleted: orders refer to it."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("code",)
    __table_args__ = (
        *coded_table_args("work_center"),
        CheckConstraint(f"state IN ({_STATES})", name="state"),
        Index("ix_work_center_organization_id_state", "organization_id", "state"),
    )

    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(String(DESCRIPTION_MAX_LENGTH))
    state: Mapped[str] = mapped_column(
        String(STATE_MAX_LENGTH),
        default=WorkCenterState.NORMAL.value,
        server_default=WorkCenterState.NORMAL.value,
    )
