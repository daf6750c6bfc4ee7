"""The use cases every master-data resource shares, configured once per module.

A module declares its resource in one line,

    customers = MasterData(Customer, CustomerRead, audit=audit_service, exceptions=exceptions)

and gets get, list, create, update, activate/deactivate and delete with the same rules
everywhere: organisation scope, unique values answered 409 before the database would refuse
them, `If-Match` checked on the locked row, a change that changes nothing writes nothing, and
every change audited in the same transaction.

Core imports no module, so the audit trail is passed in: anything with the `diff` and
`record` functions of `shopfloor.audit.service` (that module itself). Methods flush and
never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from types import ModuleType
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.concurrency import check_version
from shopfloor.core.context import RequestContext
from shopfloor.core.errors import AppError
from shopfloor.core.master_data.errors import MasterDataErrors
from shopfloor.core.master_data.models import MasterDataModel
from shopfloor.core.master_data.repository import MasterDataRepository
from shopfloor.core.master_data.schemas import MasterDataRead
from shopfloor.core.pagination import Page, PageParams

RowT = TypeVar("RowT", bound=MasterDataModel)
ReadT = TypeVar("ReadT", bound=MasterDataRead)

ACTIVE = "active"
# The read model's fields that the server manages; an audit entry compares the others.
SERVER_MANAGED = frozenset({"id", "organization_id", "version", "created_at", "updated_at"})


class Action(StrEnum):
    """The audit actions of master data."""

    CREATED = "created"
    UPDATED = "updated"
    DEACTIVATED = "deactivated"
    ACTIVATED = "activated"
    DELETED = "deleted"


class AuditTrail(Protocol):
    """What master data needs of the audit module: compare, then record."""

    def diff(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]: ...

    async def record(
        self,
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
        context: RequestContext | None = None,
        flush: bool = True,
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks for a change, as the audit entry names them."""

    id: uuid.UUID | None
    role: str | None
    context: RequestContext | None = None


def plain(values: Mapping[str, Any]) -> dict[str, Any]:
    # Enum members go to the database and the audit entry as their values.
    return {key: value.value if isinstance(value, Enum) else value for key, value in values.items()}


