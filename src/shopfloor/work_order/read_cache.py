"""Orders and their dispatches, kept in each process for read requests.

Station screens and dashboards ask for the same orders again and again, and a by-id read
that goes to the database costs the worker more than everything else in the request. The
rows of `GET /work-orders/{id}` are kept here, keyed by the order's id, and forgotten when
the order or any of its dispatches changes: the migration's triggers on `work_order` and
`dispatch` notify `CHANNEL` with the order's id on every change (`"*"` for a TRUNCATE).
`core/notified_cache.py` says how that keeps the cache exact, and when it does not answer.

The list has three more (`ListCache`). The first keeps whole pages as answered, keyed by the
filter, the page, the organisation and the caller's permissions (the allowed actions depend
on them): a screen polling the same page between two changes is answered from here. Any
order's or dispatch's notification forgets every page (the migration notifies new orders
too), so a kept page has the same window as an order read by id, and no more.

A page not kept is read as ids and versions. The second keeps single orders, keyed by the
order's id as text, and an order is taken from there only when it is the version the page
read, so the rows of such a page are as exact as the statement that read them: most rows of
a polled list have not changed since the last poll. The third keeps the total of each
filter (the count across all pages), which any order's change may alter, so it forgets
everything on every notification. Counting the matching orders is most of what the database
does for a list page. Writes never read from here: they lock the rows in their own
transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from fastapi import FastAPI

from shopfloor.core.notified_cache import NotifiedCache
from shopfloor.core.pagination import Page
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
# A whole page as answered (allowed actions included), keyed by the list statement's shape,
# all its bound values and the caller's permissions.
PageCache: TypeAlias = NotifiedCache[tuple[Any, ...], Page[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class ListCache:
    rows: OrderRowCache
    totals: TotalCache
    pages: PageCache

    @property
    def answering(self) -> bool:
        # Pages may be off on their own (`list_page_cache_size` 0): they answer nothing then.
        return self.rows.answering and self.totals.answering

    def subscribe_to(self, app: FastAPI, channel: str) -> None:
        self.rows.subscribe_to(app, channel)
        self.totals.subscribe_to(app, channel)
        self.pages.subscribe_to(app, channel)


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
    pages: PageCache = NotifiedCache(
        max_entries=settings.list_page_cache_size,
        ttl_s=settings.read_cache_ttl_s,
        parse_key=None,
    )
    return ListCache(rows=rows, totals=totals, pages=pages)


def read_cache_of(app: FastAPI) -> OrderCache | None:
    cache = getattr(app.state, READ_CACHE_STATE, None)
    return cache if isinstance(cache, NotifiedCache) else None


def list_cache_of(app: FastAPI) -> ListCache | None:
    cache = getattr(app.state, LIST_CACHE_STATE, None)
    return cache if isinstance(cache, ListCache) else None
