"""Failed sign-ins, counted per account and per client address in PostgreSQL.

Each counter is a row (scope, SHA-256 of the key) with a fixed window. The state lives in the
database so the limit holds across every worker process and every instance.

- Per account the limit is strict: the attempt is counted (an atomic upsert) before the
  password is checked, so the row stays locked while the check runs and simultaneous guesses
  against one account queue up and are each counted. A successful sign-in clears it.
- Per address the counter is read before the check and increased after a failure. Holding a
  lock there would queue every sign-in from one gateway address (a whole shop floor behind
  NAT) behind each other; the price is that a burst of simultaneous failures from one
  address can pass the limit by the number of attempts in flight.

Expired rows are removed in small batches as part of each sign-in, skipping rows that other
transactions hold, so the table stays small without a scheduled job.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from shopfloor.auth.config import AuthSettings
from shopfloor.auth.constants import PRUNE_BATCH, SCOPE_ACCOUNT, SCOPE_ADDRESS
from shopfloor.auth.exceptions import LoginThrottledError
from shopfloor.auth.repository import LoginAttemptRepository


@dataclass(frozen=True, slots=True)
class ThrottleKey:
    scope: str
    key_hash: str
    limit: int


def _hash(scope: str, value: str) -> str:
    return hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()


def account_key(email: str, settings: AuthSettings) -> ThrottleKey:
    return ThrottleKey(
        SCOPE_ACCOUNT,
        _hash(SCOPE_ACCOUNT, email.strip().lower()),
        settings.login_max_failures_per_account,
    )


def address_key(address: str | None, settings: AuthSettings) -> ThrottleKey | None:
    if not address:
        return None
    return ThrottleKey(
        SCOPE_ADDRESS, _hash(SCOPE_ADDRESS, address), settings.login_max_failures_per_address
    )


def _retry_after(started: datetime, now: datetime, window: timedelta) -> int:
    return max(1, math.ceil((started + window - now).total_seconds()))


class LoginThrottle:
    """The sign-in limits of one request, over its session's counters."""

    def __init__(self, settings: AuthSettings, attempts: LoginAttemptRepository) -> None:
        self.window = timedelta(seconds=settings.login_window_s)
        self.attempts = attempts

    async def reserve_account(self, key: ThrottleKey) -> None:
        """Count this attempt against the account before the password is checked (429 when
        the account is over its limit; the transaction then rolls back and counts nothing)."""
        count = await self.attempts.add_failure(key.scope, key.key_hash, self.window)
        if count.failures > key.limit:
            raise LoginThrottledError(
                retry_after_s=_retry_after(count.window_started_at, count.now, self.window)
            )

    async def check_address(self, key: ThrottleKey | None) -> None:
        """429 when the address already failed too often within the window."""
        if key is None:
            return
        count = await self.attempts.current(key.scope, key.key_hash, self.window)
        if count is not None and count.failures >= key.limit:
            raise LoginThrottledError(
                retry_after_s=_retry_after(count.window_started_at, count.now, self.window)
            )

    async def record_failure(self, key: ThrottleKey | None) -> None:
        """Count a failed attempt against the address (the account was counted upfront)."""
        if key is not None:
            await self.attempts.add_failure(key.scope, key.key_hash, self.window)

    async def clear_account(self, key: ThrottleKey) -> None:
        """A successful sign-in forgets the account's failures, this attempt included."""
        await self.attempts.clear(key.scope, key.key_hash)

    async def prune(self) -> None:
        """Delete a batch of counters whose window ended; never waits for a locked row."""
        await self.attempts.delete_ended(window=self.window, batch=PRUNE_BATCH)
