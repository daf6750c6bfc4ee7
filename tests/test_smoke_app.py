"""The real application answers its health probes against the migrated test database."""

from __future__ import annotations

import httpx


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    live = await client.get("/health")
    assert live.status_code == 200
    assert live.json() == {"success": True, "data": {"status": "ok"}, "message": None}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["data"] == {"status": "ready", "database": "ok"}
