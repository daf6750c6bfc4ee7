"""One structured log line per request: method, path, status, duration, request id, user."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("shopfloor.access")


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp, *, skip_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.skip_paths = skip_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def send_and_record(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            path = scope.get("path", "")
            # Checked first: with the level above INFO (as when benchmarking) the line and its
            # fields are not even built.
            if logger.isEnabledFor(logging.INFO) and (
                path not in self.skip_paths or status_code >= 400
            ):
                state = scope.get("state", {})
                duration_ms = round((time.perf_counter() - started) * 1000, 2)
                client = scope.get("client")
                logger.info(
                    "%s %s %s %.2fms",
                    scope.get("method", ""),
                    path,
                    status_code,
                    duration_ms,
                    extra={
                        "method": scope.get("method"),
                        "path": path,
                        "status": status_code,
                        "duration_ms": duration_ms,
                        "request_id": state.get("request_id"),
                        "user_id": state.get("user_id"),
                        "client": client[0] if client else None,
                    },
                )
