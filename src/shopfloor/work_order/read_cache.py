"""Orders by id, with their dispatches, kept in each process for read requests.

Station screens and dashboards ask for the same orders again and again, and a by-id read
that goes to the database costs the worker more than everything else in the request. The
rows of `GET /work-orders/{id}` are kept here, keyed by the order's id, and forgotten when
the order or any of its dispatches changes: the migration's triggers on `work_order` and
`dispatch` notify `CHANNEL` with the order's id on every change (`"*"` for a TRUNCATE).
`core/notified_cache.py` says how that keeps the cache exact, and when it does not answer.

What the caller may do (the allowed actions) depends on the caller, so only the rows are
kept and the answer is built for each request. Writes never read from here: they lock the
rows in their own transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeAlias

from fastapi import FastAPI

from shopfloor.core.notified_cache import NotifiedCache
from shopfloor.work_order.config import WorkOrderSettings

CHANNEL = "shopfloor_work_order"
READ_CACHE_STATE = "work_order_read_cache"

# The rows of the by-id statement: the order's columns, then one dispatch's per row.
OrderRows: TypeAlias = tuple[Sequence[Any], ...]
OrderCache: TypeAlias = NotifiedCache[uuid.UUID, OrderRows]


def new_read_cache(settings: WorkOrderSettings) -> OrderCache:
    return NotifiedCache(
        max_entries=settings.read_cache_size,
        ttl_s=settings.read_cache_ttl_s,
        parse_key=uuid.UUID,
    )


def read_cache_of(app: FastAPI) -> OrderCache | None:
    cache = getattr(app.state, READ_CACHE_STATE, None)
    return cache if isinstance(cache, NotifiedCache) else None
