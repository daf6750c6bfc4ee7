"""Gamma's routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.envelope import Envelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.security import CurrentPrincipal, Principal, require_permission
from tests.platform.modules.gamma.config import GammaSettings
from tests.platform.modules.gamma.constants import AUDIT, INSPECT
from tests.platform.modules.gamma.dependencies import gamma_settings
from tests.platform.modules.gamma.schemas import Caller, Greeting, RequestFacts

router = APIRouter()


def caller_of(principal: Principal) -> Caller:
    return Caller(
        user_id=principal.user_id,
        organization_id=principal.organization_id,
        role=principal.role,
        permissions=sorted(principal.permissions),
    )


@router.get("/greeting", response_model=Envelope[Greeting], summary="The configured greeting")
async def read_greeting(
    settings: Annotated[GammaSettings, Depends(gamma_settings)],
) -> dict[str, Any]:
    return {"success": True, "data": Greeting(greeting=settings.greeting)}


@router.get(
    "/me",
    response_model=Envelope[Caller],
    summary="The caller",
)
async def read_me(principal: CurrentPrincipal) -> dict[str, Any]:
    return {"success": True, "data": caller_of(principal)}


@router.get(
    "/inspections",
    response_model=Envelope[Caller],
    responses=error_responses(PermissionDeniedError),
    summary="Needs gamma:inspect",
)
async def read_inspections(
    principal: Annotated[Principal, Depends(require_permission(INSPECT))],
) -> dict[str, Any]:
    return {"success": True, "data": caller_of(principal)}


@router.get(
    "/audit",
    response_model=Envelope[Caller],
    responses=error_responses(PermissionDeniedError),
    summary="Needs gamma:audit (granted to viewers by the manifest)",
)
async def read_audit(
    principal: Annotated[Principal, Depends(require_permission(AUDIT))],
) -> dict[str, Any]:
    return {"success": True, "data": caller_of(principal)}


@router.get("/request", response_model=Envelope[RequestFacts], summary="What audit would record")
async def read_request(context: CurrentRequestContext) -> dict[str, Any]:
    facts = RequestFacts(
        request_id=context.request_id,
        client_address=context.client_address,
        user_agent=context.user_agent,
    )
    return {"success": True, "data": facts}
