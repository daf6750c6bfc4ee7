"""Master data: authentication, the role matrix and organisation isolation on every route."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import ROLES, Resource, if_match
from tests.support.identity import MakeUser, TestUser


@dataclass(frozen=True)
class Route:
    method: str
    suffix: str  # after the resource's path; "/{id}" stands for an existing row
    manages: bool  # False: every role may call it
    versioned: bool = False

    def url(self, resource: Resource, record_id: str) -> str:
        return resource.path + self.suffix.replace("{id}", record_id)

    def body(self, resource: Resource) -> dict[str, Any] | None:
        if self.method == "POST" and not self.suffix:
            return {"name": "Created by role", "code": resource.unique_code()}
        if self.method == "PATCH":
            return dict(resource.edit)
        return None

    def allowed(self, resource: Resource) -> frozenset[str]:
        return resource.managers if self.manages else frozenset(ROLES)

    def __str__(self) -> str:
        return f"{self.method} {self.suffix or '/'}"


ROUTES = [
    Route("GET", "", manages=False),
    Route("POST", "", manages=True),
    Route("GET", "/{id}", manages=False),
    Route("PATCH", "/{id}", manages=True, versioned=True),
    Route("POST", "/{id}/deactivate", manages=True, versioned=True),
    Route("POST", "/{id}/activate", manages=True, versioned=True),
]
ID_ROUTES = [route for route in ROUTES if "{id}" in route.suffix]


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("role", ROLES)
async def test_role_matrix(
    client: httpx.AsyncClient,
    admin: TestUser,
    make_user: MakeUser,
    resource: Resource,
    create_row: CreateRow,
    route: Route,
    role: str,
) -> None:
    created = await create_row(admin)
    caller = await make_user(role=role)
    headers = {**caller.headers, **(if_match(1) if route.versioned else {})}

    response = await client.request(
        route.method,
        route.url(resource, created["id"]),
        json=route.body(resource),
        headers=headers,
    )

    if role in route.allowed(resource):
        assert response.status_code in (200, 201), response.text
        assert response.json()["success"] is True
    else:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "PERMISSION_DENIED"
        unchanged = await client.get(resource.url(created["id"]), headers=admin.headers)
        assert unchanged.json()["data"] == created


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "AUTHENTICATION_REQUIRED"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "AUTHENTICATION_REQUIRED"),
        ({"Authorization": "Bearer not-a-token"}, "INVALID_TOKEN"),
    ],
    ids=["missing", "basic", "garbage"],
)
async def test_every_route_needs_a_valid_token(
    client: httpx.AsyncClient,
    resource: Resource,
    route: Route,
    headers: dict[str, str],
    code: str,
) -> None:
    response = await client.request(
        route.method,
        route.url(resource, str(uuid.uuid4())),
        json=route.body(resource),
        headers=headers,
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_an_inactive_user_is_not_let_in(
    client: httpx.AsyncClient, make_user: MakeUser, resource: Resource
) -> None:
    inactive = await make_user(role="admin", is_active=False)

    response = await client.get(resource.path, headers=inactive.headers)

    assert response.status_code == 401


@pytest.mark.parametrize("route", ID_ROUTES, ids=str)
async def test_another_organisations_row_is_not_found(
    client: httpx.AsyncClient,
    admin: TestUser,
    other_admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
    route: Route,
) -> None:
    theirs = await create_row(other_admin)

    response = await client.request(
        route.method,
        route.url(resource, theirs["id"]),
        json=route.body(resource),
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == resource.error("NOT_FOUND")
    unchanged = await client.get(resource.url(theirs["id"]), headers=other_admin.headers)
    assert unchanged.json()["data"] == theirs


@pytest.mark.parametrize("route", ID_ROUTES, ids=str)
async def test_an_unknown_id_is_not_found(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, route: Route
) -> None:
    response = await client.request(
        route.method,
        route.url(resource, str(uuid.uuid4())),
        json=route.body(resource),
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == resource.error("NOT_FOUND")
