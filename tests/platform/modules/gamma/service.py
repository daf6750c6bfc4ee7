"""Gamma's service: tokens are `<user uuid>:<organization uuid>:<role>` (tests only)."""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.registry import StartupContext
from shopfloor.core.security import Principal, set_principal_resolver
from tests.platform.modules.gamma.constants import ROLE_PERMISSIONS
from tests.platform.modules.gamma.exceptions import TokenInvalidError


def token_for(*, user_id: uuid.UUID, organization_id: uuid.UUID, role: str) -> str:
    return f"{user_id}:{organization_id}:{role}"


async def resolve_principal(*, token: str, db_session: AsyncSession, request: Request) -> Principal:
    parts = token.split(":")
    if len(parts) != 3 or parts[2] not in ROLE_PERMISSIONS:
        raise TokenInvalidError()
    try:
        user_id, organization_id = uuid.UUID(parts[0]), uuid.UUID(parts[1])
    except ValueError as exc:
        raise TokenInvalidError() from exc
    return Principal(
        user_id=user_id,
        organization_id=organization_id,
        role=parts[2],
        permissions=ROLE_PERMISSIONS[parts[2]],
    )


# What OpenAPI lists as the token check's refusals (core/security.py: PrincipalResolver).
resolve_principal.refusals = (TokenInvalidError,)  # type: ignore[attr-defined]


def install_principal_resolver(context: StartupContext) -> None:
    set_principal_resolver(context.app.state, resolve_principal)
