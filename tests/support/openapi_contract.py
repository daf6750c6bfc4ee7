"""Checking a real answer against what the OpenAPI document says about its operation."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.support.openapi_walk import HTTP_METHODS, resolve

# Headers whose presence must match the document: sent only where declared.
DECLARED_ONLY = ("ETag", "Location", "Retry-After", "WWW-Authenticate", "Idempotent-Replayed")


ROUTING_CODES = ("NOT_FOUND", "METHOD_NOT_ALLOWED")


def _error_code(answer: httpx.Response) -> str | None:
    if not answer.headers.get("content-type", "").startswith("application/json"):
        return None
    body = answer.json()
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code")) if isinstance(error, dict) else None


def _pattern(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}$")


class Contract:
    """The document's operations, found by method and URL path."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        # Literal paths first: `/work-orders/summary` before `/work-orders/{id}`.
        self.paths = sorted(document["paths"], key=lambda path: path.count("{"))

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]]:
        for template in self.paths:
            item = self.document["paths"][template]
            if method.lower() in item and _pattern(template).match(path):
                return template, item[method.lower()]
        raise AssertionError(f"no operation for {method} {path}")

    def codes(self, response: dict[str, Any]) -> list[str]:
        schema = resolve(self.document, response["content"]["application/json"]["schema"])
        codes: list[str] = schema["properties"]["error"]["properties"]["code"]["enum"]
        return codes

    def check_if_documented(self, answer: httpx.Response) -> None:
        """`check`, for answers of documented operations; routing's own 404 and 405 and the
        pages outside the document (/docs, /openapi.json) are not any operation's."""
        method, path = answer.request.method, answer.request.url.path
        if not any(
            method.lower() in self.document["paths"][template] and _pattern(template).match(path)
            for template in self.paths
        ):
            return
        if answer.status_code in (404, 405) and _error_code(answer) in ROUTING_CODES:
            return
        self.check(answer)

    def check(self, answer: httpx.Response) -> str | None:
        """Assert `answer` is what its operation documents; return its error code, if any."""
        method, path = answer.request.method, answer.request.url.path
        template, operation = self.operation(method, path)
        where = f"{method} {template} -> {answer.status_code}"
        documented = operation["responses"].get(str(answer.status_code))
        assert documented is not None, f"{where}: status not documented"
        headers = documented.get("headers", {})
        for name, header in headers.items():
            if header.get("required"):
                assert name in answer.headers, f"{where}: {name} missing"
        for name in DECLARED_ONLY:
            if name in answer.headers:
                assert name in headers, f"{where}: {name} sent but not declared"
        if answer.status_code < 400:
            return None
        code = str(answer.json()["error"]["code"])
        assert code in self.codes(documented), f"{where}: {code} not documented"
        return code


def methods(item: dict[str, Any]) -> list[str]:
    return [method for method in item if method in HTTP_METHODS]
