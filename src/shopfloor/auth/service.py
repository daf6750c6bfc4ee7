"""Sign in, refresh, sign out, and resolve the caller of every request from a bearer token.

Functions are keyword-only, take the session, flush and never commit. A refusal that leaves a
trace (failure counters, an audit entry, a revoked token family) is raised with
`keep_changes=True`: the request's unit of work commits that trace and answers the error.
"""

from __future__ import annotations

import logging

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit
from shopfloor.auth import sessions
from shopfloor.auth.config import AuthSettings
from shopfloor.auth.constants import (
    LOGIN_FAILED,
    LOGIN_SUCCEEDED,
    LOGOUT,
    LOGOUT_ALL,
    REFRESH_TOKEN_REUSED,
    RESOURCE_USER,
    REVOKED_ACCOUNT,
    REVOKED_LOGOUT,
    REVOKED_LOGOUT_ALL,
    REVOKED_REUSE,
)
from shopfloor.auth.exceptions import InvalidCredentialsError, InvalidTokenError
from shopfloor.auth.models import RefreshToken
from shopfloor.auth.repository import LoginAttemptRepository, RefreshTokenRepository
from shopfloor.auth.schemas import SignedOut, TokenPair
from shopfloor.auth.throttle import LoginThrottle, account_key, address_key
from shopfloor.auth.tokens import RefreshClaims, TokenCodec, TokenError
from shopfloor.core.context import RequestContext
from shopfloor.core.database import READ_ONLY_METHODS
from shopfloor.core.security import Principal
from shopfloor.user import service as users
from shopfloor.user.schemas import UserIdentity

logger = logging.getLogger("shopfloor.auth")


async def login(
    *,
    db_session: AsyncSession,
    codec: TokenCodec,
    settings: AuthSettings,
    email: str,
    password: str,
    context: RequestContext,
) -> TokenPair:
    """Check the credentials and start a new session (a new refresh token family).

    Unknown email, wrong password and inactive account all answer the same 401 after the same
    amount of work. Over the failure limit the answer is 429 with Retry-After.
    """
    throttle = LoginThrottle(settings, LoginAttemptRepository(db_session))
    account = account_key(email, settings)
    address = address_key(context.client_address, settings)
    await throttle.check_address(address)
    await throttle.reserve_account(account)

    check = await users.check_credentials(db_session=db_session, email=email, password=password)
    if not check.ok or check.user is None or check.token_version is None:
        await throttle.record_failure(address)
        user = check.user
        await audit.record(
            db_session=db_session,
            organization_id=user.organization_id if user else None,
            action=LOGIN_FAILED,
            resource_type=RESOURCE_USER,
            resource_id=user.id if user else None,
            resource_key=user.email if user else email.strip().lower(),
            # Whoever typed the password is unknown; the account is the resource, not the actor.
            actor_id=None,
            actor_role=None,
            reason=check.outcome,
            context=context,
        )
        await throttle.prune()
        raise InvalidCredentialsError(keep_changes=True)

    user = check.user
    await throttle.clear_account(account)
    identity = UserIdentity(
        id=user.id,
        organization_id=user.organization_id,
        role=user.role,
        is_active=user.is_active,
        token_version=check.token_version,
    )
    pair = await sessions.issue_pair(db_session, codec, identity)
    await audit.record(
        db_session=db_session,
        organization_id=user.organization_id,
        action=LOGIN_SUCCEEDED,
        resource_type=RESOURCE_USER,
        resource_id=user.id,
        resource_key=user.email,
        actor_id=user.id,
        actor_role=user.role.value,
        context=context,
    )
    await throttle.prune()
    await sessions.prune_expired(db_session)
    return pair


def _read_refresh(codec: TokenCodec, token: str) -> RefreshClaims:
    try:
        return codec.read_refresh(token)
    except TokenError as exc:
        logger.info("refresh token refused: %s", exc.reason)
        raise InvalidTokenError() from exc


async def _locked_token(tokens: RefreshTokenRepository, claims: RefreshClaims) -> RefreshToken:
    """The stored row of a refresh token, locked; 401 if it was never issued as claimed
    (`tokens` is bound to the organisation the token claims)."""
    stored = await tokens.lock_by_hash(sessions.jti_hash(claims.jti))
    if stored is None or stored.user_id != claims.user_id:
        raise InvalidTokenError()
    return stored


