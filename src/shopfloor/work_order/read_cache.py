"""Orders read by id, kept in each process for read requests.

Station screens and dashboards ask for the same orders again and again. What
`GET /work-orders/{id}` reads (the order's columns and its dispatches') is kept here, keyed
by the order's id, and forgotten when the order or any of its dispatches changes: the
migration's triggers on `work_order` and `dispatch` notify `CHANNEL` with the order's id on
every change (`"*"` for a TRUNCATE). `core/notified_cache.py` says how that keeps the cache
exact, and when it does not answer. Writes never read from here: they lock the rows in their
own transaction.

`WORK_ORDER_READ_CACHE_SIZE=0` leaves the cache out: every read goes to the database.
"""

from __future__ import annotations

import uuid
from typing import TypeAlias

from fastapi import FastAPI

from shopfloor.core.notified_cache import NotifiedCache
from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.repository.orders import OrderWithDispatches

CHANNEL = "shopfloor_work_order"
READ_CACHE_STATE = "work_order_read_cache"

OrderCache: TypeAlias = NotifiedCache[uuid.UUID, OrderWithDispatches]


def new_read_cache(settings: WorkOrderSettings) -> OrderCache:
    return NotifiedCache(
        max_entries=settings.read_cache_size,
        ttl_s=settings.read_cache_ttl_s,
        parse_key=uuid.UUID,
    )


def install_read_cache(app: FastAPI, settings: WorkOrderSettings) -> OrderCache | None:
    """Give the application its cache of orders by id, unless its size is 0."""
    if settings.read_cache_size == 0:
        return None
    cache = new_read_cache(settings)
    # Off until the listener says it hears every change (core/notified_cache.py).
    cache.subscribe_to(app, CHANNEL)
    setattr(app.state, READ_CACHE_STATE, cache)
    return cache


def read_cache_of(app: FastAPI) -> OrderCache | None:
    cache = getattr(app.state, READ_CACHE_STATE, None)
    return cache if isinstance(cache, NotifiedCache) else None
