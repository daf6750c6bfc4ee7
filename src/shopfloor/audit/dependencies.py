"""Dependencies of the audit routes: the permission guard and the list filters."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query
from pydantic import AfterValidator, AwareDatetime

from shopfloor.audit.constants import (
    ACTION_MAX_LENGTH,
    EARLIEST_DATE,
    LATEST_DATE,
    REQUEST_ID_MAX_LENGTH,
    RESOURCE_TYPE_MAX_LENGTH,
)
from shopfloor.audit.exceptions import InvalidDateRangeError
from shopfloor.audit.schemas import AuditLogFilters
from shopfloor.core.dates import IsoDateTime, check_date_window
from shopfloor.core.security import Principal, require_permission
from shopfloor.core.text import SingleLine

AuditReader = Annotated[Principal, Depends(require_permission("audit:read"))]


def _in_window(value: datetime) -> datetime:
    # The day as the client wrote it, like the work order dates: checked before any
    # conversion, so no offset can push it past the limits of the date types.
    check_date_window(value.date(), earliest=EARLIEST_DATE, latest=LATEST_DATE)
    return value


def _filter_text(max_length: int) -> SingleLine:
    return SingleLine(min_length=1, max_length=max_length, strip_whitespace=False)


BoundedTime = Annotated[AwareDatetime, IsoDateTime, AfterValidator(_in_window)]
ResourceType = Annotated[str, _filter_text(RESOURCE_TYPE_MAX_LENGTH)]
Action = Annotated[str, _filter_text(ACTION_MAX_LENGTH)]
RequestId = Annotated[str, _filter_text(REQUEST_ID_MAX_LENGTH)]


async def audit_log_filters(
    resource_type: Annotated[ResourceType | None, Query(examples=["user"])] = None,
    resource_id: Annotated[uuid.UUID | None, Query()] = None,
    actor_id: Annotated[uuid.UUID | None, Query(description="Who acted.")] = None,
    action: Annotated[Action | None, Query(examples=["role_changed"])] = None,
    request_id: Annotated[
        RequestId | None,
        Query(description="Everything one request changed (the X-Request-ID of its response)."),
    ] = None,
    occurred_from: Annotated[
        BoundedTime | None,
        Query(alias="from", description="Inclusive start, ISO 8601 with a time zone."),
    ] = None,
    occurred_to: Annotated[
        BoundedTime | None,
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
