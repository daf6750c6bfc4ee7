"""Who may call what: every work-order route against every role, and without credentials.

The allowed roles per route are written out in routes.py from the permission table of the
specification; a planner cancelling a running order is the one case decided by the state
(409), not by the role.
"""

from __future__ import annotations

import itertools

import httpx
import pytest

from tests.work_order.conftest import ROLES, Floor
from tests.work_order.routes import ROUTES, Route, send


def _id(route: Route) -> str:
    return route.name.replace(" ", "-")


@pytest.mark.parametrize(
    ("route", "role"),
    list(itertools.product(ROUTES, ROLES)),
    ids=[f"{_id(r)}-{role}" for r, role in itertools.product(ROUTES, ROLES)],
)
async def test_each_role_gets_exactly_its_routes(
    client: httpx.AsyncClient, floor: Floor, route: Route, role: str
) -> None:
    call = await route.arrange(client, floor)

    response = await send(client, call, floor.user(role).headers)

    if role in route.roles:
        assert response.status_code in (200, 201), response.text
        assert response.json()["success"] is True
    elif route.name == "cancel running order" and role == "planner":
        # The planner may cancel, but only pending orders: a state conflict, not a role one.
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == "WORK_ORDER_INVALID_TRANSITION"
    else:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "PERMISSION_DENIED"


@pytest.mark.parametrize("route", ROUTES, ids=[_id(r) for r in ROUTES])
async def test_every_route_needs_credentials(
    client: httpx.AsyncClient, floor: Floor, route: Route
) -> None:
    call = await route.arrange(client, floor)

    missing = await send(client, call, {})
    forged = await send(client, call, {"Authorization": "Bearer not-a-token"})

    assert missing.status_code == 401, missing.text
    assert missing.json()["error"]["code"] == "AUTHENTICATION_REQUIRED"
    assert forged.status_code == 401, forged.text
    assert forged.json()["error"]["code"] == "INVALID_TOKEN"
    for response in (missing, forged):
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
