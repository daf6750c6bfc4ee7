"""Start-up of the work_order module: the caches of orders read by id and of the list."""

from __future__ import annotations

from shopfloor.core.registry import StartupContext
from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.read_cache import (
    CHANNEL,
    LIST_CACHE_STATE,
    READ_CACHE_STATE,
    new_list_cache,
    new_read_cache,
)


def install(context: StartupContext) -> None:
    """Manifest startup hook."""
    settings = context.settings
    if not isinstance(settings, WorkOrderSettings):
        raise RuntimeError("the work_order module started without its settings")
    if settings.read_cache_size > 0:
        cache = new_read_cache(settings)
        # Off until the listener says it hears every change (core/notified_cache.py).
        cache.subscribe_to(context.app, CHANNEL)
        setattr(context.app.state, READ_CACHE_STATE, cache)
        lists = new_list_cache(settings)
        lists.subscribe_to(context.app, CHANNEL)
        setattr(context.app.state, LIST_CACHE_STATE, lists)
