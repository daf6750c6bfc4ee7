"""Idempotency keys: the first result of a keyed request, replayed to its retries.

The key is claimed first, with `INSERT ... ON CONFLICT DO NOTHING`, in the same transaction
as the change. A concurrent request with the same key waits on the unique index until the
first one ends: if it committed, the retry finds the stored result and replays it; if it
failed, nothing was stored and the retry runs as a first attempt. Only successful results
are stored, so a refused request can be corrected and retried with the same key.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.exceptions import IdempotencyKeyReusedError
from shopfloor.work_order.repository.idempotency import IdempotencyRepository


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Claim:
    """Either this request owns the key (`record_id`) or it is a retry (`replay`)."""

    record_id: uuid.UUID | None = None
    replay: StoredResponse | None = None


def request_hash(scope: str, target: uuid.UUID, body: dict[str, Any]) -> str:
    """A digest of what the request asks for: the same key must always ask the same."""
    canonical = json.dumps(
        {"scope": scope, "target": str(target), "body": body},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def claim(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    key: str,
    scope: str,
    digest: str,
) -> Claim:
    records = IdempotencyRepository(db_session, organization_id=organization_id)
    record_id = await records.claim(key=key, scope=scope, request_hash=digest)
    if record_id is not None:
        return Claim(record_id=record_id)
    existing = await records.find(key)
    if (
        existing.scope != scope
        or existing.request_hash != digest
        or existing.response_status is None
        or existing.response_body is None
    ):
        raise IdempotencyKeyReusedError(
            details=[{"loc": ["header", "Idempotency-Key"], "code": IdempotencyKeyReusedError.code}]
        )
    return Claim(replay=StoredResponse(existing.response_status, existing.response_body))


async def store(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    record_id: uuid.UUID,
    status_code: int,
    body: dict[str, Any],
) -> None:
    records = IdempotencyRepository(db_session, organization_id=organization_id)
    await records.store(record_id, status_code=status_code, body=body)
