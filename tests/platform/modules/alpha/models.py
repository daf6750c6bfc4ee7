"""Alpha's table: a versioned, soft-deletable, organisation-scoped note."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.models import (
    OrganizationScopedMixin,
    SoftDeleteMixin,
    TimestampMixin,
    UUIDPrimaryKeyMixin,
    VersionedMixin,
)
from tests.platform.modules.base import PlatformBase


class PlatformNote(
    UUIDPrimaryKeyMixin,
    OrganizationScopedMixin,
    TimestampMixin,
    SoftDeleteMixin,
    VersionedMixin,
    PlatformBase,
):
    __repr_attrs__: ClassVar[tuple[str, ...]] = ("code",)
    __table_args__ = (
        UniqueConstraint("organization_id", "code"),
        # Deliberately not mapped in CONSTRAINT_ERRORS: its violation must answer 500.
        UniqueConstraint("organization_id", "title"),
        # The schema allows negative quantities so that this check is reachable over HTTP.
        CheckConstraint("quantity >= 0", name="quantity_non_negative"),
    )

    code: Mapped[str] = mapped_column(String(32), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
