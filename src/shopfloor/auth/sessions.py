"""Refresh token families: issuing a pair, and pruning what expired long ago.

Only the SHA-256 of a refresh token's `jti` is stored, so a copy of the table is no use for
signing in. A family is everything rotated from one sign-in.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.auth.constants import PRUNE_BATCH
from shopfloor.auth.models import RefreshToken
from shopfloor.auth.repository import ExpiredRefreshTokenRepository, RefreshTokenRepository
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
    tokens = RefreshTokenRepository(db_session, organization_id=identity.organization_id)
    await tokens.add(
        RefreshToken(
            id=uuid7(),
            user_id=identity.id,
            family_id=family_id or uuid7(),
            token_hash=jti_hash(refresh.jti),
            token_version=identity.token_version,
            expires_at=datetime.fromtimestamp(refresh.expires_at, UTC),
        )
    )
    return TokenPair(
        access_token=access.token,
        expires_in=codec.access_ttl_s,
        refresh_token=refresh.token,
        refresh_expires_in=codec.refresh_ttl_s,
    )


async def prune_expired(db_session: AsyncSession) -> None:
    """Delete a batch of long-expired refresh tokens; never waits for a locked row."""
    await ExpiredRefreshTokenRepository(db_session).delete_batch(
        expired_before=_KEEP_EXPIRED, batch=PRUNE_BATCH
    )