async def refresh(
    *,
    db_session: AsyncSession,
    codec: TokenCodec,
    refresh_token: str,
    context: RequestContext,
) -> TokenPair:
    """Exchange a refresh token for a new pair; the presented token is used up.

    Presenting a token that was already used or revoked revokes its whole family: either the
    client or an attacker holds a copy, and neither can be told apart.
    """
    claims = _read_refresh(codec, refresh_token)
    tokens = RefreshTokenRepository(db_session, organization_id=claims.organization_id)
    stored = await _locked_token(tokens, claims)
    if stored.used_at is not None or stored.revoked_at is not None:
        revoked = await tokens.revoke_family(stored.family_id, REVOKED_REUSE)
        if revoked:
            await audit.record(
                db_session=db_session,
                organization_id=stored.organization_id,
                action=REFRESH_TOKEN_REUSED,
                resource_type=RESOURCE_USER,
                resource_id=stored.user_id,
                # Whoever replayed the token is unknown: the account holder or a thief.
                actor_id=None,
                actor_role=None,
                reason=f"refresh token family {stored.family_id} revoked",
                context=context,
            )
        raise InvalidTokenError(keep_changes=True)

    identity = await users.get_identity(
        db_session=db_session,
        organization_id=stored.organization_id,
        user_id=stored.user_id,
    )
    if identity is None or not identity.is_active or identity.token_version != stored.token_version:
        await tokens.revoke_family(stored.family_id, REVOKED_ACCOUNT)
        raise InvalidTokenError(keep_changes=True)

    await tokens.mark_used(stored)
    return await sessions.issue_pair(db_session, codec, identity, family_id=stored.family_id)


async def logout(
    *,
    db_session: AsyncSession,
    codec: TokenCodec,
    refresh_token: str,
    context: RequestContext,
) -> SignedOut:
    """End one session: revoke the family of the given refresh token (idempotent)."""
    claims = _read_refresh(codec, refresh_token)
    tokens = RefreshTokenRepository(db_session, organization_id=claims.organization_id)
    stored = await _locked_token(tokens, claims)
    revoked = await tokens.revoke_family(stored.family_id, REVOKED_LOGOUT)
    identity = await users.get_identity(
        db_session=db_session, organization_id=stored.organization_id, user_id=stored.user_id
    )
    await audit.record(
        db_session=db_session,
        organization_id=stored.organization_id,
        action=LOGOUT,
        resource_type=RESOURCE_USER,
        resource_id=stored.user_id,
        actor_id=stored.user_id,
        actor_role=identity.role.value if identity else None,
        context=context,
    )
    return SignedOut(revoked_refresh_tokens=revoked)


async def logout_everywhere(
    *,
    db_session: AsyncSession,
    principal: Principal,
    context: RequestContext,
) -> SignedOut:
    """End every session of the caller: all access tokens stop working at once (the token
    version moves on) and every refresh token is revoked."""
    await users.end_all_sessions(
        db_session=db_session,
        organization_id=principal.organization_id,
        user_id=principal.user_id,
    )
    tokens = RefreshTokenRepository(db_session, organization_id=principal.organization_id)
    revoked = await tokens.revoke_live_of_user(principal.user_id, REVOKED_LOGOUT_ALL)
    await audit.record(
        db_session=db_session,
        organization_id=principal.organization_id,
        action=LOGOUT_ALL,
        resource_type=RESOURCE_USER,
        resource_id=principal.user_id,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    return SignedOut(revoked_refresh_tokens=revoked)


async def resolve_principal(
    *,
    codec: TokenCodec,
    token: str,
    db_session: AsyncSession,
    identities: users.IdentityCache | None = None,
) -> Principal:
    """The caller behind an access token, or 401.

    The account must exist, not be deleted, be active, and still be on the token's version
    (a password or role change, deactivation and logout-all move the version on). That is
    one primary-key query, or, with `identities`, an answer from the cache of identities
    that a change to the account empties (see user/identity_cache.py).
    """
    try:
        claims = codec.read_access(token)
    except TokenError as exc:
        # Expired tokens are routine (every client, every 15 minutes): keep them out of INFO.
        logger.debug("access token refused: %s", exc.reason)
        raise InvalidTokenError() from exc
    identity = await users.get_identity(
        db_session=db_session,
        organization_id=claims.organization_id,
        user_id=claims.user_id,
        cache=identities,
    )
    if identity is None or not identity.is_active:
        raise InvalidTokenError()
    if identity.token_version != claims.token_version:
        raise InvalidTokenError()
    return Principal(
        user_id=identity.id,
        organization_id=identity.organization_id,
        role=identity.role.value,
        permissions=users.permissions_for_role(identity.role.value),
    )


class BearerResolver:
    """The principal resolver the auth module registers with core at startup.

    Read requests may take the caller's identity from `identities`; a request that writes
    always reads it from the database, in its own transaction.
    """

    # What it answers for a token it refuses (OpenAPI lists it on every secured route).
    refusals = (InvalidTokenError,)

    def __init__(self, codec: TokenCodec, identities: users.IdentityCache | None = None) -> None:
        self.codec = codec
        self.identities = identities

    async def __call__(
        self, *, token: str, db_session: AsyncSession, request: Request
    ) -> Principal:
        identities = self.identities if request.method in READ_ONLY_METHODS else None
        return await resolve_principal(
            codec=self.codec, token=token, db_session=db_session, identities=identities
        )
