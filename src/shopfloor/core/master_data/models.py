"""The columns every master-data table has, and the rules of its code column."""

from __future__ import annotations

from typing import Final

from sqlalchemy import Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.models import (
    Base,
    OrganizationScopedMixin,
    TimestampMixin,
    UUIDPrimaryKeyMixin,
    VersionedMixin,
)

# Codes are what people type and exports carry: short, ASCII, stored upper case.
CODE_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"
CODE_MAX_LENGTH: Final = 32


class MasterDataModel(
    UUIDPrimaryKeyMixin, OrganizationScopedMixin, VersionedMixin, TimestampMixin, Base
):
    """A row of one organisation with an id, a version (the ETag) and timestamps."""

    __abstract__ = True


class CodedMixin:
    """A code unique in the organisation, and activation instead of deletion."""

    # Collation "C": byte order makes the unique index serve `code LIKE 'PREFIX%'` searches.
    code: Mapped[str] = mapped_column(String(CODE_MAX_LENGTH, collation="C"))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())


def coded_table_args(table: str) -> tuple[UniqueConstraint | Index, ...]:
    """The unique code and the indexes behind the list's `active` filter and name order."""
    return (
        UniqueConstraint("organization_id", "code"),
        Index(f"ix_{table}_organization_id_active", "organization_id", "active"),
        Index(f"ix_{table}_organization_id_name", "organization_id", "name"),
    )
