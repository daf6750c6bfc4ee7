"""Orders and their dispatches, kept in each process for read requests.

Station screens and dashboards ask for the same orders again and again, and a by-id read
that goes to the database costs the worker more than everything else in the request. The
rows of `GET /work-orders/{id}` are kept here, keyed by the order's id, and forgotten when
the order or any of its dispatches changes: the migration's triggers on `work_order` and
`dispatch` notify `CHANNEL` with the order's id on every change (`"*"` for a TRUNCATE).
`core/notified_cache.py` says how that keeps the cache exact, and when it does not answer.

The list has two more (`ListCache`). One keeps single orders, keyed by the order's id as
text: a page is read as ids and versions, and an order is taken from here only when it is
the version the page read, so the rows of a page are as exact as the statement that read
them. Most rows of a list polled by a screen have not changed since the last poll. The other
keeps the total of each filter (the count across all pages), which any order's change may
alter: it forgets everything on every notification, and the migration notifies new orders
too. Counting the matching orders is most of what the database does for a list page.

What the caller may do (the allowed actions) depends on the caller, so only the rows are
kept and the answer is built for each request. Writes never read from here: they lock the
rows in their own transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from fastapi import FastAPI

from shopfloor.core.notified_cache import NotifiedCache
from shopfloor.work_order.config import WorkOrderSettings

CHANNEL = "shopfloor_work_order"
READ_CACHE_STATE = "work_order_read_cache"
LIST_CACHE_STATE = "work_order_list_cache"
# The totals of this many filters (organisation, filter values, day) at most.
LIST_TOTALS_MAX = 1024

# The rows of the by-id statement: the order's columns, then one dispatch's per row.
OrderRows: TypeAlias = tuple[Sequence[Any], ...]
OrderCache: TypeAlias = NotifiedCache[uuid.UUID, OrderRows]
# One order of a list page (`views.work_order_item`: every field but the caller's allowed
# actions), keyed by its id as text.
OrderRowCache: TypeAlias = NotifiedCache[str, dict[str, Any]]
# A filter's total, keyed by the list statement's shape and its bound values but the page's.
TotalCache: TypeAlias = NotifiedCache[tuple[Any, ...], int]


@dataclass(frozen=True, slots=True)
class ListCache:
    rows: OrderRowCache
    totals: TotalCache

    @property
    def answering(self) -> bool:
        return self.rows.answering and self.totals.answering

    def subscribe_to(self, app: FastAPI, channel: str) -> None:
        self.rows.subscribe_to(app, channel)
        self.totals.subscribe_to(app, channel)


def new_read_cache(settings: WorkOrderSettings) -> OrderCache:
    return NotifiedCache(
        max_entries=settings.read_cache_size,
        ttl_s=settings.read_cache_ttl_s,
        parse_key=uuid.UUID,
    )


def _uuid_text(payload: str) -> str:
    return str(uuid.UUID(payload))


def new_list_cache(settings: WorkOrderSettings) -> ListCache:
    # A page is up to 100 rows: room for as many rows as the by-id cache has orders.
    rows: OrderRowCache = NotifiedCache(
        max_entries=settings.read_cache_size,
        ttl_s=settings.read_cache_ttl_s,
        parse_key=_uuid_text,
    )
    totals: TotalCache = NotifiedCache(
        max_entries=min(settings.read_cache_size, LIST_TOTALS_MAX),
        ttl_s=settings.read_cache_ttl_s,
        parse_key=None,
    )
    return ListCache(rows=rows, totals=totals)


def read_cache_of(app: FastAPI) -> OrderCache | None:
    cache = getattr(app.state, READ_CACHE_STATE, None)
    return cache if isinstance(cache, NotifiedCache) else None


def list_cache_of(app: FastAPI) -> ListCache | None:
    cache = getattr(app.state, LIST_CACHE_STATE, None)
    return cache if isinstance(cache, ListCache) else None
