"""Organisations, users and their tokens for tests, created through the real services.

Every module's tests use these: `org` / `make_user` / `admin` inside the test's transaction,
`live_org` / `live_make_user` committed for real for `live_client` tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Protocol

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.auth.config import AuthSettings
from shopfloor.auth.tokens import TokenCodec
from shopfloor.user import service as user_service
from shopfloor.user.constants import Role
from shopfloor.user.models import UserAccount
from shopfloor.user.schemas import UserCreate

DEFAULT_PASSWORD = "correct-horse-battery-staple"


@dataclass(frozen=True)
class TestUser:
    __test__ = False  # not a test class, whatever pytest thinks of the name

    id: uuid.UUID
    organization_id: uuid.UUID
    email: str
    password: str
    role: str
    token: str
    headers: dict[str, str] = field(default_factory=dict)


class MakeUser(Protocol):
    def __call__(
        self,
        *,
        role: str = "operator",
        organization_id: uuid.UUID | None = None,
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
        is_active: bool = True,
    ) -> Awaitable[TestUser]: ...


_codec: TokenCodec | None = None


def token_codec() -> TokenCodec:
    """The codec of the test application (same AUTH_ settings from the environment)."""
    global _codec
    if _codec is None:
        _codec = TokenCodec(AuthSettings())  # type: ignore[call-arg]
    return _codec


def access_token_for(
    *, user_id: uuid.UUID, organization_id: uuid.UUID, role: str, token_version: int = 0
) -> str:
    return (
        token_codec()
        .issue_access(
            user_id=user_id,
            organization_id=organization_id,
            role=role,
            token_version=token_version,
        )
        .token
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def unique_slug(prefix: str = "org") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.test"


async def create_organization(db_session: AsyncSession, *, name: str | None = None) -> uuid.UUID:
    slug = unique_slug()
    organization = await user_service.create_organization(
        db_session=db_session, name=name or f"Plant {slug}", slug=slug
    )
    return organization.id


async def create_user(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    role: str = "operator",
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    is_active: bool = True,
) -> TestUser:
    created = await user_service.create_user(
        db_session=db_session,
        organization_id=organization_id,
        data=UserCreate(
            email=email or unique_email(role),
            full_name=f"Test {role.title()}",
            role=Role(role),
            password=password,
        ),
        actor_id=None,
        actor_role=None,
    )
    if not is_active:
        # Arranged directly: the service would refuse to deactivate an organisation's only
        # admin, and the token must stay on the current version so only the flag differs.
        await db_session.execute(
            update(UserAccount).where(UserAccount.id == created.id).values(is_active=False)
        )
    identity = await user_service.get_identity(
        db_session=db_session, organization_id=organization_id, user_id=created.id
    )
    token_version = identity.token_version if identity is not None else 0
    token = access_token_for(
        user_id=created.id,
        organization_id=organization_id,
        role=role,
        token_version=token_version,
    )
    return TestUser(
        id=created.id,
        organization_id=organization_id,
        email=created.email,
        password=password,
        role=role,
        token=token,
        headers=bearer(token),
    )


def user_factory(
    db_session: AsyncSession, default_organization_id: uuid.UUID, *, commit: bool = False
) -> MakeUser:
    async def make_user(
        *,
        role: str = "operator",
        organization_id: uuid.UUID | None = None,
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
        is_active: bool = True,
    ) -> TestUser:
        user = await create_user(
            db_session,
            organization_id=organization_id or default_organization_id,
            role=role,
            email=email,
            password=password,
            is_active=is_active,
        )
        if commit:
            await db_session.commit()
        return user

    return make_user


async def login(
    client: httpx.AsyncClient,
    email: str,
    password: str,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST /auth/token with the OAuth2 password form."""
    return await client.post(
        "/api/v1/auth/token",
        data={"username": email, "password": password},
        headers=headers or {},
    )


async def token_pair(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    """Sign in and return the `data` of the token response (access and refresh token)."""
    response = await login(client, email, password)
    assert response.status_code == 200, response.text
    data: dict[str, str] = response.json()["data"]
    return data
