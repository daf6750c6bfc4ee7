"""A per-process cache of database rows that PostgreSQL notifications keep exact.

A module's migration installs a trigger that notifies a channel with the key of whatever
changed (an id), or `"*"` when everything may have (a TRUNCATE). `subscribe_to(app, channel)`
puts the cache on the application's listener (`core/notifications.py`):

- a notification forgets the key it names (everything for `"*"` or a payload it cannot read);
  a cache without `parse_key` forgets everything on every notification: it holds what any
  row's change may alter (a count over many rows);
- the cache answers only while the listener is connected: before its first LISTEN, and from
  the moment the connection is lost or stops answering its keepalive, notifications may be
  missed, so it empties and every read goes to the database until the listener is back;
- an entry is dropped after `ttl_s` whatever happens, and beyond `max_entries` the least
  recently used goes first;
- a read that raced an invalidation never stores what it read: `put` takes the generation
  current before the read, and every invalidation moves the generation on.

What remains is the trip of a notification from PostgreSQL to the process: a read that
arrives between a change's commit and its notification may still see the previous rows.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from fastapi import FastAPI

from shopfloor.core.notifications import subscribe

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

EVERYTHING = "*"


class NotifiedCache(Generic[K, V]):
    def __init__(
        self,
        *,
        max_entries: int,
        ttl_s: float,
        parse_key: Callable[[str], K] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._parse_key = parse_key
        self._clock = clock
        self._entries: OrderedDict[K, tuple[V, float]] = OrderedDict()
        self._answering = False
        self.generation = 0

    @property
    def answering(self) -> bool:
        """True while notifications reach this process (see the module doc)."""
        return self._answering

    def __len__(self) -> int:
        return len(self._entries)

    def subscribe_to(self, app: FastAPI, channel: str) -> None:
        """Listen for `channel` on the application's listener (from a startup hook)."""
        subscribe(app, channel, on_message=self.forget, on_reset=self.reset)

    def get(self, key: K) -> V | None:
        if not self._answering:
            return None
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if self._clock() >= expires_at:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V, generation: int) -> None:
        """Keep `value`, read from the database after `generation` was current."""
        if not self._answering or generation != self.generation:
            return
        self._entries[key] = (value, self._clock() + self.ttl_s)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def forget(self, payload: str) -> None:
        """A notification: forget the key it names (everything for `"*"` or nonsense)."""
        self.generation += 1
        if payload == EVERYTHING or self._parse_key is None:
            self._entries.clear()
            return
        try:
            key = self._parse_key(payload)
        except ValueError:
            self._entries.clear()
            return
        self._entries.pop(key, None)

    def reset(self, answering: bool) -> None:
        """Forget everything; answer from now on only if `answering` (the listener's state)."""
        self.generation += 1
        self._entries.clear()
        self._answering = answering and self.max_entries > 0
