"""The append-only audit log.

The table has no foreign keys on purpose: an entry must outlive anything it mentions and must
never block (or be removed by) a change elsewhere. UPDATE, DELETE and TRUNCATE are refused
by triggers created in the migration.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.audit.constants import (
    ACTION_MAX_LENGTH,
    CLIENT_ADDRESS_MAX_LENGTH,
    REQUEST_ID_MAX_LENGTH,
    RESOURCE_KEY_MAX_LENGTH,
    RESOURCE_TYPE_MAX_LENGTH,
    ROLE_MAX_LENGTH,
    USER_AGENT_MAX_LENGTH,
)
from shopfloor.core.models import Base


class AuditLog(Base):
    __repr_attrs__ = ("action", "resource_type", "resource_id")
    __table_args__ = (
        Index("ix_audit_log_organization_id_occurred_at", "organization_id", "occurred_at", "id"),
        Index(
            "ix_audit_log_organization_id_resource",
            "organization_id",
            "resource_type",
            "resource_id",
            "occurred_at",
        ),
        Index(
            "ix_audit_log_organization_id_actor_id", "organization_id", "actor_id", "occurred_at"
        ),
        Index("ix_audit_log_organization_id_action", "organization_id", "action", "occurred_at"),
        Index("ix_audit_log_organization_id_request_id", "organization_id", "request_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    # Null only for events with no known organisation, such as a failed login for an
    # unknown email.
    organization_id: Mapped[uuid.UUID | None] = mapped_column()
    actor_id: Mapped[uuid.UUID | None] = mapped_column()
    actor_role: Mapped[str | None] = mapped_column(String(ROLE_MAX_LENGTH))
    action: Mapped[str] = mapped_column(String(ACTION_MAX_LENGTH), nullable=False)
    resource_type: Mapped[str] = mapped_column(String(RESOURCE_TYPE_MAX_LENGTH), nullable=False)
    resource_id: Mapped[uuid.UUID | None] = mapped_column()
    # A readable key (order number, email) that stays meaningful after the row is deleted.
    resource_key: Mapped[str | None] = mapped_column(String(RESOURCE_KEY_MAX_LENGTH))
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    reason: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(REQUEST_ID_MAX_LENGTH))
    client_address: Mapped[str | None] = mapped_column(String(CLIENT_ADDRESS_MAX_LENGTH))
    user_agent: Mapped[str | None] = mapped_column(String(USER_AGENT_MAX_LENGTH))
