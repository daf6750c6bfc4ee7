"""The innermost middleware: any exception no handler claimed becomes an error envelope.

It sits inside the request-id and access-log middleware, so even a 500 carries the request
id and is logged once, and nothing reaches the server's own traceback printer.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shopfloor.core.exception_handlers import render_unhandled

logger = logging.getLogger("shopfloor.errors")


class ErrorBoundaryMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if response_started:
                # Too late for an error body; let the server close the connection.
                raise
            response = render_unhandled(scope, exc)
            await response(scope, receive, send)
