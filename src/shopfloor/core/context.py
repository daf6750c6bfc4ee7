"""Facts about the current request that services record (audit) but must not read from HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

MAX_USER_AGENT = 512


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str | None
    client_address: str | None
    user_agent: str | None


async def get_request_context(request: Request) -> RequestContext:
    user_agent = request.headers.get("user-agent")
    return RequestContext(
        request_id=getattr(request.state, "request_id", None),
        client_address=request.client.host if request.client else None,
        user_agent=user_agent[:MAX_USER_AGENT] if user_agent else None,
    )


CurrentRequestContext = Annotated[RequestContext, Depends(get_request_context)]
