"""Refuse request bodies over the configured size with 413, before reading them whole."""

from __future__ import annotations

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shopfloor.core.exception_handlers import error_response


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                declared = value
                break
        if declared is not None:
            try:
                too_large = int(declared) > self.max_bytes
            except ValueError:
                too_large = False
            if too_large:
                response = error_response(
                    scope,
                    status_code=413,
                    code="PAYLOAD_TOO_LARGE",
                    params={"limit": self.max_bytes},
                    headers={"Connection": "close"},
                )
                await response(scope, receive, send)
                return

        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised inside the handler's body read. FastAPI re-raises HTTPException
                    # from there (other errors would become a generic 400), and the HTTP
                    # exception handler renders the 413 envelope.
                    raise HTTPException(status_code=413)
            return message

        await self.app(scope, counting_receive, send)
