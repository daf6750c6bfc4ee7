"""The identities of recent callers, kept in each process for read requests.

Authentication reads the caller's account on every request: it must exist, be active, still
be on the token's version, and its role gives the permissions. Read requests (GET, HEAD) may
take that from here instead of a round trip to the database; writes always read it.

The migration's trigger on `user_account` notifies `CHANNEL` with the account's id whenever
the role, the active flag, the token version, the organisation or the deletion mark changes,
or the row is deleted (`"*"` for a TRUNCATE); `core/notified_cache.py` says how that keeps
the cache exact, and when it does not answer.
"""

from __future__ import annotations

import uuid
from typing import TypeAlias

from shopfloor.core.notified_cache import NotifiedCache
from shopfloor.user.config import UserSettings
from shopfloor.user.schemas import UserIdentity

CHANNEL = "shopfloor_user_identity"
# Where the application keeps its cache (app.state).
IDENTITY_CACHE_STATE = "user_identity_cache"

IdentityCache: TypeAlias = NotifiedCache[uuid.UUID, UserIdentity]


def new_identity_cache(settings: UserSettings) -> IdentityCache:
    return NotifiedCache(
        max_entries=settings.identity_cache_size,
        ttl_s=settings.identity_cache_ttl_s,
        parse_key=uuid.UUID,
    )
