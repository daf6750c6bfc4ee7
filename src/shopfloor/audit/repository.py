"""The statements of the audit log: one append, and the reads of one organisation's entries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, Subquery, func

from shopfloor.audit.models import AuditLog
from shopfloor.audit.schemas import AuditLogFilters
from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.repository import Repository, ScopedRepository


@dataclass(frozen=True, slots=True)
class RecentEntries:
    """How many entries of one kind fell within a window ending now, by the database clock."""

    count: int
    oldest_at: datetime | None
    now: datetime


class AuditLogWriter(Repository[AuditLog]):
    """Adds entries. It is not bound to an organisation: a failed sign-in for an unknown
    email has none. The table refuses updates and deletes, so adding is all there is."""

    model = AuditLog

    async def append(self, entry: AuditLog, *, flush: bool = True) -> AuditLog:
        """Add the entry; `flush=False` leaves the INSERT to the caller's next flush."""
        if not flush:
            self.db_session.add(entry)
            return entry
        return await self.add(entry)


class AuditLogRepository(ScopedRepository[AuditLog]):
    """The entries of one organisation."""

    model = AuditLog

    async def count_recent(
        self, *, resource_type: str, resource_id: uuid.UUID, action: str, window_s: int
    ) -> RecentEntries:
        """The entries with `action` on one resource in the last `window_s` seconds.

        "Now" is `clock_timestamp()`, the time of this statement rather than the start of the
        transaction, so a long transaction does not see an old window.
        """
        clock = func.clock_timestamp()
        statement = self.select_columns(func.count(), func.min(AuditLog.occurred_at), clock).where(
            AuditLog.resource_type == resource_type,
            AuditLog.resource_id == resource_id,
            AuditLog.occurred_at > clock - timedelta(seconds=window_s),
            AuditLog.action == action,
        )
        count, oldest_at, now = (await self.db_session.execute(statement)).one()
        return RecentEntries(count=int(count), oldest_at=oldest_at, now=now)

    async def list_page(self, filters: AuditLogFilters, params: PageParams) -> Page[AuditLog]:
        """The entries matching `filters`, newest first."""
        statement = self._filtered(filters).order_by(
            AuditLog.occurred_at.desc(), AuditLog.id.desc()
        )
        return await self.paginate(statement, params)

    async def history_page(
        self,
        *,
        resource_type: str,
        resource_id: uuid.UUID,
        params: PageParams,
        actor_names: Subquery | None = None,
    ) -> Page[tuple[AuditLog, str | None]]:
        """Everything recorded about one resource, oldest first, each entry with its actor's
        name from `actor_names` (`(id, name)` rows, left joined; None without it)."""
        statement = (
            self.base_statement()
            .where(AuditLog.resource_type == resource_type, AuditLog.resource_id == resource_id)
            .order_by(AuditLog.occurred_at, AuditLog.id)
        )
        if actor_names is None:
            page = await self.paginate(statement, params)
            return Page(
                items=[(entry, None) for entry in page.items],
                total=page.total,
                page=page.page,
                page_size=page.page_size,
            )
        # The join finds at most one name per entry, so the total is counted without it.
        total = await self.count(statement)
        items: Sequence[tuple[AuditLog, str | None]] = []
        if total > params.offset:
            named = statement.add_columns(actor_names.c.name).outerjoin(
                actor_names, actor_names.c.id == AuditLog.actor_id
            )
            result = await self.db_session.execute(
                named.offset(params.offset).limit(params.page_size)
            )
            items = [(entry, name) for entry, name in result]
        return Page(items=items, total=total, page=params.page, page_size=params.page_size)

    def _filtered(self, filters: AuditLogFilters) -> Select[AuditLog]:
        conditions: list[ColumnElement[bool]] = []
        if filters.resource_type is not None:
            conditions.append(AuditLog.resource_type == filters.resource_type)
        if filters.resource_id is not None:
            conditions.append(AuditLog.resource_id == filters.resource_id)
        if filters.actor_id is not None:
            conditions.append(AuditLog.actor_id == filters.actor_id)
        if filters.action is not None:
            conditions.append(AuditLog.action == filters.action)
        if filters.request_id is not None:
            conditions.append(AuditLog.request_id == filters.request_id)
        if filters.occurred_from is not None:
            conditions.append(AuditLog.occurred_at >= filters.occurred_from)
        if filters.occurred_to is not None:
            conditions.append(AuditLog.occurred_at <= filters.occurred_to)
        return self.base_statement().where(*conditions)
