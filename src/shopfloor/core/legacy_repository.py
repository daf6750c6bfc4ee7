"""The previous repository classes, kept only until every module moves to core/repository.py.

A repository holds only its model class. Every method takes the session as an argument,
flushes when it writes, and never commits: the request's unit of work does that once.

`OrganizationRepository` is the tenant-safe variant every domain module uses: each method
requires the caller's `organization_id` and filters on it, so there is no way to read or
change a row of another organisation by id.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.base import ExecutableOption

from shopfloor.core.models import Base
from shopfloor.core.pagination import Page, PageParams

ModelT = TypeVar("ModelT", bound=Base)

OrderBy = Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]]


class AsyncRepository(Generic[ModelT]):
    def __init__(self, model: type[ModelT]) -> None:
        self.model = model
        self._soft_delete = hasattr(model, "deleted_at")
        # Mapped column attributes only: a misspelt name or a Python property must fail
        # loudly instead of filtering on something that is not a column.
        self._columns = frozenset(inspect(model).column_attrs.keys())

    def _column(self, name: str) -> Any:
        if name not in self._columns:
            raise AttributeError(f"{self.model.__name__} has no column {name!r}")
        return getattr(self.model, name)

    # -- query building -------------------------------------------------------------------

    def select(
        self,
        *where: ColumnElement[bool],
        include_deleted: bool = False,
        **filters: Any,
    ) -> Select[ModelT]:
        """A SELECT of the model with the given conditions and `column=value` filters."""
        statement = select(self.model)
        for condition in self._conditions(where, filters, include_deleted=include_deleted):
            statement = statement.where(condition)
        return statement

    def _conditions(
        self,
        where: Iterable[ColumnElement[bool]],
        filters: Mapping[str, Any],
        *,
        include_deleted: bool,
    ) -> list[ColumnElement[bool]]:
        conditions = list(where)
        for name, value in filters.items():
            column = self._column(name)
            conditions.append(column.is_(None) if value is None else column == value)
        if self._soft_delete and not include_deleted:
            conditions.append(self.model.deleted_at.is_(None))  # type: ignore[attr-defined]
        return conditions

    # -- reads ----------------------------------------------------------------------------

    async def get(
        self,
        session: AsyncSession,
        id: uuid.UUID,
        *,
        for_update: bool = False,
        include_deleted: bool = False,
        options: Sequence[ExecutableOption] = (),
        **filters: Any,
    ) -> ModelT | None:
        statement = self.select(
            self.model.id == id,  # type: ignore[attr-defined]
            include_deleted=include_deleted,
            **filters,
        ).options(*options)
        if for_update:
            # FOR NO KEY UPDATE: it serialises writers of this row like FOR UPDATE, but lets
            # other transactions insert rows that reference it (their foreign keys take FOR
            # KEY SHARE), since no service ever changes a primary key.
            statement = statement.with_for_update(key_share=True)
        # populate_existing: a row locked FOR UPDATE must reflect the committed state,
        # not what the identity map cached earlier in this session.
        result = await session.execute(
            statement, execution_options={"populate_existing": for_update}
        )
        return result.scalar_one_or_none()

    async def find_one(
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        include_deleted: bool = False,
        **filters: Any,
    ) -> ModelT | None:
        statement = self.select(*where, include_deleted=include_deleted, **filters).limit(2)
        result = await session.execute(statement)
        return result.scalars().one_or_none()

    async def find_all(
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        order_by: OrderBy = (),
        offset: int = 0,
        limit: int | None = None,
        include_deleted: bool = False,
        options: Sequence[ExecutableOption] = (),
        **filters: Any,
    ) -> Sequence[ModelT]:
        statement = self.select(*where, include_deleted=include_deleted, **filters)
        statement = statement.options(*options).order_by(*order_by).offset(offset)
        if limit is not None:
            statement = statement.limit(limit)
        result = await session.execute(statement)
        return result.scalars().all()

    async def exists(
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        include_deleted: bool = False,
        **filters: Any,
    ) -> bool:
        inner = self.select(*where, include_deleted=include_deleted, **filters)
        result = await session.execute(select(inner.exists()))
        return bool(result.scalar())

    async def count(
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        include_deleted: bool = False,
        **filters: Any,
    ) -> int:
        conditions = self._conditions(where, filters, include_deleted=include_deleted)
        statement = select(func.count()).select_from(self.model).where(*conditions)
        result = await session.execute(statement)
        return int(result.scalar_one())

    async def paginate(
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        params: PageParams,
        order_by: OrderBy,
        include_deleted: bool = False,
        options: Sequence[ExecutableOption] = (),
        **filters: Any,
    ) -> Page[ModelT]:
        """One page plus the total; `order_by` should end on a unique column for stable pages."""
        total = await self.count(session, *where, include_deleted=include_deleted, **filters)
        items: Sequence[ModelT] = []
        if total > params.offset:
            items = await self.find_all(
                session,
                *where,
                order_by=order_by,
                offset=params.offset,
                limit=params.page_size,
                include_deleted=include_deleted,
                options=options,
                **filters,
            )
        return Page(items=items, total=total, page=params.page, page_size=params.page_size)

    # -- writes ---------------------------------------------------------------------------

    async def create(self, session: AsyncSession, **values: Any) -> ModelT:
        instance = self.model(**values)
        session.add(instance)
        await session.flush()
        return instance

    async def update(self, session: AsyncSession, instance: ModelT, **values: Any) -> ModelT:
        for name, value in values.items():
            self._column(name)
            setattr(instance, name, value)
        await session.flush()
        return instance

    async def delete(self, session: AsyncSession, instance: ModelT, *, hard: bool = False) -> None:
        """Soft-delete when the model supports it (unless `hard`), otherwise delete the row."""
        if self._soft_delete and not hard:
            instance.deleted_at = datetime.now(UTC)  # type: ignore[attr-defined]
        else:
            await session.delete(instance)
        await session.flush()


class OrganizationRepository(AsyncRepository[ModelT]):
    """The tenant-safe repository: every read and write is bound to one organisation."""

    def __init__(self, model: type[ModelT]) -> None:
        if not hasattr(model, "organization_id"):
            raise TypeError(f"{model.__name__} has no organization_id column")
        super().__init__(model)

    def scoped(
        self,
        *where: ColumnElement[bool],
        organization_id: uuid.UUID,
        include_deleted: bool = False,
        **filters: Any,
    ) -> Select[ModelT]:
        return self.select(
            *where, include_deleted=include_deleted, organization_id=organization_id, **filters
        )

    async def get(  # type: ignore[override]
        self,
        session: AsyncSession,
        id: uuid.UUID,
        *,
        organization_id: uuid.UUID,
        for_update: bool = False,
        include_deleted: bool = False,
        options: Sequence[ExecutableOption] = (),
        **filters: Any,
    ) -> ModelT | None:
        return await super().get(
            session,
            id,
            for_update=for_update,
            include_deleted=include_deleted,
            options=options,
            organization_id=organization_id,
            **filters,
        )

    async def find_one(  # type: ignore[override]
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        organization_id: uuid.UUID,
        include_deleted: bool = False,
        **filters: Any,
    ) -> ModelT | None:
        return await super().find_one(
            session,
            *where,
            include_deleted=include_deleted,
            organization_id=organization_id,
            **filters,
        )

    async def find_all(  # type: ignore[override]
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        organization_id: uuid.UUID,
        order_by: OrderBy = (),
        offset: int = 0,
        limit: int | None = None,
        include_deleted: bool = False,
        options: Sequence[ExecutableOption] = (),
        **filters: Any,
    ) -> Sequence[ModelT]:
        return await super().find_all(
            session,
            *where,
            order_by=order_by,
            offset=offset,
            limit=limit,
            include_deleted=include_deleted,
            options=options,
            organization_id=organization_id,
            **filters,
        )

    async def exists(  # type: ignore[override]
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        organization_id: uuid.UUID,
        include_deleted: bool = False,
        **filters: Any,
    ) -> bool:
        return await super().exists(
            session,
            *where,
            include_deleted=include_deleted,
            organization_id=organization_id,
            **filters,
        )

    async def count(  # type: ignore[override]
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        organization_id: uuid.UUID,
        include_deleted: bool = False,
        **filters: Any,
    ) -> int:
        return await super().count(
            session,
            *where,
            include_deleted=include_deleted,
            organization_id=organization_id,
            **filters,
        )

    async def paginate(  # type: ignore[override]
        self,
        session: AsyncSession,
        *where: ColumnElement[bool],
        organization_id: uuid.UUID,
        params: PageParams,
        order_by: OrderBy,
        include_deleted: bool = False,
        options: Sequence[ExecutableOption] = (),
        **filters: Any,
    ) -> Page[ModelT]:
        return await super().paginate(
            session,
            *where,
            params=params,
            order_by=order_by,
            include_deleted=include_deleted,
            options=options,
            organization_id=organization_id,
            **filters,
        )

    async def create(  # type: ignore[override]
        self, session: AsyncSession, *, organization_id: uuid.UUID, **values: Any
    ) -> ModelT:
        return await super().create(session, organization_id=organization_id, **values)

    async def update(self, session: AsyncSession, instance: ModelT, **values: Any) -> ModelT:
        """Like `AsyncRepository.update`, but a row never moves to another organisation."""
        if "organization_id" in values:
            current = instance.organization_id  # type: ignore[attr-defined]
            if values["organization_id"] != current:
                raise ValueError(f"a {self.model.__name__} cannot move to another organisation")
        return await super().update(session, instance, **values)
