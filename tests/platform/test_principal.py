"""The caller is resolved once per request, however many dependencies ask for it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.security import (
    CurrentPrincipal,
    Principal,
    PrincipalResolver,
    require_permission,
    set_principal_resolver,
)
from tests.platform.conftest import AppFactory, http_client
from tests.platform.modules.gamma.constants import AUDIT, INSPECT


@dataclass
class CountingResolver:
    inner: PrincipalResolver
    tokens: list[str] = field(default_factory=list)

    async def __call__(
        self, *, token: str, db_session: AsyncSession, request: Request
    ) -> Principal:
        self.tokens.append(token)
        return await self.inner(token=token, db_session=db_session, request=request)


@dataclass
class Gate:
    client: httpx.AsyncClient
    resolver: CountingResolver


@pytest.fixture
async def gate(make_app: AppFactory) -> AsyncIterator[Gate]:
    app: FastAPI = make_app(enabled_modules=["gamma"])
    resolver = CountingResolver(app.state.principal_resolver)
    set_principal_resolver(app.state, resolver)

    async def both(
        inspector: Annotated[Principal, Depends(require_permission(INSPECT))],
        auditor: Annotated[Principal, Depends(require_permission(AUDIT))],
        principal: CurrentPrincipal,
    ) -> dict[str, Any]:
        return {"same": inspector is auditor is principal, "role": principal.role}

    app.add_api_route("/probe/both", both, methods=["GET"])
    async with http_client(app) as client:
        yield Gate(client, resolver)


def bearer(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {uuid.uuid4()}:{uuid.uuid4()}:{role}"}


async def test_every_dependency_gets_the_one_principal_resolved_once(gate: Gate) -> None:
    first = await gate.client.get("/probe/both", headers=bearer("admin"))
    second = await gate.client.get("/probe/both", headers=bearer("admin"))

    assert first.status_code == second.status_code == 200
    assert first.json() == {"same": True, "role": "admin"}
    # One resolution per request: the second request is not served the first one's caller.
    assert len(gate.resolver.tokens) == 2
    assert gate.resolver.tokens[0] != gate.resolver.tokens[1]


async def test_a_missing_permission_is_still_403_after_the_principal_is_known(
    gate: Gate,
) -> None:
    # Viewers hold gamma:audit (from the manifest) but not gamma:inspect.
    response = await gate.client.get("/probe/both", headers=bearer("viewer"))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PERMISSION_DENIED"
    assert len(gate.resolver.tokens) == 1


async def test_no_token_is_401_without_asking_the_resolver(gate: Gate) -> None:
    response = await gate.client.get("/probe/both")

    assert response.status_code == 401
    assert gate.resolver.tokens == []
