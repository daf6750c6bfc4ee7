"""Password hashing with argon2id, off the event loop and bounded.

Hashing costs tens of milliseconds of CPU by design. Each hash or check runs in a worker
thread (argon2 releases the GIL) and a semaphore bounds how many run at once in this process,
so a burst of sign-ins waits its turn instead of stalling every other request.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field

from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.argon2 import Argon2Hasher

from shopfloor.core.config import current_app_env, env_file_for
from shopfloor.core.registry import StartupContext
from shopfloor.user.config import UserSettings


@dataclass(frozen=True, slots=True)
class PasswordCheck:
    matches: bool
    # A new hash when the stored one was made with other parameters (set only on a match).
    upgraded_hash: str | None = None


@dataclass
class PasswordHasher:
    settings: UserSettings
    _hash: PasswordHash = field(init=False, repr=False)
    _dummy_hash: str | None = field(default=None, init=False, repr=False)
    _semaphore: asyncio.Semaphore | None = field(default=None, init=False, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._hash = PasswordHash(
            (
                Argon2Hasher(
                    time_cost=self.settings.argon2_time_cost,
                    memory_cost=self.settings.argon2_memory_cost,
                    parallelism=self.settings.argon2_parallelism,
                ),
            )
        )

    def _limit(self) -> asyncio.Semaphore:
        # A semaphore belongs to one event loop; the CLI and the tests may run several.
        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._loop is not loop:
            self._semaphore = asyncio.Semaphore(self.settings.password_hash_concurrency)
            self._loop = loop
        return self._semaphore

    async def hash(self, password: str) -> str:
        async with self._limit():
            return await asyncio.to_thread(self._hash.hash, password)

    async def check(self, password: str, stored_hash: str) -> PasswordCheck:
        async with self._limit():
            return await asyncio.to_thread(self._check_sync, password, stored_hash)

    def prepare(self) -> None:
        """Make the decoy hash now, at startup, so no sign-in ever pays for it."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hash.hash(secrets.token_urlsafe(24))

    async def waste_time(self, password: str) -> None:
        """Spend what a real check costs, so an unknown account answers no faster."""
        if self._dummy_hash is None:
            self._dummy_hash = await self.hash(secrets.token_urlsafe(24))
        await self.check(password, self._dummy_hash)

    def _check_sync(self, password: str, stored_hash: str) -> PasswordCheck:
        try:
            matches, upgraded = self._hash.verify_and_update(password, stored_hash)
        except UnknownHashError:
            return PasswordCheck(matches=False)
        return PasswordCheck(matches=matches, upgraded_hash=upgraded if matches else None)


_current: PasswordHasher | None = None


def configure(settings: UserSettings) -> PasswordHasher:
    """Install the process-wide hasher (the application does this at startup)."""
    global _current
    _current = PasswordHasher(settings)
    return _current


def current() -> PasswordHasher:
    """The process-wide hasher; outside the application (the CLI) it reads the settings."""
    if _current is None:
        return configure(UserSettings(_env_file=env_file_for(current_app_env())))
    return _current


def install(context: StartupContext) -> None:
    """Manifest startup hook: hash with the validated settings of the running application."""
    settings = context.settings
    hasher = configure(settings if isinstance(settings, UserSettings) else UserSettings())
    # Otherwise the first unknown-account sign-in of each worker would cost two hashes and
    # answer measurably slower than a wrong password.
    hasher.prepare()
