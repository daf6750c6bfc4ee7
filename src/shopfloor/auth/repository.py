"""The statements of sign-in: refresh token families and failed sign-in counters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, case, delete, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from shopfloor.auth.models import LoginAttempt, RefreshToken
from shopfloor.core.repository import Repository, ScopedRepository


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class RefreshTokenRepository(ScopedRepository[RefreshToken]):
    """The refresh tokens of one organisation."""

    model = RefreshToken

    async def lock_by_hash(self, token_hash: str) -> RefreshToken | None:
        """The stored token, locked until the transaction ends (concurrent refreshes queue
        here); `populate_existing` shows the committed row, not the identity map's copy."""
        statement = (
            self.base_statement().where(RefreshToken.token_hash == token_hash).with_for_update()
        )
        result = await self.db_session.execute(
            statement, execution_options={"populate_existing": True}
        )
        return result.scalar_one_or_none()

    async def mark_used(self, token: RefreshToken) -> None:
        await self.update(token, {"used_at": datetime.now(UTC)})

    async def revoke_family(self, family_id: uuid.UUID, reason: str) -> int:
        """Revoke the family's tokens not yet revoked; how many that was."""
        return await self._revoke(
            [RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None)], reason
        )

    async def revoke_live_of_user(self, user_id: uuid.UUID, reason: str) -> int:
        """Revoke every token of one account that could still be used; how many that was."""
        return await self._revoke(
            [
                RefreshToken.user_id == user_id,
                RefreshToken.revoked_at.is_(None),
                RefreshToken.used_at.is_(None),
                RefreshToken.expires_at > func.now(),
            ],
            reason,
        )

    async def _revoke(self, where: list[ColumnElement[bool]], reason: str) -> int:
        result = await self.db_session.execute(
            update(RefreshToken)
            .where(*self.conditions(), *where)
            .values(revoked_at=func.now(), revoked_reason=reason)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result)


class ExpiredRefreshTokenRepository(Repository[RefreshToken]):
    """Housekeeping across every organisation: tokens long past their expiry go."""

    model = RefreshToken

    async def delete_batch(self, *, expired_before: timedelta, batch: int) -> None:
        """Delete up to `batch` tokens expired more than `expired_before` ago; rows other
        transactions hold are skipped, never waited for."""
        expired = (
            select(RefreshToken.id)
            .where(RefreshToken.expires_at < func.now() - expired_before)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
        await self.db_session.execute(
            delete(RefreshToken)
            .where(RefreshToken.id.in_(expired))
            .execution_options(synchronize_session=False)
        )


@dataclass(frozen=True, slots=True)
class FailureCount:
    """A counter's failures, when its window started, and the database's time now."""

    failures: int
    window_started_at: datetime
    now: datetime


class LoginAttemptRepository(Repository[LoginAttempt]):
    """Failed sign-in counters, one row per (scope, key hash), each with a fixed window."""

    model = LoginAttempt

    def _key(self, scope: str, key_hash: str) -> list[ColumnElement[bool]]:
        return [LoginAttempt.scope == scope, LoginAttempt.key_hash == key_hash]

    async def add_failure(self, scope: str, key_hash: str, window: timedelta) -> FailureCount:
        """One more failure, in one atomic upsert; a window that ended starts again at 1."""
        cutoff = func.now() - window
        statement = (
            insert(LoginAttempt)
            .values(scope=scope, key_hash=key_hash, failures=1, window_started_at=func.now())
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
        failures, started, now = (await self.db_session.execute(statement)).one()
        return FailureCount(failures=failures, window_started_at=started, now=now)

    async def current(self, scope: str, key_hash: str, window: timedelta) -> FailureCount | None:
        """The counter, if its window is still open."""
        statement = self.select_columns(
            self.column("failures"), self.column("window_started_at"), func.now()
        ).where(*self._key(scope, key_hash), LoginAttempt.window_started_at > func.now() - window)
        row = (await self.db_session.execute(statement)).one_or_none()
        if row is None:
            return None
        failures, started, now = row
        return FailureCount(failures=failures, window_started_at=started, now=now)

    async def clear(self, scope: str, key_hash: str) -> None:
        await self.db_session.execute(delete(LoginAttempt).where(*self._key(scope, key_hash)))

    async def delete_ended(self, *, window: timedelta, batch: int) -> None:
        """Delete up to `batch` counters whose window ended, oldest first; rows other
        transactions hold are skipped, never waited for."""
        ended = (
            select(LoginAttempt.scope, LoginAttempt.key_hash)
            .where(LoginAttempt.window_started_at <= func.now() - window)
            .order_by(LoginAttempt.window_started_at)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
        await self.db_session.execute(
            delete(LoginAttempt)
            .where(tuple_(LoginAttempt.scope, LoginAttempt.key_hash).in_(ended))
            .execution_options(synchronize_session=False)
        )
