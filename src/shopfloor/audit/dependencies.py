"""Dependencies of the audit routes: the permission guard and the list filters."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query
from pydantic import AwareDatetime

from shopfloor.audit.constants import (
    ACTION_MAX_LENGTH,
    REQUEST_ID_MAX_LENGTH,
    RESOURCE_TYPE_MAX_LENGTH,
)
from shopfloor.audit.exceptions import InvalidDateRangeError
from shopfloor.audit.schemas import AuditLogFilters
from shopfloor.core.security import Principal, require_permission

AuditReader = Annotated[Principal, Depends(require_permission("audit:read"))]


async def audit_log_filters(
    resource_type: Annotated[
        str | None,
        Query(min_length=1, max_length=RESOURCE_TYPE_MAX_LENGTH, examples=["user"]),
    ] = None,
    resource_id: Annotated[uuid.UUID | None, Query()] = None,
    actor_id: Annotated[uuid.UUID | None, Query(description="Who acted.")] = None,
    action: Annotated[
        str | None,
        Query(min_length=1, max_length=ACTION_MAX_LENGTH, examples=["role_changed"]),
    ] = None,
    request_id: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=REQUEST_ID_MAX_LENGTH,
            description="Everything one request changed (the X-Request-ID of its response).",
        ),
    ] = None,
    occurred_from: Annotated[
        AwareDatetime | None,
        Query(alias="from", description="Inclusive start, ISO 8601 with a time zone."),
    ] = None,
    occurred_to: Annotated[
        AwareDatetime | None,
        Query(alias="to", description="Inclusive end, ISO 8601 with a time zone."),
    ] = None,
) -> AuditLogFilters:
    if occurred_from is not None and occurred_to is not None and occurred_from > occurred_to:
        raise InvalidDateRangeError()
    return AuditLogFilters(
        resource_type=resource_type,
        resource_id=resource_id,
        actor_id=actor_id,
        action=action,
        request_id=request_id,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
    )


AuditLogFilterParams = Annotated[AuditLogFilters, Depends(audit_log_filters)]
