"""Password hashing: argon2id defaults, off the event loop, bounded concurrency."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import pytest
from fastapi import FastAPI

from shopfloor.core.registry import StartupContext
from shopfloor.user import passwords
from shopfloor.user.config import UserSettings
from shopfloor.user.passwords import PasswordHasher


def test_the_defaults_are_argon2id_with_the_documented_parameters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("TIME_COST", "MEMORY_COST", "PARALLELISM"):
        monkeypatch.delenv(f"AUTH_ARGON2_{name}", raising=False)
    monkeypatch.delenv("AUTH_PASSWORD_HASH_CONCURRENCY", raising=False)
    settings = UserSettings()
    assert (settings.argon2_time_cost, settings.argon2_memory_cost) == (3, 24 * 1024)
    assert settings.argon2_parallelism == 1
    assert settings.password_hash_concurrency == 1
    hashed = asyncio.run(PasswordHasher(settings).hash("factory-floor-42"))
    assert hashed.startswith("$argon2id$v=19$m=24576,t=3,p=1$")


async def test_the_test_suite_hashes_with_its_cheap_parameters() -> None:
    hashed = await passwords.current().hash("factory-floor-42")
    assert hashed.startswith("$argon2id$v=19$m=8192,t=1,p=1$")


async def test_check_matches_and_reports_upgrades() -> None:
    old = PasswordHasher(UserSettings(argon2_time_cost=2, argon2_memory_cost=8192))
    current = PasswordHasher(UserSettings(argon2_time_cost=1, argon2_memory_cost=8192))
    stored = await old.hash("factory-floor-42")

    wrong = await current.check("factory-floor-43", stored)
    assert (wrong.matches, wrong.upgraded_hash) == (False, None)
    right = await current.check("factory-floor-42", stored)
    assert right.matches
    assert right.upgraded_hash is not None
    assert right.upgraded_hash.startswith("$argon2id$v=19$m=8192,t=1,p=1$")
    again = await current.check("factory-floor-42", right.upgraded_hash)
    assert (again.matches, again.upgraded_hash) == (True, None)


@pytest.mark.parametrize("stored", ["", "plain-text", "$2b$12$notreallybcrypt", "$argon2id$x"])
async def test_an_unknown_or_broken_hash_never_matches(stored: str) -> None:
    check = await passwords.current().check("factory-floor-42", stored)
    assert (check.matches, check.upgraded_hash) == (False, None)


@dataclass
class RecordingHash:
    """Stands in for pwdlib's PasswordHash to observe how the hasher calls it."""

    delay_s: float = 0.05
    running: int = 0
    most_at_once: int = 0
    threads: set[int] = field(default_factory=set)
    calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _work(self) -> None:
        with self.lock:
            self.running += 1
            self.calls += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.threads.add(threading.get_ident())
        time.sleep(self.delay_s)
        with self.lock:
            self.running -= 1

    def hash(self, password: str) -> str:
        self._work()
        return "$argon2id$recorded"

    def verify_and_update(self, password: str, stored: str) -> tuple[bool, str | None]:
        self._work()
        return False, None


@pytest.mark.parametrize("limit", [1, 2])
async def test_hashing_runs_in_threads_and_at_most_the_configured_number_at_once(
    limit: int,
) -> None:
    hasher = PasswordHasher(UserSettings(password_hash_concurrency=limit))
    recorder = RecordingHash()
    hasher._hash = recorder  # type: ignore[assignment]
    await asyncio.gather(
        *(hasher.hash(f"password-{number:04d}") for number in range(4)),
        *(hasher.check(f"password-{number:04d}", "$argon2id$x") for number in range(4)),
    )
    assert recorder.calls == 8
    assert recorder.most_at_once == limit
    assert threading.get_ident() not in recorder.threads


async def test_an_unknown_account_costs_one_real_check() -> None:
    hasher = PasswordHasher(UserSettings())
    recorder = RecordingHash(delay_s=0)
    hasher._hash = recorder  # type: ignore[assignment]
    await hasher.waste_time("factory-floor-42")
    first = recorder.calls  # the dummy hash is made once, then checked
    await hasher.waste_time("factory-floor-42")
    assert recorder.calls == first + 1


async def test_the_decoy_hash_is_made_at_startup_so_the_first_unknown_account_costs_one_check() -> (
    None
):
    hasher = PasswordHasher(UserSettings())
    recorder = RecordingHash(delay_s=0)
    hasher._hash = recorder  # type: ignore[assignment]
    hasher.prepare()
    prepared = recorder.calls
    await hasher.waste_time("factory-floor-42")
    assert prepared == 1
    assert recorder.calls == prepared + 1


def test_the_startup_hook_prepares_the_decoy_hash() -> None:
    passwords.install(StartupContext(app=FastAPI(), settings=UserSettings()))
    assert passwords.current()._dummy_hash is not None
