"""Idempotency keys: the first result of a keyed request, replayed to its retries.

The key is claimed first, with `INSERT ... ON CONFLICT DO NOTHING`, in the same transaction
as the change. A concurrent request with the same key waits on the unique index until the
first one ends: if it committed, the retry finds the stored result and replays it; if it
failed, nothing was stored and the retry runs as a first attempt. Only successful results
are stored, so a refused request can be corrected and retried with the same key.

The stored result is the report the first request made and the totals it left, never an
HTTP answer: the router renders a replay from them exactly as it rendered the first answer.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.exceptions import IdempotencyKeyReusedError
from shopfloor.work_order.models import ProductionReport
from shopfloor.work_order.repository.idempotency import IdempotencyRepository


@dataclass(frozen=True, slots=True)
class StoredReport:
    """What a key's first request made: its report and the totals it left."""

    report: ProductionReport
    totals: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Claim:
    """Either this request owns the key (`record_id`) or it is a retry (`replay`)."""

    record_id: uuid.UUID | None = None
    replay: StoredReport | None = None


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
    existing, report = await records.find(key)
    if (
        existing.scope != scope
        or existing.request_hash != digest
        or report is None
        or existing.totals is None
    ):
        raise IdempotencyKeyReusedError(
            details=[{"loc": ["header", "Idempotency-Key"], "code": IdempotencyKeyReusedError.code}]
        )
    return Claim(replay=StoredReport(report, existing.totals))


async def store(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    record_id: uuid.UUID,
    report_id: uuid.UUID,
    totals: dict[str, Any],
) -> None:
    records = IdempotencyRepository(db_session, organization_id=organization_id)
    await records.store(record_id, report_id=report_id, totals=totals)
