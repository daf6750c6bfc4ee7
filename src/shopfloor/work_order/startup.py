"""Start-up of the work_order module: the cache of orders read by id."""

from __future__ import annotations

from shopfloor.core.registry import StartupContext
from shopfloor.work_order.config import WorkOrderSettings
from shopfloor.work_order.read_cache import install_read_cache


def install(context: StartupContext) -> None:
    """Manifest startup hook."""
    settings = context.settings
    if not isinstance(settings, WorkOrderSettings):
        raise RuntimeError("the work_order module started without its settings")
    install_read_cache(context.app, settings)
