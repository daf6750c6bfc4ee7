"""The cache of identities on its own: what it answers, keeps and forgets."""

from __future__ import annotations

import uuid

from shopfloor.user.constants import Role
from shopfloor.user.identity_cache import ALL_ACCOUNTS, IdentityCache
from shopfloor.user.schemas import UserIdentity


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def identity(organization_id: uuid.UUID | None = None, version: int = 0) -> UserIdentity:
    return UserIdentity(
        id=uuid.uuid4(),
        organization_id=organization_id or uuid.uuid4(),
        role=Role.OPERATOR,
        is_active=True,
        token_version=version,
    )


def answering_cache(**options: object) -> IdentityCache:
    values: dict[str, object] = {"max_entries": 10, "ttl_s": 60.0, **options}
    cache = IdentityCache(**values)  # type: ignore[arg-type]
    cache.reset(True)
    return cache


def test_a_stored_identity_is_answered() -> None:
    cache = answering_cache()
    known = identity()
    cache.put(known, cache.generation)
    assert cache.get(known.id, known.organization_id) == known
    assert len(cache) == 1


def test_another_organisation_gets_no_answer() -> None:
    cache = answering_cache()
    known = identity()
    cache.put(known, cache.generation)
    assert cache.get(known.id, uuid.uuid4()) is None


def test_it_answers_nothing_until_the_listener_says_so() -> None:
    cache = IdentityCache(max_entries=10, ttl_s=60)
    known = identity()
    cache.put(known, cache.generation)
    assert not cache.answering
    assert len(cache) == 0
    assert cache.get(known.id, known.organization_id) is None


def test_losing_the_listener_empties_it_and_stops_it() -> None:
    cache = answering_cache()
    known = identity()
    cache.put(known, cache.generation)
    cache.reset(False)
    assert not cache.answering
    assert len(cache) == 0
    cache.put(known, cache.generation)
    assert cache.get(known.id, known.organization_id) is None


def test_reconnecting_starts_empty() -> None:
    cache = answering_cache()
    known = identity()
    cache.put(known, cache.generation)
    cache.reset(True)
    assert cache.answering
    assert cache.get(known.id, known.organization_id) is None


def test_a_notification_forgets_the_account_it_names_only() -> None:
    cache = answering_cache()
    first, second = identity(), identity()
    cache.put(first, cache.generation)
    cache.put(second, cache.generation)
    cache.forget(str(first.id))
    assert cache.get(first.id, first.organization_id) is None
    assert cache.get(second.id, second.organization_id) == second


def test_truncate_and_unreadable_payloads_forget_everyone() -> None:
    for payload in (ALL_ACCOUNTS, "not-a-uuid", ""):
        cache = answering_cache()
        known = identity()
        cache.put(known, cache.generation)
        cache.forget(payload)
        assert len(cache) == 0, payload


def test_a_read_that_raced_a_notification_is_not_kept() -> None:
    cache = answering_cache()
    stale = identity()
    before_the_read = cache.generation
    # The account changes and its notification arrives while the request reads the old row.
    cache.forget(str(stale.id))
    cache.put(stale, before_the_read)
    assert cache.get(stale.id, stale.organization_id) is None


def test_a_read_that_raced_a_reconnection_is_not_kept() -> None:
    cache = answering_cache()
    stale = identity()
    before_the_read = cache.generation
    cache.reset(False)
    cache.reset(True)
    cache.put(stale, before_the_read)
    assert cache.get(stale.id, stale.organization_id) is None


def test_entries_expire_after_their_lifetime() -> None:
    clock = Clock()
    cache = answering_cache(ttl_s=60.0, clock=clock)
    known = identity()
    cache.put(known, cache.generation)
    clock.now += 59.9
    assert cache.get(known.id, known.organization_id) == known
    clock.now += 0.1
    assert cache.get(known.id, known.organization_id) is None
    assert len(cache) == 0


def test_the_least_recently_used_goes_first_beyond_the_bound() -> None:
    cache = answering_cache(max_entries=2)
    first, second, third = identity(), identity(), identity()
    cache.put(first, cache.generation)
    cache.put(second, cache.generation)
    assert cache.get(first.id, first.organization_id) == first  # first is now the newest
    cache.put(third, cache.generation)
    assert len(cache) == 2
    assert cache.get(second.id, second.organization_id) is None
    assert cache.get(first.id, first.organization_id) == first
    assert cache.get(third.id, third.organization_id) == third


def test_a_newer_read_replaces_the_older() -> None:
    cache = answering_cache()
    old = identity(version=1)
    new = old.model_copy(update={"token_version": 2})
    cache.put(old, cache.generation)
    cache.put(new, cache.generation)
    assert cache.get(old.id, old.organization_id) == new
    assert len(cache) == 1


def test_size_zero_never_answers() -> None:
    cache = IdentityCache(max_entries=0, ttl_s=60)
    cache.reset(True)
    known = identity()
    cache.put(known, cache.generation)
    assert not cache.answering
    assert cache.get(known.id, known.organization_id) is None
