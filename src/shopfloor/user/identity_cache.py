"""The identities of recent callers, kept in each process for read requests.

Authentication reads the caller's account on every request: it must exist, be active, still
be on the token's version, and its role gives the permissions. Read requests (GET, HEAD) may
take that from here instead of a round trip to the database; writes always read it.

It stays exact up to the delivery of a notification. The migration's trigger on
`user_account` notifies `CHANNEL` with the account's id whenever the role, the active flag,
the token version, the organisation or the deletion mark changes, or the row is deleted
(`"*"` for a TRUNCATE). PostgreSQL delivers it to every process's listener when the change
commits (`core/notifications.py`), and the entry is forgotten. The cache answers only while
that listener is connected: when it is not, notifications may be missed, so the cache is
emptied and every request reads the database until the listener is back. Entries also expire
after `ttl_s` whatever happens, and the least recently used go first beyond `max_entries`.

A read that raced an invalidation never stores what it read: `put` takes the generation seen
before the read, and every invalidation moves the generation on.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from shopfloor.user.schemas import UserIdentity

CHANNEL = "shopfloor_user_identity"
ALL_ACCOUNTS = "*"  # the payload of a TRUNCATE
# Where the application keeps its cache (app.state).
IDENTITY_CACHE_STATE = "user_identity_cache"


class IdentityCache:
    def __init__(
        self,
        *,
        max_entries: int,
        ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries: OrderedDict[uuid.UUID, tuple[UserIdentity, float]] = OrderedDict()
        self._answering = False
        self.generation = 0

    @property
    def answering(self) -> bool:
        """True while notifications reach this process (see the module doc)."""
        return self._answering

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, user_id: uuid.UUID, organization_id: uuid.UUID) -> UserIdentity | None:
        if not self._answering:
            return None
        entry = self._entries.get(user_id)
        if entry is None:
            return None
        identity, expires_at = entry
        if self._clock() >= expires_at:
            del self._entries[user_id]
            return None
        if identity.organization_id != organization_id:
            return None
        self._entries.move_to_end(user_id)
        return identity

    def put(self, identity: UserIdentity, generation: int) -> None:
        """Keep `identity`, read from the database after `generation` was current."""
        if not self._answering or generation != self.generation or self.max_entries < 1:
            return
        self._entries[identity.id] = (identity, self._clock() + self.ttl_s)
        self._entries.move_to_end(identity.id)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def forget(self, payload: str) -> None:
        """A notification: forget the account it names (everyone for `"*"` or nonsense)."""
        self.generation += 1
        if payload == ALL_ACCOUNTS:
            self._entries.clear()
            return
        try:
            user_id = uuid.UUID(payload)
        except ValueError:
            self._entries.clear()
            return
        self._entries.pop(user_id, None)

    def reset(self, answering: bool) -> None:
        """Forget everything; answer from now on only if `answering` (the listener's state)."""
        self.generation += 1
        self._entries.clear()
        self._answering = answering and self.max_entries > 0
