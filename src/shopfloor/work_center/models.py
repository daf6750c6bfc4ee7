"""The work_center table."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.models import (
    Base,
    OrganizationScopedMixin,
    TimestampMixin,
    UUIDPrimaryKeyMixin,
    VersionedMixin,
)
from shopfloor.work_center.constants import (
    CODE_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    STATE_MAX_LENGTH,
    WorkCenterState,
)

_STATES = ", ".join(f"'{state.value}'" for state in WorkCenterState)


class WorkCenter(
    UUIDPrimaryKeyMixin, OrganizationScopedMixin, VersionedMixin, TimestampMixin, Base
):
    """A station or line where work is done. Deactivated, never deleted: orders refer to it."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("code",)
    __table_args__ = (
        UniqueConstraint("organization_id", "code"),
        CheckConstraint(f"state IN ({_STATES})", name="state"),
        Index("ix_work_center_organization_id_active", "organization_id", "active"),
        Index("ix_work_center_organization_id_state", "organization_id", "state"),
        Index("ix_work_center_organization_id_name", "organization_id", "name"),
    )

    # Collation "C": byte order makes the unique index serve `code LIKE 'PREFIX%'` searches.
    code: Mapped[str] = mapped_column(String(CODE_MAX_LENGTH, collation="C"))
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(String(DESCRIPTION_MAX_LENGTH))
    state: Mapped[str] = mapped_column(
        String(STATE_MAX_LENGTH),
        default=WorkCenterState.NORMAL.value,
        server_default=WorkCenterState.NORMAL.value,
    )
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
