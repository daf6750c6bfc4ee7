"""Start-up of the user module: the password hasher and the cache of callers' identities."""

from __future__ import annotations

from shopfloor.core.registry import StartupContext
from shopfloor.user import passwords
from shopfloor.user.config import UserSettings
from shopfloor.user.identity_cache import CHANNEL, IDENTITY_CACHE_STATE, new_identity_cache


def install(context: StartupContext) -> None:
    """Manifest startup hook."""
    settings = context.settings if isinstance(context.settings, UserSettings) else UserSettings()
    passwords.install(context)
    if settings.identity_cache_size > 0:
        cache = new_identity_cache(settings)
        # Off until the listener says it hears every change (core/notified_cache.py).
        cache.subscribe_to(context.app, CHANNEL)
        setattr(context.app.state, IDENTITY_CACHE_STATE, cache)
