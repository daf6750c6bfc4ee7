"""Idempotency keys: claim a key, find the record that holds it, keep the report it made.

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
from shopfloor.work_order.models import IdempotencyRecord, ProductionReport

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
_FIND = (
    select(IdempotencyRecord, ProductionReport)
    .outerjoin(ProductionReport, ProductionReport.id == IdempotencyRecord.report_id)
    .where(
        IdempotencyRecord.organization_id == bindparam("organization_id"),
        IdempotencyRecord.key == bindparam("key"),
    )
)
_STORE = (
    update(IdempotencyRecord)
    .where(
        IdempotencyRecord.id == bindparam("record_id"),
        IdempotencyRecord.organization_id == bindparam("owner_id"),
    )
    .values(report_id=bindparam("report_id"), totals=bindparam("totals"))
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

    async def find(self, key: str) -> tuple[IdempotencyRecord, ProductionReport | None]:
        """The record of a key that `claim` found taken, with the report it made."""
        values = {"organization_id": self.organization_id, "key": key}
        record, report = (await self.db_session.execute(_FIND, values)).one()
        return record, report

    async def store(
        self, record_id: uuid.UUID, *, report_id: uuid.UUID, totals: dict[str, Any]
    ) -> None:
        """Keep the report the claiming request made and the totals it left."""
        values = {
            "record_id": record_id,
            "owner_id": self.organization_id,
            "report_id": report_id,
            "totals": totals,
        }
        await self.db_session.execute(_STORE, values)
