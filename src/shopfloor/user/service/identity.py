"""Who a caller is: the identity authentication checks on every request, and its cache."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.notified_cache import NotifiedCache
from shopfloor.user.constants import ROLE_PERMISSIONS, Role
from shopfloor.user.identity_cache import IDENTITY_CACHE_STATE
from shopfloor.user.identity_cache import IdentityCache as IdentityCache
from shopfloor.user.repository import UserRepository
from shopfloor.user.schemas import UserIdentity


def permissions_for_role(role: str) -> frozenset[str]:
    """The permissions a role grants (empty for an unknown role)."""
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()


async def get_identity(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    cache: IdentityCache | None = None,
) -> UserIdentity | None:
    """The fields authentication checks on every request, in one primary-key lookup.

    With `cache` (read requests only) a known identity is answered from memory, and one
    read from the database is kept there (see identity_cache.py for why that stays exact).
    """
    generation = 0
    if cache is not None:
        known = cache.get(user_id)
        if known is not None and known.organization_id == organization_id:
            return known
        generation = cache.generation
    row = await UserRepository(db_session, organization_id=organization_id).identity(user_id)
    if row is None:
        return None
    identity = UserIdentity.model_validate(row)
    if cache is not None:
        cache.put(identity.id, identity, generation)
    return identity


def identity_cache_of(app: FastAPI) -> IdentityCache | None:
    """The application's cache of identities, when the user module keeps one."""
    cache = getattr(app.state, IDENTITY_CACHE_STATE, None)
    return cache if isinstance(cache, NotifiedCache) else None
