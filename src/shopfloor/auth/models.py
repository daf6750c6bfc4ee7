"""Refresh tokens (one row per issued token, grouped in families) and login failure counters."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.models import Base, OrganizationScopedMixin, UUIDPrimaryKeyMixin


class RefreshToken(UUIDPrimaryKeyMixin, OrganizationScopedMixin, Base):
    """One issued refresh token. Only the SHA-256 of its `jti` is stored.

    Every login starts a family; each refresh marks the presented token used and issues the
    next one in the same family. Presenting a used or revoked token revokes the family.
    """

    __repr_attrs__ = ("family_id", "used_at", "revoked_at")
    __table_args__ = (
        UniqueConstraint("token_hash"),
        Index("ix_refresh_token_family_id", "family_id"),
        Index("ix_refresh_token_user_id", "user_id"),
        Index("ix_refresh_token_expires_at", "expires_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False
    )
    family_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # The user's token_version when issued: a password or role change invalidates the token.
    token_version: Mapped[int] = mapped_column(Integer, nullable=False)
    issued_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str | None] = mapped_column(String(32))


class LoginAttempt(Base):
    """Failed sign-ins counted per account or per client address, in a fixed time window.

    Kept in PostgreSQL so the limit holds across every worker and instance. The key is the
    SHA-256 of the normalised email or the address, so no attempted email is stored.
    """

    __repr_attrs__ = ("scope", "failures", "window_started_at")
    __table_args__ = (
        CheckConstraint("scope IN ('account', 'address')", name="scope"),
        CheckConstraint("failures >= 0", name="failures_not_negative"),
        Index("ix_login_attempt_window_started_at", "window_started_at"),
    )

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False)
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
