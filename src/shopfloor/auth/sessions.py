"""Refresh token families: issue, look up under a row lock, revoke, prune.

Only the SHA-256 of a refresh token's `jti` is stored, so a copy of the table is no use for
signing in. A family is everything rotated from one sign-in.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.auth.constants import PRUNE_BATCH
from shopfloor.auth.models import RefreshToken
from shopfloor.auth.schemas import TokenPair
from shopfloor.auth.tokens import TokenCodec
from shopfloor.core.ids import uuid7
from shopfloor.user.schemas import UserIdentity

# Expired rows are kept a little longer so a late replay is still recognised as a reuse.
_KEEP_EXPIRED = timedelta(days=1)


def jti_hash(jti: str) -> str:
    return hashlib.sha256(jti.encode()).hexdigest()


async def issue_pair(
    db_session: AsyncSession,
    codec: TokenCodec,
    identity: UserIdentity,
    *,
    family_id: uuid.UUID | None = None,
) -> TokenPair:
    """A new access token and a new refresh token (in `family_id`, or a new family)."""
    access = codec.issue_access(
        user_id=identity.id,
        organization_id=identity.organization_id,
        role=identity.role.value,
        token_version=identity.token_version,
    )
    refresh = codec.issue_refresh(user_id=identity.id, organization_id=identity.organization_id)
    db_session.add(
        RefreshToken(
            id=uuid7(),
            organization_id=identity.organization_id,
            user_id=identity.id,
            family_id=family_id or uuid7(),
            token_hash=jti_hash(refresh.jti),
            token_version=identity.token_version,
            expires_at=datetime.fromtimestamp(refresh.expires_at, UTC),
        )
    )
    await db_session.flush()
    return TokenPair(
        access_token=access.token,
        expires_in=codec.access_ttl_s,
        refresh_token=refresh.token,
        refresh_expires_in=codec.refresh_ttl_s,
    )


async def lock_by_jti(db_session: AsyncSession, jti: str) -> RefreshToken | None:
    """The stored token, locked until the transaction ends (concurrent refreshes queue here)."""
    statement = (
        select(RefreshToken).where(RefreshToken.token_hash == jti_hash(jti)).with_for_update()
    )
    result = await db_session.execute(statement, execution_options={"populate_existing": True})
    return result.scalar_one_or_none()


async def mark_used(db_session: AsyncSession, token: RefreshToken) -> None:
    token.used_at = datetime.now(UTC)
    await db_session.flush()


async def revoke_family(db_session: AsyncSession, family_id: uuid.UUID, reason: str) -> int:
    result = await db_session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=func.now(), revoked_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def revoke_for_user(
    db_session: AsyncSession, *, organization_id: uuid.UUID, user_id: uuid.UUID, reason: str
) -> int:
    """Revoke every live refresh token of one account."""
    result = await db_session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.organization_id == organization_id,
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > func.now(),
        )
        .values(revoked_at=func.now(), revoked_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def prune_expired(db_session: AsyncSession) -> None:
    """Delete a batch of long-expired refresh tokens; never waits for a locked row."""
    expired = (
        select(RefreshToken.id)
        .where(RefreshToken.expires_at < func.now() - _KEEP_EXPIRED)
        .limit(PRUNE_BATCH)
        .with_for_update(skip_locked=True)
    )
    await db_session.execute(
        delete(RefreshToken)
        .where(RefreshToken.id.in_(expired))
        .execution_options(synchronize_session=False)
    )
