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

from sqlalchemy import case, delete, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.auth.config import AuthSettings
from shopfloor.auth.constants import PRUNE_BATCH, SCOPE_ACCOUNT, SCOPE_ADDRESS
from shopfloor.auth.exceptions import LoginThrottledError
from shopfloor.auth.models import LoginAttempt


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
    def __init__(self, settings: AuthSettings) -> None:
        self.window = timedelta(seconds=settings.login_window_s)

    async def _count(
        self, db_session: AsyncSession, key: ThrottleKey
    ) -> tuple[int, datetime, datetime]:
        """Add one failure to the key's counter (a new window if the old one ended)."""
        cutoff = func.now() - self.window
        statement = (
            insert(LoginAttempt)
            .values(
                scope=key.scope, key_hash=key.key_hash, failures=1, window_started_at=func.now()
            )
            .on_conflict_do_update(
                index_elements=[LoginAttempt.scope, LoginAttempt.key_hash],
                set_={
                    "failures": case(
                        (LoginAttempt.window_started_at <= cutoff, 1),
                        else_=LoginAttempt.failures + 1,
                    ),
                    "window_started_at": case(
                        (LoginAttempt.window_started_at <= cutoff, func.now()),
                        else_=LoginAttempt.window_started_at,
                    ),
                },
            )
            .returning(LoginAttempt.failures, LoginAttempt.window_started_at, func.now())
        )
        failures, started, now = (await db_session.execute(statement)).one()
        return failures, started, now

    async def reserve_account(self, db_session: AsyncSession, key: ThrottleKey) -> None:
        """Count this attempt against the account before the password is checked (429 when
        the account is over its limit; the transaction then rolls back and counts nothing)."""
        failures, started, now = await self._count(db_session, key)
        if failures > key.limit:
            raise LoginThrottledError(retry_after_s=_retry_after(started, now, self.window))

    async def check_address(self, db_session: AsyncSession, key: ThrottleKey | None) -> None:
        """429 when the address already failed too often within the window."""
        if key is None:
            return
        statement = select(LoginAttempt.failures, LoginAttempt.window_started_at, func.now()).where(
            LoginAttempt.scope == key.scope,
            LoginAttempt.key_hash == key.key_hash,
            LoginAttempt.window_started_at > func.now() - self.window,
        )
        row = (await db_session.execute(statement)).one_or_none()
        if row is not None and row.failures >= key.limit:
            raise LoginThrottledError(
                retry_after_s=_retry_after(row.window_started_at, row.now, self.window)
            )

    async def record_failure(self, db_session: AsyncSession, key: ThrottleKey | None) -> None:
        """Count a failed attempt against the address (the account was counted upfront)."""
        if key is not None:
            await self._count(db_session, key)

    async def clear_account(self, db_session: AsyncSession, key: ThrottleKey) -> None:
        """A successful sign-in forgets the account's failures, this attempt included."""
        await db_session.execute(
            delete(LoginAttempt).where(
                LoginAttempt.scope == key.scope, LoginAttempt.key_hash == key.key_hash
            )
        )

    async def prune(self, db_session: AsyncSession) -> None:
        """Delete a batch of counters whose window ended; never waits for a locked row."""
        expired = (
            select(LoginAttempt.scope, LoginAttempt.key_hash)
            .where(LoginAttempt.window_started_at <= func.now() - self.window)
            .order_by(LoginAttempt.window_started_at)
            .limit(PRUNE_BATCH)
            .with_for_update(skip_locked=True)
        )
        await db_session.execute(
            delete(LoginAttempt)
            .where(tuple_(LoginAttempt.scope, LoginAttempt.key_hash).in_(expired))
            .execution_options(synchronize_session=False)
        )
