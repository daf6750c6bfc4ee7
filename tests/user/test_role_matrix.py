"""Every user, auth and audit route, called by every role: 2xx where allowed, 403 elsewhere."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit.models import AuditLog
from shopfloor.user.constants import PERMISSION_MATRIX, Role
from tests.support.identity import MakeUser, TestUser, bearer, token_pair

ROLES = [role.value for role in Role]
EVERYONE = frozenset(ROLES)
ADMINS = frozenset({"admin"})
AUDITORS = frozenset({"admin", "supervisor"})


@dataclass(frozen=True)
class World:
    caller: TestUser
    target: TestUser
    entry_id: uuid.UUID


Call = Callable[[httpx.AsyncClient, World], Awaitable[httpx.Response]]


async def _refresh(client: httpx.AsyncClient, world: World) -> httpx.Response:
    pair = await token_pair(client, world.caller.email, world.caller.password)
    return await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})


async def _logout(client: httpx.AsyncClient, world: World) -> httpx.Response:
    pair = await token_pair(client, world.caller.email, world.caller.password)
    return await client.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})


ROUTES: dict[tuple[str, str], tuple[frozenset[str], Call]] = {
    ("GET", "/api/v1/users"): (
        ADMINS,
        lambda c, w: c.get("/api/v1/users", headers=w.caller.headers),
    ),
    ("POST", "/api/v1/users"): (
        ADMINS,
        lambda c, w: c.post(
            "/api/v1/users",
            headers=w.caller.headers,
            json={
                "email": f"new-{uuid.uuid4().hex[:8]}@example.test",
                "full_name": "New Person",
                "role": "viewer",
                "password": "a-long-enough-password",
            },
        ),
    ),
    ("GET", "/api/v1/users/{user_id}"): (
        ADMINS,
        lambda c, w: c.get(f"/api/v1/users/{w.target.id}", headers=w.caller.headers),
    ),
    ("PATCH", "/api/v1/users/{user_id}"): (
        ADMINS,
        lambda c, w: c.patch(
            f"/api/v1/users/{w.target.id}", headers=w.caller.headers, json={"role": "planner"}
        ),
    ),
    ("DELETE", "/api/v1/users/{user_id}"): (
        ADMINS,
        lambda c, w: c.delete(f"/api/v1/users/{w.target.id}", headers=w.caller.headers),
    ),
    ("POST", "/api/v1/users/{user_id}/password"): (
        ADMINS,
        lambda c, w: c.post(
            f"/api/v1/users/{w.target.id}/password",
            headers=w.caller.headers,
            json={"new_password": "a-fresh-password-for-you"},
        ),
    ),
    ("GET", "/api/v1/users/me"): (
        EVERYONE,
        lambda c, w: c.get("/api/v1/users/me", headers=w.caller.headers),
    ),
    ("PATCH", "/api/v1/users/me"): (
        EVERYONE,
        lambda c, w: c.patch(
            "/api/v1/users/me", headers=w.caller.headers, json={"full_name": "Renamed"}
        ),
    ),
    ("POST", "/api/v1/users/me/password"): (
        EVERYONE,
        lambda c, w: c.post(
            "/api/v1/users/me/password",
            headers=w.caller.headers,
            json={"current_password": w.caller.password, "new_password": "my-new-passphrase"},
        ),
    ),
    ("POST", "/api/v1/auth/token"): (
        EVERYONE,
        lambda c, w: c.post(
            "/api/v1/auth/token",
            data={"username": w.caller.email, "password": w.caller.password},
        ),
    ),
    ("POST", "/api/v1/auth/refresh"): (EVERYONE, _refresh),
    ("POST", "/api/v1/auth/logout"): (EVERYONE, _logout),
    ("POST", "/api/v1/auth/logout-all"): (
        EVERYONE,
        lambda c, w: c.post("/api/v1/auth/logout-all", headers=w.caller.headers),
    ),
    ("GET", "/api/v1/audit-logs"): (
        AUDITORS,
        lambda c, w: c.get("/api/v1/audit-logs", headers=w.caller.headers),
    ),
    ("GET", "/api/v1/audit-logs/{entry_id}"): (
        AUDITORS,
        lambda c, w: c.get(f"/api/v1/audit-logs/{w.entry_id}", headers=w.caller.headers),
    ),
}

PREFIXES = ("/api/v1/users", "/api/v1/auth", "/api/v1/audit-logs")


def test_the_matrix_covers_every_route_of_the_three_modules(app: FastAPI) -> None:
    mounted = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith(PREFIXES)
        for method in operations
    }
    assert mounted == set(ROUTES)


def test_the_permissions_behind_the_matrix() -> None:
    assert set(PERMISSION_MATRIX["user:manage"]) == ADMINS
    assert set(PERMISSION_MATRIX["audit:read"]) == AUDITORS


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(ROUTES), ids=lambda route: f"{route[0]} {route[1]}")
async def test_role_against_route(
    client: httpx.AsyncClient,
    make_user: MakeUser,
    db_session: AsyncSession,
    role: str,
    route: tuple[str, str],
) -> None:
    allowed, call = ROUTES[route]
    caller = await make_user(role=role)
    # A second admin, so that no rule about the last admin gets in the way.
    await make_user(role="admin")
    target = await make_user(role="operator")
    entry_id = await db_session.scalar(
        select(AuditLog.id)
        .where(AuditLog.organization_id == caller.organization_id)
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    assert entry_id is not None
    response = await call(client, World(caller=caller, target=target, entry_id=entry_id))
    if role in allowed:
        assert 200 <= response.status_code < 300, response.text
        assert response.json()["success"] is True
    else:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "PERMISSION_DENIED"


@pytest.mark.parametrize("route", sorted(ROUTES), ids=lambda route: f"{route[0]} {route[1]}")
async def test_an_outsider_is_refused_before_anything_else(
    client: httpx.AsyncClient, route: tuple[str, str]
) -> None:
    """Without a token every protected route answers 401 (the sign-in routes need none)."""
    method, path = route
    concrete = path.replace("{user_id}", str(uuid.uuid4())).replace("{entry_id}", str(uuid.uuid4()))
    response = await client.request(method, concrete, headers=bearer("not-a-token"))
    public = {"/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/logout"}
    if path in public:
        assert response.status_code in {401, 422}
    else:
        assert response.status_code == 401, response.text
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
