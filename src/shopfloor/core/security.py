"""Who is calling: the principal, the authentication hook and permission checks.

Core defines the contract; the `auth` module supplies the implementation by registering a
`PrincipalResolver` at startup (manifest `provides=("authentication",)`). Every module guards
its routes with `CurrentPrincipal` or `require_permission(...)` and never imports `auth`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.database import DbSession
from shopfloor.core.errors import AuthenticationError, PermissionDeniedError

# Where the auth module mounts its OAuth2 password endpoint, below API_PREFIX; /docs posts
# there from the Authorize button. TOKEN_URL is the default; `core/openapi.py` follows the
# configured prefix.
TOKEN_PATH = "/auth/token"  # noqa: S105 (a path, not a secret)
TOKEN_URL = "/api/v1" + TOKEN_PATH

AUTHENTICATION = "authentication"

oauth2_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller, as every module sees it."""

    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: str
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        return permission in self.permissions


class PrincipalResolver(Protocol):
    """Checks a bearer token. It may list the errors it answers in `refusals` (a tuple of
    `AppError` classes) for OpenAPI; AUTHENTICATION_REQUIRED is core's own."""

    def __call__(
        self, *, token: str, db_session: AsyncSession, request: Request
    ) -> Awaitable[Principal]: ...


def set_principal_resolver(state: object, resolver: PrincipalResolver) -> None:
    state.principal_resolver = resolver  # type: ignore[attr-defined]


BearerToken = Annotated[str | None, Depends(oauth2_scheme)]

# Where the request's principal is kept once resolved (the request's own ASGI state).
_PRINCIPAL_STATE = "principal"


async def resolve_request_principal(
    request: Request, db_session: AsyncSession, token: str | None
) -> Principal:
    """The caller of this request, resolved once per request whichever dependency asks."""
    state: dict[str, Any] = request.scope.setdefault("state", {})
    known = state.get(_PRINCIPAL_STATE)
    if isinstance(known, Principal):
        return known
    resolver: PrincipalResolver | None = getattr(request.app.state, "principal_resolver", None)
    if resolver is None or not token:
        raise AuthenticationError()
    principal = await resolver(token=token, db_session=db_session, request=request)
    granted: dict[str, frozenset[str]] = getattr(request.app.state, "module_permissions", {})
    extra = granted.get(principal.role)
    if extra:
        principal = replace(principal, permissions=principal.permissions | extra)
    state[_PRINCIPAL_STATE] = principal
    # Read by the access log, which runs outside the dependency system.
    state["user_id"] = str(principal.user_id)
    return principal


async def get_current_principal(
    request: Request, db_session: DbSession, token: BearerToken
) -> Principal:
    return await resolve_request_principal(request, db_session, token)


CurrentPrincipal = Annotated[Principal, Depends(get_current_principal)]


def require_permission(permission: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that answers 403 unless the caller's role grants `permission`.

    It resolves the caller itself instead of depending on `CurrentPrincipal`: every level of
    dependencies costs FastAPI a solve per request, and this one runs on nearly every route.
    The bearer scheme stays among its parameters, so OpenAPI documents the same security.
    """

    async def check_permission(
        request: Request, db_session: DbSession, token: BearerToken
    ) -> Principal:
        principal = await resolve_request_principal(request, db_session, token)
        if not principal.can(permission):
            raise PermissionDeniedError(params={"permission": permission})
        return principal

    check_permission.__name__ = f"require_{permission.replace(':', '_')}"
    return check_permission
