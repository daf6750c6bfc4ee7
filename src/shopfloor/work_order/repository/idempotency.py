"""Idempotency keys: claim a key, find the record that holds it, store what it produced.

The statements are built once with bound parameters: every keyed report runs the claim and
the store, and building a statement costs about as much as running it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert

from shopfloor.core.ids import uuid7
from shopfloor.core.repository import ScopedRepository
from shopfloor.work_order.models import IdempotencyRecord

_CLAIM = (
    insert(IdempotencyRecord)
    .values(
        id=bindparam("id"),
        organization_id=bindparam("organization_id"),
        key=bindparam("key"),
        scope=bindparam("scope"),
        request_hash=bindparam("request_hash"),
    )
    .on_conflict_do_nothing(index_elements=["organization_id", "key"])
    .returning(IdempotencyRecord.id)
)
_FIND = select(IdempotencyRecord).where(
    IdempotencyRecord.organization_id == bindparam("organization_id"),
    IdempotencyRecord.key == bindparam("key"),
)
_STORE = (
    update(IdempotencyRecord)
    .where(
        IdempotencyRecord.id == bindparam("record_id"),
        IdempotencyRecord.organization_id == bindparam("owner_id"),
    )
    .values(response_status=bindparam("response_status"), response_body=bindparam("response_body"))
    # The record was inserted with RETURNING, never loaded: nothing in the session to sync.
    .execution_options(synchronize_session=False)
)


class IdempotencyRepository(ScopedRepository[IdempotencyRecord]):
    """One organisation's keys: two organisations may use the same key."""

    model = IdempotencyRecord

    async def claim(self, *, key: str, scope: str, request_hash: str) -> uuid.UUID | None:
        """Insert the key and return the new record's id; None when the key is taken.

        A concurrent claim of the same key waits on the unique index until the first
        transaction ends, so None means a committed record exists.
        """
        values = {
            "id": uuid7(),
            "organization_id": self.organization_id,
            "key": key,
            "scope": scope,
            "request_hash": request_hash,
        }
        return (await self.db_session.execute(_CLAIM, values)).scalar_one_or_none()

    async def find(self, key: str) -> IdempotencyRecord:
        """The record of a key that `claim` found taken."""
        values = {"organization_id": self.organization_id, "key": key}
        return (await self.db_session.execute(_FIND, values)).scalar_one()

    async def store(self, record_id: uuid.UUID, *, status_code: int, body: dict[str, Any]) -> None:
        values = {
            "record_id": record_id,
            "owner_id": self.organization_id,
            "response_status": status_code,
            "response_body": body,
        }
        await self.db_session.execute(_STORE, values)
