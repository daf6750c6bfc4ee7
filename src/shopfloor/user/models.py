"""Organisations and the user accounts that belong to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.models import (
    Base,
    OrganizationScopedMixin,
    SoftDeleteMixin,
    TimestampMixin,
    UUIDPrimaryKeyMixin,
)
from shopfloor.user.constants import (
    EMAIL_MAX_LENGTH,
    EMAIL_UNIQUE_INDEX,
    FULL_NAME_MAX_LENGTH,
    ORGANIZATION_NAME_MAX_LENGTH,
    ORGANIZATION_SLUG_MAX_LENGTH,
    ROLE_MAX_LENGTH,
    Role,
)

_ROLE_VALUES = ", ".join(f"'{role.value}'" for role in Role)


class Organization(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A tenant: every business row of every module belongs to exactly one."""

    __repr_attrs__ = ("slug",)
    __table_args__ = (UniqueConstraint("slug"),)
    # Read server-set timestamps back with RETURNING instead of leaving them expired (an
    # expired attribute cannot be loaded lazily under asyncio).
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    name: Mapped[str] = mapped_column(String(ORGANIZATION_NAME_MAX_LENGTH), nullable=False)
    slug: Mapped[str] = mapped_column(String(ORGANIZATION_SLUG_MAX_LENGTH), nullable=False)


class UserAccount(
    UUIDPrimaryKeyMixin, OrganizationScopedMixin, TimestampMixin, SoftDeleteMixin, Base
):
    """A person who signs in. `user` is a reserved word in SQL, hence the table name."""

    __repr_attrs__ = ("email", "role")
    __table_args__ = (
        # Emails are unique per installation, ignoring case, among accounts not deleted: a
        # deleted account keeps its email for the audit trail and the address can be reused.
        Index(
            EMAIL_UNIQUE_INDEX,
            func.lower(text("email")),
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_user_account_organization_id_email", "organization_id", "email"),
        Index("ix_user_account_organization_id_role", "organization_id", "role"),
        Index("ix_user_account_organization_id_is_active", "organization_id", "is_active"),
        CheckConstraint(f"role IN ({_ROLE_VALUES})", name="role"),
        CheckConstraint("token_version >= 0", name="token_version_not_negative"),
    )
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    # Stored normalised (trimmed, lower case); the unique index uses lower() as well so a
    # row written by any other path cannot create a case-variant duplicate.
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), nullable=False)
    full_name: Mapped[str] = mapped_column(String(FULL_NAME_MAX_LENGTH), nullable=False)
    role: Mapped[str] = mapped_column(String(ROLE_MAX_LENGTH), nullable=False)
    is_active: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=text("true")
    )
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    # Part of every access token; bumping it ends every session of the user at once.
    token_version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default=text("0")
    )
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
