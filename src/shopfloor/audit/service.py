"""Recording and reading audit entries.

`record` adds the entry to the caller's session and flushes, so it commits or rolls back with
the change it describes: a change that fails leaves no entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import Subquery
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit.constants import RESOURCE_KEY_MAX_LENGTH
from shopfloor.audit.exceptions import AuditLogNotFoundError
from shopfloor.audit.models import AuditLog
from shopfloor.audit.repository import AuditLogRepository, AuditLogWriter, RecentEntries
from shopfloor.audit.schemas import (
    AuditEntry,
    AuditHistoryEntry,
    AuditLogFilters,
    AuditLogRead,
)
from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.pagination import Page, PageParams

_last_id = 0


def _next_id() -> uuid.UUID:
    """A UUIDv7 greater than the previous one from this process.

    Entries written by one transaction share `occurred_at` (the transaction's start); ids that
    only grow keep them in the order they were written.
    """
    global _last_id
    value = uuid7().int
    if value <= _last_id:
        value = _last_id + 1
    _last_id = value
    return uuid.UUID(int=value)


def json_safe(value: Any) -> Any:
    """A JSON-serialisable copy: UUID, dates, Decimal and Enum become strings."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value if isinstance(value.value, str) else str(value.value)
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(item) for item in value]
    return str(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for the fields whose value differs (a missing key counts as None)."""
    changes: dict[str, list[Any]] = {}
    for key in [*before, *(key for key in after if key not in before)]:
        old, new = json_safe(before.get(key)), json_safe(after.get(key))
        if old != new:
            changes[key] = [old, new]
    return changes


async def record(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID | None,
    action: str,
    resource_type: str,
    resource_id: uuid.UUID | None,
    resource_key: str | None = None,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    changes: Mapping[str, Sequence[Any]] | None = None,
    reason: str | None = None,
    context: RequestContext | None = None,
    flush: bool = True,
) -> None:
    """Add one audit entry to the current transaction.

    `flush=False` for many entries at once: the caller flushes once after the last one (a
    flush per entry walks the whole session each time).
    """
    await AuditLogWriter(db_session).append(
        AuditLog(
            id=_next_id(),
            organization_id=organization_id,
            actor_id=actor_id,
            actor_role=actor_role,
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            # A readable key is a convenience; an overlong one must not fail the change.
            resource_key=resource_key[:RESOURCE_KEY_MAX_LENGTH] if resource_key else None,
            changes=(
                {str(field): [json_safe(item) for item in pair] for field, pair in changes.items()}
                if changes
                else None
            ),
            reason=reason,
            request_id=context.request_id if context else None,
            client_address=context.client_address if context else None,
            user_agent=context.user_agent if context else None,
        ),
        flush=flush,
    )


async def recent_entries(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    resource_type: str,
    resource_id: uuid.UUID,
    action: str,
    window_s: int,
) -> RecentEntries:
    """The entries with `action` on one resource in the last `window_s` seconds.

    For limits on repeated failures that are recorded as audit entries: the count comes from
    the resource index, and the oldest entry says when the window frees up again, by the
    database's clock at that statement.
    """
    return await AuditLogRepository(db_session, organization_id=organization_id).count_recent(
        resource_type=resource_type, resource_id=resource_id, action=action, window_s=window_s
    )


EntryT = TypeVar("EntryT", bound=AuditEntry)


def _page_of(page: Page[AuditLog], schema: type[EntryT]) -> Page[EntryT]:
    return Page(
        items=[schema.model_validate(entry) for entry in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


async def list_entries(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: AuditLogFilters,
    params: PageParams,
) -> Page[AuditLogRead]:
    """The organisation's entries matching `filters`, newest first."""
    entries = AuditLogRepository(db_session, organization_id=organization_id)
    return _page_of(await entries.list_page(filters, params), AuditLogRead)


async def get_entry(
    *, db_session: AsyncSession, organization_id: uuid.UUID, entry_id: uuid.UUID
) -> AuditLogRead:
    entries = AuditLogRepository(db_session, organization_id=organization_id)
    entry = await entries.get_by_id(entry_id)
    if entry is None:
        raise AuditLogNotFoundError()
    return AuditLogRead.model_validate(entry)


async def resource_history(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    resource_type: str,
    resource_id: uuid.UUID,
    params: PageParams,
    actor_names: Subquery | None = None,
) -> Page[AuditHistoryEntry]:
    """Everything recorded about one resource, oldest first (without client details).

    `actor_names` gives each entry its `actor_name`: `(id, name)` rows of the accounts that
    may have acted, such as the user module's `account_names`, joined in the same statement.
    Without it every `actor_name` is None.
    """
    entries = AuditLogRepository(db_session, organization_id=organization_id)
    page = await entries.history_page(
        resource_type=resource_type,
        resource_id=resource_id,
        params=params,
        actor_names=actor_names,
    )
    return Page(
        items=[
            AuditHistoryEntry.model_validate(entry).model_copy(update={"actor_name": name})
            for entry, name in page.items
        ],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )
