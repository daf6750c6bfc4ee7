"""Start-up of the user module: the password hasher and the cache of callers' identities."""

from __future__ import annotations

from shopfloor.core.notifications import subscribe
from shopfloor.core.registry import StartupContext
from shopfloor.user import passwords
from shopfloor.user.config import UserSettings
from shopfloor.user.identity_cache import CHANNEL, IDENTITY_CACHE_STATE, IdentityCache


def install(context: StartupContext) -> None:
    """Manifest startup hook."""
    settings = context.settings if isinstance(context.settings, UserSettings) else UserSettings()
    passwords.install(context)
    if settings.identity_cache_size > 0:
        cache = IdentityCache(
            max_entries=settings.identity_cache_size, ttl_s=settings.identity_cache_ttl_s
        )
        # Off until the listener says it hears every change (see identity_cache.py).
        subscribe(context.app, CHANNEL, on_message=cache.forget, on_reset=cache.reset)
        setattr(context.app.state, IDENTITY_CACHE_STATE, cache)
