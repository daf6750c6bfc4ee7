"""The Authorize button of /docs posts to the token endpoint wherever API_PREFIX puts it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shopfloor.main import create_app
from tests.conftest import make_settings


def password_flows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    schemes = spec["components"]["securitySchemes"].values()
    return [scheme["flows"]["password"] for scheme in schemes if "password" in scheme["flows"]]


@pytest.mark.parametrize("prefix", ["/api/v1", "/api/v2", "/mes/api"])
def test_the_password_flow_follows_the_api_prefix(database_url: str, prefix: str) -> None:
    app = create_app(make_settings(database_url, api_prefix=prefix), configure_logs=False)

    spec = app.openapi()

    flows = password_flows(spec)
    assert [flow["tokenUrl"] for flow in flows] == [f"{prefix}/auth/token"]
    assert f"{prefix}/auth/token" in spec["paths"]


async def test_the_served_document_carries_the_same_token_url(database_url: str) -> None:
    app = create_app(make_settings(database_url, api_prefix="/api/v2"), configure_logs=False)
    transport = httpx.ASGITransport(app=app)

    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        first = await client.get("/openapi.json")
        second = await client.get("/openapi.json")

    assert first.status_code == 200
    assert password_flows(first.json())[0]["tokenUrl"] == "/api/v2/auth/token"
    assert second.json() == first.json()
