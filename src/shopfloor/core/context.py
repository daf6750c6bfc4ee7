"""Facts about the current request that services record (audit) but must not read from HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

MAX_USER_AGENT = 512
# Control characters (NUL among them, which PostgreSQL text cannot hold) have no place in a
# user agent; they are dropped so that an odd client can still be recorded, and served.
_CONTROL_CHARACTERS = dict.fromkeys([*range(0x20), 0x7F])


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str | None
    client_address: str | None
    user_agent: str | None


def clean_user_agent(value: str | None) -> str | None:
    """The header as the audit log keeps it: without control characters, at most 512."""
    if not value:
        return None
    cleaned = value.translate(_CONTROL_CHARACTERS)[:MAX_USER_AGENT]
    return cleaned or None


async def get_request_context(request: Request) -> RequestContext:
    return RequestContext(
        request_id=getattr(request.state, "request_id", None),
        client_address=request.client.host if request.client else None,
        user_agent=clean_user_agent(request.headers.get("user-agent")),
    )


CurrentRequestContext = Annotated[RequestContext, Depends(get_request_context)]
