"""The customer table."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.models import (
    Base,
    OrganizationScopedMixin,
    TimestampMixin,
    UUIDPrimaryKeyMixin,
    VersionedMixin,
)
from shopfloor.customer.constants import (
    CODE_MAX_LENGTH,
    CONTACT_NAME_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
)


class Customer(UUIDPrimaryKeyMixin, OrganizationScopedMixin, VersionedMixin, TimestampMixin, Base):
    """Who a work order is made for. Deactivated, never deleted: orders refer to it."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("code",)
    __table_args__ = (
        UniqueConstraint("organization_id", "code"),
        Index("ix_customer_organization_id_active", "organization_id", "active"),
        Index("ix_customer_organization_id_name", "organization_id", "name"),
    )

    # Collation "C": byte order makes the unique index serve `code LIKE 'PREFIX%'` searches.
    code: Mapped[str] = mapped_column(String(CODE_MAX_LENGTH, collation="C"))
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    contact_name: Mapped[str | None] = mapped_column(String(CONTACT_NAME_MAX_LENGTH))
    contact_email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH))
    contact_phone: Mapped[str | None] = mapped_column(String(PHONE_MAX_LENGTH))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
