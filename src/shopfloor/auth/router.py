"""`/auth`: sign in (OAuth2 password grant), refresh, sign out of one or every session."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from shopfloor.auth import service
from shopfloor.auth.dependencies import AuthConfig, Codec, Gate, LoginForm
from shopfloor.auth.exceptions import (
    InvalidCredentialsError,
    InvalidTokenError,
    LoginThrottledError,
)
from shopfloor.auth.schemas import LogoutRequest, RefreshRequest, SignedOut, TokenEnvelope
from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ok
from shopfloor.core.errors import error_responses
from shopfloor.core.exception_handlers import locale_for
from shopfloor.core.security import CurrentPrincipal

router = APIRouter()


def _no_cache(response: Response) -> None:
    # RFC 6749 5.1: token responses must not be cached by anyone.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"


def _message(request: Request, code: str) -> str:
    return str(request.app.state.messages.render(code, locale_for(request.scope)))


@router.post(
    "/token",
    response_model=TokenEnvelope,
    responses=error_responses(InvalidCredentialsError, LoginThrottledError),
    summary="Sign in",
)
async def issue_token(
    form: LoginForm,
    response: Response,
    db_session: DbSession,
    settings: AuthConfig,
    codec: Codec,
    gate: Gate,
    context: CurrentRequestContext,
) -> TokenEnvelope:
    """OAuth2 password grant (form fields `username` = email, `password`). Returns an access
    token and a one-time refresh token. Wrong email or password: 401, always the same answer.
    After too many failures for the account or the client address: 429 with Retry-After."""
    async with gate.slot():
        pair = await service.login(
            db_session=db_session,
            codec=codec,
            settings=settings,
            email=form.email,
            password=form.password,
            context=context,
        )
    _no_cache(response)
    return TokenEnvelope.of(pair)


@router.post(
    "/refresh",
    response_model=TokenEnvelope,
    responses=error_responses(InvalidTokenError),
    summary="Refresh the tokens",
)
async def refresh_tokens(
    body: RefreshRequest,
    response: Response,
    db_session: DbSession,
    codec: Codec,
    context: CurrentRequestContext,
) -> TokenEnvelope:
    """Exchange a refresh token for a new access and refresh token. Each refresh token works
    once: presenting one again revokes the whole session (401), so send one refresh at a time."""
    pair = await service.refresh(
        db_session=db_session, codec=codec, refresh_token=body.refresh_token, context=context
    )
    _no_cache(response)
    return TokenEnvelope.of(pair)


@router.post(
    "/logout",
    response_model=Envelope[SignedOut],
    responses=error_responses(InvalidTokenError),
    summary="Sign out of this session",
)
async def logout(
    body: LogoutRequest,
    request: Request,
    db_session: DbSession,
    codec: Codec,
    context: CurrentRequestContext,
) -> dict[str, object]:
    """Revokes the refresh token and every token rotated from the same sign-in. Works with an
    expired access token; the access token itself stays valid until it expires."""
    result = await service.logout(
        db_session=db_session, codec=codec, refresh_token=body.refresh_token, context=context
    )
    return ok(result, _message(request, "LOGGED_OUT"))


@router.post(
    "/logout-all",
    response_model=Envelope[SignedOut],
    summary="Sign out everywhere",
)
async def logout_all(
    request: Request,
    principal: CurrentPrincipal,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> dict[str, object]:
    """Ends every session of the caller at once: all access tokens (including the one used
    here) and all refresh tokens stop working."""
    result = await service.logout_everywhere(
        db_session=db_session, principal=principal, context=context
    )
    return ok(result, _message(request, "LOGGED_OUT_EVERYWHERE"))
