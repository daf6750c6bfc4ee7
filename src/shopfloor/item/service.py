"""Items: the module's resource and its public functions.

Public (other modules call only these, always with keyword arguments):

- `items.get(*, db_session, organization_id, id) -> ItemRead`
  Raises `ItemNotFoundError` (404 ITEM_NOT_FOUND) when the id does not exist or belongs to
  another organisation. Inactive items are returned.
- `items.get_many(*, db_session, organization_id, ids) -> dict[UUID, ItemRead]`
  One query for many ids; ids that do not exist or belong to another organisation are
  absent from the result.
- `ensure_orderable(*, db_session, organization_id, item_id) -> ItemRead`
  The check before a new work order: 404 ITEM_NOT_FOUND, 409 ITEM_INACTIVE when
  deactivated. The row stays share-locked until the caller's transaction ends, so a
  concurrent deactivation waits for the order to commit instead of slipping past.
- `set_default_routing(*, db_session, organization_id, item_id, routing_id) -> ItemRead`
  Sets (or, with None, clears) the item's default routing; the version grows. Locks the
  row until the transaction ends. 404 ITEM_NOT_FOUND. The caller audits the release that
  made the routing the default.

The router's use cases are those of `items` (core/master_data/service.py).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.master_data.service import MasterData
from shopfloor.item import exceptions
from shopfloor.item.exceptions import ItemNotFoundError
from shopfloor.item.models import Item
from shopfloor.item.schemas import ItemRead

items = MasterData(Item, ItemRead, audit=audit_service, exceptions=exceptions)


async def ensure_orderable(
    *, db_session: AsyncSession, organization_id: uuid.UUID, item_id: uuid.UUID
) -> ItemRead:
    held = await items.get_active(
        db_session=db_session, organization_id=organization_id, id=item_id
    )
    return items.read(held)


async def set_default_routing(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    item_id: uuid.UUID,
    routing_id: uuid.UUID | None,
) -> ItemRead:
    rows = items.rows(db_session, organization_id)
    row = await rows.get_live(item_id, lock=True)
    if row is None:
        raise ItemNotFoundError(params={"id": str(item_id)})
    if row.default_routing_id != routing_id:
        await rows.update(row, {"default_routing_id": routing_id})
        # The version grows with the UPDATE; updated_at is set by the database.
        await db_session.refresh(row)
    return items.read(row)
