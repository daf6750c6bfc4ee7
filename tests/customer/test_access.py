"""Customers: authentication, the role matrix and organisation isolation on every route."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.customer.conftest import CUSTOMERS, CreateCustomer, if_match, unique_code
from tests.support.identity import MakeUser, TestUser

ROLES = ("admin", "supervisor", "planner", "operator", "viewer")
READERS = frozenset(ROLES)
MANAGERS = frozenset({"admin", "supervisor", "planner"})


@dataclass(frozen=True)
class Route:
    method: str
    suffix: str  # after /customers; "/{id}" stands for an existing customer
    allowed: frozenset[str]
    body: dict[str, Any] | None = None
    versioned: bool = False

    def url(self, customer_id: str) -> str:
        return CUSTOMERS + self.suffix.replace("{id}", customer_id)

    def __str__(self) -> str:
        return f"{self.method} {self.suffix or '/'}"


ROUTES = [
    Route("GET", "", READERS),
    Route("POST", "", MANAGERS, body={"name": "Created by role"}),
    Route("GET", "/{id}", READERS),
    Route("PATCH", "/{id}", MANAGERS, body={"contact_name": "New buyer"}, versioned=True),
    Route("POST", "/{id}/deactivate", MANAGERS, versioned=True),
    Route("POST", "/{id}/activate", MANAGERS, versioned=True),
]
ID_ROUTES = [route for route in ROUTES if "{id}" in route.suffix]


def request_body(route: Route) -> dict[str, Any] | None:
    if route.method == "POST" and not route.suffix:
        return {**(route.body or {}), "code": unique_code()}
    return route.body


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("role", ROLES)
async def test_role_matrix(
    client: httpx.AsyncClient,
    admin: TestUser,
    make_user: MakeUser,
    create_customer: CreateCustomer,
    route: Route,
    role: str,
) -> None:
    created = await create_customer(admin)
    caller = await make_user(role=role)
    headers = {**caller.headers, **(if_match(1) if route.versioned else {})}

    response = await client.request(
        route.method, route.url(created["id"]), json=request_body(route), headers=headers
    )

    if role in route.allowed:
        assert response.status_code in (200, 201), response.text
        assert response.json()["success"] is True
    else:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "PERMISSION_DENIED"
        unchanged = await client.get(f"{CUSTOMERS}/{created['id']}", headers=admin.headers)
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
    client: httpx.AsyncClient, route: Route, headers: dict[str, str], code: str
) -> None:
    response = await client.request(
        route.method,
        route.url(str(uuid.uuid4())),
        json=request_body(route),
        headers=headers,
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_an_inactive_user_is_not_let_in(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    inactive = await make_user(role="admin", is_active=False)

    response = await client.get(CUSTOMERS, headers=inactive.headers)

    assert response.status_code == 401


@pytest.mark.parametrize("route", ID_ROUTES, ids=str)
async def test_another_organisations_customer_is_not_found(
    client: httpx.AsyncClient,
    admin: TestUser,
    other_admin: TestUser,
    create_customer: CreateCustomer,
    route: Route,
) -> None:
    theirs = await create_customer(other_admin)

    response = await client.request(
        route.method,
        route.url(theirs["id"]),
        json=request_body(route),
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "CUSTOMER_NOT_FOUND"
    unchanged = await client.get(f"{CUSTOMERS}/{theirs['id']}", headers=other_admin.headers)
    assert unchanged.json()["data"] == theirs


@pytest.mark.parametrize("route", ID_ROUTES, ids=str)
async def test_an_unknown_id_is_not_found(
    client: httpx.AsyncClient, admin: TestUser, route: Route
) -> None:
    response = await client.request(
        route.method,
        route.url(str(uuid.uuid4())),
        json=request_body(route),
        headers={**admin.headers, **if_match(1)},
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "CUSTOMER_NOT_FOUND"
