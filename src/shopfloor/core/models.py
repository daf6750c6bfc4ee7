"""The declarative base and the mixins every domain model builds on."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, func
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from shopfloor.core.ids import uuid7

# Stable constraint names: the error handlers match unique violations by these names, and
# migrations stay reproducible across machines.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def table_name_for(class_name: str) -> str:
    """`WorkOrder` -> `work_order`, `HTTPLog` -> `http_log`."""
    return _CAMEL_BOUNDARY.sub("_", class_name).lower()


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    # Extra attributes shown by __repr__ besides the primary key.
    __repr_attrs__: ClassVar[tuple[str, ...]] = ()

    @declared_attr.directive
    def __tablename__(self) -> str:
        return table_name_for(self.__name__)

    def __repr__(self) -> str:
        mapper = self.__mapper__
        names = [column.key for column in mapper.primary_key] + list(self.__repr_attrs__)
        state = self.__dict__
        parts = [f"{name}={state[name]!r}" for name in names if name in state]
        return f"<{type(self).__name__} {' '.join(parts)}>"


class UUIDPrimaryKeyMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class SoftDeleteMixin:
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class OrganizationScopedMixin:
    """Every business row belongs to one organisation; queries always filter on it."""

    @declared_attr
    def organization_id(self) -> Mapped[uuid.UUID]:
        return mapped_column(
            ForeignKey("organization.id", ondelete="RESTRICT"), nullable=False, index=False
        )


class VersionedMixin:
    """An integer version for optimistic locking (exposed to clients as the ETag).

    SQLAlchemy adds `WHERE version = :old` to every UPDATE of the row and raises
    `StaleDataError` when another transaction got there first.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(self) -> dict[str, Any]:
        return {"version_id_col": self.__table__.c.version}  # type: ignore[attr-defined]
