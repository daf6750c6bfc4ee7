"""`/audit-logs`: who changed what, when, from where (admins and supervisors)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path

from shopfloor.audit import service
from shopfloor.audit.dependencies import AuditLogFilterParams, AuditReader
from shopfloor.audit.exceptions import AuditLogNotFoundError, InvalidDateRangeError
from shopfloor.audit.schemas import AuditLogRead
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope, ok
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.pagination import Pagination, paginated

router = APIRouter()


@router.get(
    "",
    response_model=ListEnvelope[AuditLogRead],
    responses=error_responses(PermissionDeniedError, InvalidDateRangeError),
    summary="List audit log entries",
)
async def list_audit_logs(
    principal: AuditReader,
    db_session: DbSession,
    filters: AuditLogFilterParams,
    pagination: Pagination,
) -> dict[str, object]:
    """Entries of the caller's organisation, newest first. Every filter is optional; `from`
    and `to` bound `occurred_at` inclusively (`from` after `to` is a 422)."""
    page = await service.list_entries(
        db_session=db_session,
        organization_id=principal.organization_id,
        filters=filters,
        params=pagination,
    )
    return paginated(page)


@router.get(
    "/{entry_id}",
    response_model=Envelope[AuditLogRead],
    responses=error_responses(PermissionDeniedError, AuditLogNotFoundError),
    summary="Read an audit log entry",
)
async def read_audit_log(
    principal: AuditReader,
    db_session: DbSession,
    entry_id: Annotated[uuid.UUID, Path(description="The entry's id.")],
) -> dict[str, object]:
    entry = await service.get_entry(
        db_session=db_session, organization_id=principal.organization_id, entry_id=entry_id
    )
    return ok(entry)
