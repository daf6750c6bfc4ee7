"""Liveness and readiness, outside the API prefix and without authentication."""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel

from shopfloor.core.database import get_database
from shopfloor.core.envelope import Envelope
from shopfloor.core.errors import ServiceUnavailableError, error_responses

logger = logging.getLogger("shopfloor.health")

router = APIRouter()
TAG = "Health"


class HealthStatus(BaseModel):
    status: Literal["ok"]


class ReadinessStatus(BaseModel):
    status: Literal["ready"]
    database: Literal["ok"]


@router.get("/health", response_model=Envelope[HealthStatus], summary="Liveness")
async def liveness() -> Envelope[HealthStatus]:
    """The process is up. Does not touch the database."""
    return Envelope(data=HealthStatus(status="ok"))


@router.get(
    "/health/ready",
    response_model=Envelope[ReadinessStatus],
    responses=error_responses(ServiceUnavailableError),
    summary="Readiness",
)
async def readiness(request: Request) -> Envelope[ReadinessStatus]:
    """The database answers `SELECT 1` within the configured timeout."""
    database = get_database(request)
    timeout_s: float = request.app.state.settings.db_ready_timeout_s
    try:
        await database.ping(timeout_s)
    except Exception as exc:
        logger.warning("readiness check failed: %s: %s", type(exc).__name__, exc)
        raise ServiceUnavailableError(
            headers={"Retry-After": str(request.app.state.db_retry_after_s)}
        ) from exc
    return Envelope(data=ReadinessStatus(status="ready", database="ok"))