@dataclass(frozen=True)
class MasterData(Generic[RowT, ReadT]):
    """One master-data resource: how its rows are found, shown, checked and audited.

    The audit's resource type defaults to the table's name, the audited fields to the read
    model's fields that the server does not manage.
    """

    model: type[RowT]
    read_model: type[ReadT]
    audit: AuditTrail
    # The module's `exceptions` (see core/master_data/errors.py for what is found there).
    exceptions: ModuleType
    resource_type: str = ""
    audited_fields: tuple[str, ...] = ()
    # The column the audit entry shows as the row's readable key.
    key_field: str | None = "code"
    errors: MasterDataErrors = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "errors", MasterDataErrors.of(self.exceptions))
        # Frozen: the derived defaults are set once, through object's own setter.
        if not self.resource_type:
            object.__setattr__(self, "resource_type", self.model.__tablename__)
        if not self.audited_fields:
            fields = tuple(
                name for name in self.read_model.model_fields if name not in SERVER_MANAGED
            )
            object.__setattr__(self, "audited_fields", fields)

    @property
    def taken(self) -> Mapping[str, type[AppError]]:
        return self.errors.taken

    def rows(
        self, db_session: AsyncSession, organization_id: uuid.UUID
    ) -> MasterDataRepository[RowT]:
        return MasterDataRepository(db_session, organization_id=organization_id, model=self.model)

    def read(self, row: RowT) -> ReadT:
        return self.read_model.model_validate(row)

    # -- reads --------------------------------------------------------------------------

    async def get(
        self, *, db_session: AsyncSession, organization_id: uuid.UUID, id: uuid.UUID
    ) -> ReadT:
        """The row (404 when missing or another organisation's); inactive rows are returned."""
        row = await self.rows(db_session, organization_id).get_live(id)
        return self.read(self._found(row, id))

    async def get_many(
        self,
        *,
        db_session: AsyncSession,
        organization_id: uuid.UUID,
        ids: Collection[uuid.UUID],
    ) -> dict[uuid.UUID, ReadT]:
        """One query for many ids; ids that name nothing visible are absent."""
        rows = await self.rows(db_session, organization_id).get_many(ids)
        return {row.id: self.read(row) for row in rows}

    async def get_active(
        self, *, db_session: AsyncSession, organization_id: uuid.UUID, id: uuid.UUID
    ) -> RowT:
        """The row another record is about to use: 404, or the inactive 409.

        The row stays share-locked until the caller's transaction ends, so a concurrent
        deactivation waits for that record to commit instead of slipping past.
        """
        row = self._found(await self.rows(db_session, organization_id).get_share_locked(id), id)
        inactive = self.errors.inactive
        if inactive is not None and not self._value(row, ACTIVE):
            raise inactive(params={"code": self._key(row)})
        return row

    async def list(
        self,
        *,
        db_session: AsyncSession,
        organization_id: uuid.UUID,
        filters: BaseModel,
        params: PageParams,
    ) -> Page[ReadT]:
        page = await self.rows(db_session, organization_id).list_page(filters, params)
        return Page(
            items=[self.read(row) for row in page.items],
            total=page.total,
            page=page.page,
            page_size=page.page_size,
        )

    # -- changes ------------------------------------------------------------------------

    async def create(
        self,
        *,
        db_session: AsyncSession,
        organization_id: uuid.UUID,
        data: BaseModel,
        actor: Actor,
    ) -> ReadT:
        rows = self.rows(db_session, organization_id)
        values = plain(data.model_dump())
        # A friendly early answer; the unique constraint still decides between racing creates.
        for name in self.taken:
            await self._ensure_free(rows, name, values.get(name))
        row = await rows.add(rows.model(**values))
        await self.record(
            rows,
            row,
            Action.CREATED,
            self.audit.diff(dict.fromkeys(self.audited_fields), self.audited(row)),
            actor,
        )
        return self.read(row)

    async def update(
        self,
        *,
        db_session: AsyncSession,
        organization_id: uuid.UUID,
        id: uuid.UUID,
        data: BaseModel,
        expected_version: int,
        actor: Actor,
    ) -> ReadT:
        """Change the fields sent (a partial update)."""
        rows = self.rows(db_session, organization_id)
        row = await self._locked(rows, id, expected_version)
        values = plain(data.model_dump(exclude_unset=True))
        for name in self.taken:
            if values.get(name) is not None and values[name] != self._value(row, name):
                await self._ensure_free(rows, name, values[name])
        return await self._apply(rows, row, values, Action.UPDATED, actor)

    async def set_active(
        self,
        *,
        db_session: AsyncSession,
        organization_id: uuid.UUID,
        id: uuid.UUID,
        active: bool,
        expected_version: int,
        actor: Actor,
    ) -> ReadT:
        """Activate or deactivate; a row that already is: no change, no audit entry."""
        rows = self.rows(db_session, organization_id)
        row = await self._locked(rows, id, expected_version)
        action = Action.ACTIVATED if active else Action.DEACTIVATED
        return await self._apply(rows, row, {ACTIVE: active}, action, actor)

    async def delete(
        self,
        *,
        db_session: AsyncSession,
        organization_id: uuid.UUID,
        id: uuid.UUID,
        expected_version: int,
        actor: Actor,
    ) -> ReadT:
        """Soft delete: the row is hidden from every read and frees its unique values."""
        rows = self.rows(db_session, organization_id)
        row = await self._locked(rows, id, expected_version)
        await rows.soft_delete(row)
        await db_session.refresh(row)
        await self.record(rows, row, Action.DELETED, None, actor)
        return self.read(row)

    # -- helpers ------------------------------------------------------------------------

    def _found(self, row: RowT | None, id: uuid.UUID) -> RowT:
        if row is None:
            raise self.errors.not_found(params={"id": str(id)})
        return row

    async def _locked(
        self, rows: MasterDataRepository[RowT], id: uuid.UUID, expected_version: int
    ) -> RowT:
        # Locked: concurrent writers queue here and then see the committed version, so the
        # losers of a race get 412 with the current version rather than a failed UPDATE.
        row = self._found(await rows.get_live(id, lock=True), id)
        check_version(current=row.version, expected=expected_version)
        return row

    async def _ensure_free(self, rows: MasterDataRepository[RowT], name: str, value: Any) -> None:
        if value is not None and await rows.value_taken(name, value):
            raise self.taken[name](
                params={name: str(value)},
                details=[{"loc": ["body", name], "code": "DUPLICATE_VALUE", "value": str(value)}],
            )

    @staticmethod
    def _value(row: RowT, name: str) -> Any:
        return getattr(row, name)

    def _key(self, row: RowT) -> str | None:
        value = None if self.key_field is None else self._value(row, self.key_field)
        return None if value is None else str(value)

    def audited(self, row: RowT) -> dict[str, Any]:
        """The row's values of the audited fields (what an entry's changes compare)."""
        return {name: self._value(row, name) for name in self.audited_fields}

    async def _apply(
        self,
        rows: MasterDataRepository[RowT],
        row: RowT,
        values: Mapping[str, Any],
        action: Action,
        actor: Actor,
    ) -> ReadT:
        """Write the values that differ and audit them; a change of nothing writes nothing."""
        before = self.audited(row)
        changes = self.audit.diff(before, {**before, **values})
        if not changes:
            return self.read(row)
        # The version grows with the UPDATE; updated_at is set by the database: read both.
        await rows.update(row, {name: values[name] for name in changes})
        await rows.db_session.refresh(row)
        await self.record(rows, row, action, changes, actor)
        return self.read(row)

    async def record(
        self,
        rows: MasterDataRepository[RowT],
        row: RowT,
        action: Action,
        changes: Mapping[str, Sequence[Any]] | None,
        actor: Actor,
        *,
        flush: bool = True,
    ) -> None:
        """One audit entry for a change of `row`, in the same transaction (`flush=False`:
        written by the caller's next flush, for many changes at once)."""
        await self.audit.record(
            db_session=rows.db_session,
            organization_id=row.organization_id,
            action=action,
            resource_type=self.resource_type,
            resource_id=row.id,
            resource_key=self._key(row),
            actor_id=actor.id,
            actor_role=actor.role,
            changes=changes,
            context=actor.context,
            flush=flush,
        )
