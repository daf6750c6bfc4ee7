"""The statements every master-data table answers: live rows, pages, codes, locks.

A master-data table is one organisation's reference list (customers, work centers, items):
rows with a unique code and a name that other records point at. `MasterData` makes its
repository from the model; a module that needs statements of its own subclasses this one.

A list's filters are a pydantic model whose field names say what they filter, so that no
module writes its own WHERE clauses:

- `q`: a search, the code by prefix (upper-cased, like stored codes) or the name by part;
- `sort`: a column name, with a leading `-` for descending; the id always breaks ties;
- a column's name: rows whose column equals the value;
- a name ending in `_min` or `_from` (`_max`, `_to`): rows whose column is at least
  (at most) the value, when no column has that exact name.

A filter left at None filters nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from enum import Enum
from typing import Any, ClassVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, inspect, or_
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.repository import LOCKED, ModelT, ScopedRepository

LOWER_BOUNDS = ("_min", "_from")
UPPER_BOUNDS = ("_max", "_to")


class MasterDataRepository(ScopedRepository[ModelT]):
    """One organisation's rows of a master-data table (soft-deleted rows never show)."""

    # The columns `q` searches: the first by prefix, the second by a part of it.
    search_prefix: ClassVar[str] = "code"
    search_part: ClassVar[str] = "name"

    def __init__(
        self,
        db_session: AsyncSession,
        *,
        organization_id: uuid.UUID,
        model: type[ModelT] | None = None,
    ) -> None:
        super().__init__(db_session, organization_id=organization_id)
        if model is not None:
            self.model = model

    async def get_live(self, id: uuid.UUID, *, lock: bool = False) -> ModelT | None:
        """The row, optionally locked against concurrent writers until the transaction ends."""
        return await self.get_by_id(id, for_update=lock)

    async def get_share_locked(self, id: uuid.UUID) -> ModelT | None:
        """The row, share-locked: writers of it wait until the caller's transaction ends."""
        statement = self.base_statement().where(self.column("id") == id)
        result = await self.db_session.execute(
            statement.with_for_update(read=True), execution_options=LOCKED
        )
        return result.scalar_one_or_none()

    async def get_many(self, ids: Collection[uuid.UUID]) -> Sequence[ModelT]:
        if not ids:
            return []
        return await self.all(self.base_statement().where(self.column("id").in_(set(ids))))

    async def value_taken(self, field: str, value: object) -> bool:
        """Whether a live row of the organisation already holds this value."""
        return await self.exists(self.base_statement().where(self.column(field) == value))

    async def code_taken(self, code: str) -> bool:
        return await self.value_taken("code", code)

    async def get_by_codes(self, codes: Collection[str], *, lock: bool) -> Sequence[ModelT]:
        """The rows holding these codes; locked in code order (so that two imports of
        overlapping files queue rather than deadlock) when `lock` is set."""
        if not codes:
            return []
        statement = (
            self.base_statement()
            .where(self.column("code").in_(sorted(set(codes))))
            .order_by(self.column("code"))
        )
        if not lock:
            return await self.all(statement)
        result = await self.db_session.execute(
            statement.with_for_update(key_share=True), execution_options=LOCKED
        )
        return result.scalars().all()

    async def add_all(self, instances: Sequence[ModelT]) -> None:
        """Add rows of this organisation in one flush (one INSERT for all of them)."""
        for instance in instances:
            setattr(instance, self.scope_column, self.organization_id)
        self.db_session.add_all(instances)
        await self.db_session.flush()

    async def update_all(self, changes: Sequence[tuple[ModelT, Mapping[str, Any]]]) -> None:
        """Set each row's values, then one flush (an UPDATE per row, each checking and
        growing the row's version)."""
        for instance, values in changes:
            for name, value in values.items():
                self.column(name)
                setattr(instance, name, value)
        await self.db_session.flush()

    def selected(self, filters: BaseModel) -> Select[ModelT]:
        """The rows the filters select, in the order they name."""
        values = {
            name: value.value if isinstance(value, Enum) else value
            for name, value in filters.model_dump(exclude_none=True).items()
        }
        sort = str(values.pop("sort", "-created_at"))
        return (
            self.base_statement()
            .where(*self.filter_conditions(values))
            .order_by(*self.ordering(sort))
        )

    async def list_page(self, filters: BaseModel, params: PageParams) -> Page[ModelT]:
        """One page of the rows the filters select, in the order they name."""
        return await self.paginate(self.selected(filters), params)

    async def list_all(self, filters: BaseModel, *, limit: int) -> Sequence[ModelT]:
        """Every row the filters select, at most `limit` of them."""
        return await self.all(self.selected(filters).limit(limit))

    def filter_conditions(self, values: dict[str, Any]) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        for name, value in values.items():
            if name == "q":
                conditions.append(self.search(str(value)))
            elif name in inspect(self.model).columns:
                conditions.append(self.column(name) == value)
            elif name.endswith(LOWER_BOUNDS):
                conditions.append(self.column(name.rsplit("_", 1)[0]) >= value)
            elif name.endswith(UPPER_BOUNDS):
                conditions.append(self.column(name.rsplit("_", 1)[0]) <= value)
            else:
                raise KeyError(f"{name!r} filters no column of {self.model.__name__}")
        return conditions

    def search(self, text: str) -> ColumnElement[bool]:
        # Codes are stored upper case, so the prefix is too; LIKE wildcards match literally.
        return or_(
            self.column(self.search_prefix).startswith(text.upper(), autoescape=True),
            self.column(self.search_part).icontains(text, autoescape=True),
        )

    def ordering(self, sort: str) -> tuple[ColumnElement[Any], ...]:
        descending = sort.startswith("-")
        column, tie = self.column(sort.lstrip("-")), self.column("id")
        if descending:
            return (column.desc(), tie.desc())
        return (column.asc(), tie.asc())
