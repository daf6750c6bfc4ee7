"""Statements over routings and their operations, scoped to one organisation.

Locks are taken in one order: the item's routing lock first (an advisory lock, per item),
then a routing row, then the item row (through the item module's service). The advisory
lock serialises what must see every routing of an item at once: the next version number
and the switch of the default. It touches no table, so nothing else ever waits on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import selectinload

from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.repository import LOCKED, ScopedRepository
from shopfloor.routing.constants import RoutingStatus
from shopfloor.routing.models import Routing, RoutingOperation
from shopfloor.routing.schemas import RoutingFilters

# Keeps these advisory locks apart from the other users of pg_advisory_xact_lock (which
# take small constant keys): the item id's random half, with the top bit set.
_LOCK_SPACE = 1 << 62


def item_lock_key(item_id: uuid.UUID) -> int:
    """A signed 64-bit key for the item's routing lock."""
    return (_LOCK_SPACE | (item_id.int & ((1 << 62) - 1))) - (1 << 63)


class RoutingRepository(ScopedRepository[Routing]):
    model = Routing

    def with_operations(self) -> Select[Routing]:
        # One more statement for the operations of every routing read, however many.
        return self.base_statement().options(selectinload(Routing.operations))

    # -- locks ----------------------------------------------------------------------------

    async def lock_item_routings(self, item_id: uuid.UUID) -> None:
        """Hold the item's routing lock until the transaction ends."""
        await self.db_session.execute(select(func.pg_advisory_xact_lock(item_lock_key(item_id))))

    # -- reads ----------------------------------------------------------------------------

    async def get_with_operations(
        self, routing_id: uuid.UUID, *, lock: bool = False
    ) -> Routing | None:
        statement = self.with_operations().where(Routing.id == routing_id)
        if lock:
            statement = statement.with_for_update(key_share=True, of=Routing)
        # populate_existing: a row read again shows the committed state and its new operations.
        result = await self.db_session.execute(statement, execution_options=LOCKED)
        return result.scalar_one_or_none()

    async def item_of(self, routing_id: uuid.UUID) -> uuid.UUID | None:
        """The routing's item, read without a lock (to take the item's routing lock first)."""
        statement = self.select_columns(Routing.item_id).where(Routing.id == routing_id)
        value = (await self.db_session.execute(statement)).scalar_one_or_none()
        return value if isinstance(value, uuid.UUID) else None

    async def list_page(self, filters: RoutingFilters, params: PageParams) -> Page[Routing]:
        statement = self.with_operations().order_by(Routing.code, Routing.version, Routing.id)
        if filters.item_id is not None:
            statement = statement.where(Routing.item_id == filters.item_id)
        if filters.status is not None:
            statement = statement.where(Routing.status == filters.status.value)
        return await self.paginate(statement, params)

    async def code_used(self, item_id: uuid.UUID, code: str) -> bool:
        return await self.exists(
            self.base_statement().where(Routing.item_id == item_id, Routing.code == code)
        )

    async def last_version(self, item_id: uuid.UUID, code: str) -> int:
        """The highest version of the item's routing `code` (0 when there is none)."""
        statement = self.select_columns(func.coalesce(func.max(Routing.version), 0)).where(
            Routing.item_id == item_id, Routing.code == code
        )
        return int((await self.db_session.execute(statement)).scalar_one())

    async def released_default(self, item_id: uuid.UUID) -> Routing | None:
        statement = self.with_operations().where(
            Routing.item_id == item_id,
            Routing.is_default.is_(True),
            Routing.status == RoutingStatus.RELEASED.value,
        )
        return await self.one_or_none(statement)

    async def lock_other_defaults(
        self, item_id: uuid.UUID, routing_id: uuid.UUID
    ) -> Sequence[Routing]:
        """The item's other released routings flagged default, locked."""
        statement = (
            self.base_statement()
            .where(
                Routing.item_id == item_id,
                Routing.id != routing_id,
                Routing.is_default.is_(True),
                Routing.status == RoutingStatus.RELEASED.value,
            )
            .order_by(Routing.id)
            .with_for_update(key_share=True)
        )
        result = await self.db_session.execute(statement, execution_options=LOCKED)
        return result.scalars().all()

    # -- writes ---------------------------------------------------------------------------

    async def replace_operations(
        self, routing: Routing, operations: Iterable[Mapping[str, Any]]
    ) -> None:
        """The routing's operations become `operations`, in their order (position 0, 1, ...)."""
        await self.db_session.execute(
            delete(RoutingOperation).where(
                RoutingOperation.organization_id == self.organization_id,
                RoutingOperation.routing_id == routing.id,
            )
        )
        self.db_session.add_all(
            RoutingOperation(
                organization_id=self.organization_id,
                routing_id=routing.id,
                position=position,
                **values,
            )
            for position, values in enumerate(operations)
        )
        await self.db_session.flush()
