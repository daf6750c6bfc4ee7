"""The repository base: one aggregate's statements, made for one unit of work.

A module's repository subclasses `Repository[Model]` (or `ScopedRepository[Model]` for a
table whose rows belong to an organisation) and names its statements as methods:
`WorkOrderRepository.lock_by_id`, `CustomerRepository.code_taken`. Services hold the rules
and call those methods; they build no SQL themselves.

A repository is made with the request's session, and a scoped one with the caller's
organisation too: `CustomerRepository(db_session, organization_id=principal.organization_id)`.
Every statement starts from `base_statement()` (or the column list of `select_columns()`),
where the organisation scope and the hiding of soft-deleted rows are applied once; no
method takes the organisation again, so none can forget it. Writes flush and never commit:
the request's unit of work commits once.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Column, ColumnElement, Select, bindparam, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from shopfloor.core.models import Base
from shopfloor.core.pagination import Page, PageParams

ModelT = TypeVar("ModelT", bound=Base)

# FOR NO KEY UPDATE: it serialises writers of a row like FOR UPDATE, but lets other
# transactions insert rows that reference it (their foreign keys take FOR KEY SHARE), since
# no service ever changes a primary key. `populate_existing` makes the locked row show the
# committed state, not what the session's identity map held.
LOCKED: Mapping[str, Any] = {"populate_existing": True}


def live_conditions(model: type[Base]) -> list[ColumnElement[bool]]:
    """Soft-deleted rows hidden, for a model that has them."""
    columns = inspect(model).columns
    return [columns["deleted_at"].is_(None)] if "deleted_at" in columns else []


class Repository(Generic[ModelT]):
    """Statements over one model's table, through one session."""

    model: type[ModelT]

    def __init__(self, db_session: AsyncSession) -> None:
        self.db_session = db_session

    def column(self, name: str) -> Column[Any]:
        """A mapped column of the model by name (KeyError when it has none)."""
        return inspect(self.model).columns[name]

    def conditions(self) -> list[ColumnElement[bool]]:
        """What every statement of this repository filters on: live rows only."""
        return live_conditions(self.model)

    def base_statement(self) -> Select[ModelT]:
        """The model's rows this repository may see; every read starts here."""
        return select(self.model).where(*self.conditions())

    def select_columns(
        self, *columns: ColumnElement[Any] | InstrumentedAttribute[Any]
    ) -> Select[Any]:
        """Plain columns of the rows this repository may see (no ORM objects)."""
        return select(*columns).select_from(self.model).where(*self.conditions())

    # -- reads ----------------------------------------------------------------------------

    async def one_or_none(self, statement: Select[ModelT]) -> ModelT | None:
        result = await self.db_session.execute(statement)
        return result.unique().scalar_one_or_none()

    async def all(self, statement: Select[ModelT]) -> Sequence[ModelT]:
        result = await self.db_session.execute(statement)
        return result.unique().scalars().all()

    async def get_by_id(self, id: uuid.UUID, *, for_update: bool = False) -> ModelT | None:
        statement = self.base_statement().where(self.column("id") == id)
        if not for_update:
            return await self.one_or_none(statement)
        result = await self.db_session.execute(
            statement.with_for_update(key_share=True), execution_options=LOCKED
        )
        return result.scalar_one_or_none()

    async def count(self, statement: Select[Any]) -> int:
        counted = statement.with_only_columns(func.count(), maintain_column_froms=True)
        return int((await self.db_session.execute(counted.order_by(None))).scalar_one())

    async def exists(self, statement: Select[Any]) -> bool:
        return bool((await self.db_session.execute(select(statement.exists()))).scalar())

    async def paginate(self, statement: Select[ModelT], params: PageParams) -> Page[ModelT]:
        """One page of `statement` and the total; its ORDER BY should end on a unique column."""
        total = await self.count(statement)
        items: Sequence[ModelT] = []
        if total > params.offset:
            items = await self.all(statement.offset(params.offset).limit(params.page_size))
        return Page(items=items, total=total, page=params.page, page_size=params.page_size)

    # -- writes ---------------------------------------------------------------------------

    async def add(self, instance: ModelT) -> ModelT:
        self.db_session.add(instance)
        await self.db_session.flush()
        return instance

    async def update(self, instance: ModelT, values: Mapping[str, Any]) -> ModelT:
        """Set the given columns (a name that is not a column raises KeyError) and flush."""
        for name, value in values.items():
            self.column(name)
            setattr(instance, name, value)
        await self.db_session.flush()
        return instance

    async def soft_delete(self, instance: ModelT) -> ModelT:
        return await self.update(instance, {"deleted_at": datetime.now(UTC)})


class ScopedRepository(Repository[ModelT]):
    """A repository bound to one organisation: it sees, adds and changes only its rows.

    The scope is the model's `organization_id`, or another column that holds the
    organisation's id (`scope_column = "id"` for the organisation table itself).
    """

    scope_column: ClassVar[str] = "organization_id"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Refused when the class is defined, not on its first statement in a request.
        super().__init_subclass__(**kwargs)
        model = cls.__dict__.get("model")
        if model is not None and cls.scope_column not in inspect(model).columns:
            raise TypeError(f"{model.__name__} has no {cls.scope_column} column")

    def __init__(self, db_session: AsyncSession, *, organization_id: uuid.UUID) -> None:
        super().__init__(db_session)
        self.organization_id = organization_id

    def conditions(self) -> list[ColumnElement[bool]]:
        return [self.column(self.scope_column) == self.organization_id, *super().conditions()]

    # A statement that is built once and run for every caller (see `shared_conditions`)
    # takes the organisation as this parameter.
    SCOPE_PARAMETER: ClassVar[str] = "scope_organization_id"

    @classmethod
    def shared_conditions(cls) -> list[ColumnElement[bool]]:
        """`conditions()` with the organisation left as a named parameter.

        Building a statement costs more than running it; a repository that keeps a statement
        per shape of query builds it with these and runs it with `scope_parameters()`.
        """
        scope = inspect(cls.model).columns[cls.scope_column]
        return [scope == bindparam(cls.SCOPE_PARAMETER), *live_conditions(cls.model)]

    def scope_parameters(self) -> dict[str, Any]:
        """The values of `shared_conditions()` for this repository's organisation."""
        return {self.SCOPE_PARAMETER: self.organization_id}

    async def add(self, instance: ModelT) -> ModelT:
        """Add a row of this organisation; one that names another is refused."""
        owner = getattr(instance, self.scope_column, None)
        if owner is None:
            setattr(instance, self.scope_column, self.organization_id)
        elif owner != self.organization_id:
            raise ValueError(f"a {self.model.__name__} of another organisation")
        return await super().add(instance)

    async def update(self, instance: ModelT, values: Mapping[str, Any]) -> ModelT:
        """Like `Repository.update`, but a row never moves to another organisation."""
        if self.scope_column in values and values[self.scope_column] != self.organization_id:
            raise ValueError(f"a {self.model.__name__} cannot move to another organisation")
        return await super().update(instance, values)
