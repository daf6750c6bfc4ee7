"""The notified cache on its own: what it answers, keeps and forgets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from shopfloor.core.notified_cache import EVERYTHING, NotifiedCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Row:
    id: uuid.UUID
    version: int = 0


Cache = NotifiedCache[uuid.UUID, Row]


def row(version: int = 0) -> Row:
    return Row(id=uuid.uuid4(), version=version)


def new_cache(*, max_entries: int = 10, ttl_s: float = 60.0, clock: Clock | None = None) -> Cache:
    if clock is None:
        return NotifiedCache(max_entries=max_entries, ttl_s=ttl_s, parse_key=uuid.UUID)
    return NotifiedCache(max_entries=max_entries, ttl_s=ttl_s, parse_key=uuid.UUID, clock=clock)


def answering_cache(
    *, max_entries: int = 10, ttl_s: float = 60.0, clock: Clock | None = None
) -> Cache:
    cache = new_cache(max_entries=max_entries, ttl_s=ttl_s, clock=clock)
    cache.reset(True)
    return cache


def keep(cache: Cache, row: Row) -> None:
    cache.put(row.id, row, cache.generation)


def test_a_stored_identity_is_answered() -> None:
    cache = answering_cache()
    known = row()
    keep(cache, known)
    assert cache.get(known.id) == known
    assert len(cache) == 1


def test_it_answers_nothing_until_the_listener_says_so() -> None:
    cache = new_cache()
    known = row()
    keep(cache, known)
    assert not cache.answering
    assert len(cache) == 0
    assert cache.get(known.id) is None


def test_losing_the_listener_empties_it_and_stops_it() -> None:
    cache = answering_cache()
    known = row()
    keep(cache, known)
    cache.reset(False)
    assert not cache.answering
    assert len(cache) == 0
    keep(cache, known)
    assert cache.get(known.id) is None


def test_reconnecting_starts_empty() -> None:
    cache = answering_cache()
    known = row()
    keep(cache, known)
    cache.reset(True)
    assert cache.answering
    assert cache.get(known.id) is None


def test_a_notification_forgets_the_account_it_names_only() -> None:
    cache = answering_cache()
    first, second = row(), row()
    keep(cache, first)
    keep(cache, second)
    cache.forget(str(first.id))
    assert cache.get(first.id) is None
    assert cache.get(second.id) == second


def test_truncate_and_unreadable_payloads_forget_everyone() -> None:
    for payload in (EVERYTHING, "not-a-uuid", ""):
        cache = answering_cache()
        known = row()
        keep(cache, known)
        cache.forget(payload)
        assert len(cache) == 0, payload


def test_a_read_that_raced_a_notification_is_not_kept() -> None:
    cache = answering_cache()
    stale = row()
    before_the_read = cache.generation
    # The account changes and its notification arrives while the request reads the old row.
    cache.forget(str(stale.id))
    cache.put(stale.id, stale, before_the_read)
    assert cache.get(stale.id) is None


def test_a_read_that_raced_a_reconnection_is_not_kept() -> None:
    cache = answering_cache()
    stale = row()
    before_the_read = cache.generation
    cache.reset(False)
    cache.reset(True)
    cache.put(stale.id, stale, before_the_read)
    assert cache.get(stale.id) is None


def test_entries_expire_after_their_lifetime() -> None:
    clock = Clock()
    cache = answering_cache(ttl_s=60.0, clock=clock)
    known = row()
    keep(cache, known)
    clock.now += 59.9
    assert cache.get(known.id) == known
    clock.now += 0.1
    assert cache.get(known.id) is None
    assert len(cache) == 0


def test_the_least_recently_used_goes_first_beyond_the_bound() -> None:
    cache = answering_cache(max_entries=2)
    first, second, third = row(), row(), row()
    keep(cache, first)
    keep(cache, second)
    assert cache.get(first.id) == first  # first is now the newest
    keep(cache, third)
    assert len(cache) == 2
    assert cache.get(second.id) is None
    assert cache.get(first.id) == first
    assert cache.get(third.id) == third


def test_a_newer_read_replaces_the_older() -> None:
    cache = answering_cache()
    old = row(version=1)
    new = replace(old, version=2)
    keep(cache, old)
    keep(cache, new)
    assert cache.get(old.id) == new
    assert len(cache) == 1


def test_size_zero_never_answers() -> None:
    cache = new_cache(max_entries=0)
    cache.reset(True)
    known = row()
    keep(cache, known)
    assert not cache.answering
    assert cache.get(known.id) is None


def test_without_keys_every_notification_forgets_everything() -> None:
    totals: NotifiedCache[str, int] = NotifiedCache(max_entries=10, ttl_s=60.0, parse_key=None)
    totals.reset(True)
    for payload in (str(uuid.uuid4()), EVERYTHING):
        totals.put("pending", 3500, totals.generation)
        totals.put("overdue", 12, totals.generation)
        before = totals.generation
        totals.forget(payload)
        assert len(totals) == 0, payload
        assert totals.generation == before + 1
