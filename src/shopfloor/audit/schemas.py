"""Audit log entries as the API and other modules see them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditEntry(BaseModel):
    """The fields every view of an audit entry shows."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )

    id: uuid.UUID
    occurred_at: datetime = Field(description="Database server time (UTC) of the change.")
    organization_id: uuid.UUID | None
    actor_id: uuid.UUID | None = Field(description="Who acted; null for system actions.")
    actor_role: str | None
    action: str = Field(examples=["created", "role_changed", "status_changed:hold"])
    resource_type: str = Field(examples=["user", "work_order"])
    resource_id: uuid.UUID | None
    resource_key: str | None = Field(
        description="A readable key such as an email or order number, kept after deletion."
    )
    changes: dict[str, list[Any]] | None = Field(
        description='Changed fields as {"field": [old, new]}.'
    )
    reason: str | None
    request_id: str | None


class AuditHistoryEntry(AuditEntry):
    """One step of a resource's history: who did what, when and why.

    Shown to everyone who may read the resource, so it leaves out where the request came
    from (client address, user agent); `AuditLogRead` adds those for auditors. It names the
    actor, since those readers may not be allowed to look accounts up.
    """

    actor_name: str | None = Field(
        default=None,
        description="The actor's full name; null for system actions and deleted accounts.",
    )


class AuditLogRead(AuditEntry):
    """A whole audit record, for those with `audit:read`."""

    client_address: str | None
    user_agent: str | None


@dataclass(frozen=True, slots=True)
class AuditLogFilters:
    resource_type: str | None = None
    resource_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    action: str | None = None
    request_id: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
