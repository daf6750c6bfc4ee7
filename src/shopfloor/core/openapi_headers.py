"""The headers of every operation, as the server really reads and sends them.

FastAPI documents the headers a route declares as parameters, and none of the ones the
middleware and the error handlers add. This completes the document:

- `If-Match` is required (with its pattern) wherever a route reads it: without it the
  answer is 428, which FastAPI cannot know (the route declares it optional to answer 428
  rather than 422);
- `Accept-Language` on every operation, and no parameter nullable (a query or header
  parameter is sent or left out);
- `X-Request-ID` on every answer, `Content-Language` on every error, `Retry-After` on 429
  and 503, `WWW-Authenticate` on 401 and the current `ETag` on 412.
"""

from __future__ import annotations

from typing import Any

from shopfloor.core.headers import (
    ACCEPT_LANGUAGE,
    ACCEPT_LANGUAGE_PARAMETER,
    CONTENT_LANGUAGE,
    ETAG,
    IF_MATCH,
    IF_MATCH_PATTERN,
    REQUEST_ID,
    RESPONSE_HEADERS,
    RETRY_AFTER,
    WWW_AUTHENTICATE,
)
from shopfloor.core.openapi_walk import is_error, operations
from shopfloor.core.partial import drop_null

# Headers of the answers with these statuses, besides the ones of every answer.
STATUS_HEADERS: dict[str, tuple[str, ...]] = {
    "401": (WWW_AUTHENTICATE,),
    "412": (ETAG,),
    "429": (RETRY_AFTER,),
    "503": (RETRY_AFTER,),
}

IF_MATCH_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": IF_MATCH_PATTERN,
    "examples": ['"3"'],
}


def _require_if_match(parameters: list[dict[str, Any]]) -> None:
    for parameter in parameters:
        if parameter.get("in") == "header" and parameter.get("name") == IF_MATCH:
            parameter["required"] = True
            parameter["schema"] = dict(IF_MATCH_SCHEMA)
            parameter["description"] = (
                'The version from the ETag of your last read, e.g. "3". Without it: 428 '
                "PRECONDITION_REQUIRED; stale: 412 PRECONDITION_FAILED with the current ETag."
            )


def _add_accept_language(parameters: list[dict[str, Any]]) -> None:
    names = {(item.get("in"), str(item.get("name", "")).lower()) for item in parameters}
    if ("header", ACCEPT_LANGUAGE.lower()) not in names:
        parameters.append(dict(ACCEPT_LANGUAGE_PARAMETER))


def _response_headers(status: str) -> tuple[str, ...]:
    names = [REQUEST_ID]
    if is_error(status):
        names.append(CONTENT_LANGUAGE)
    names.extend(STATUS_HEADERS.get(status, ()))
    return tuple(names)


def _never_null(parameters: list[dict[str, Any]]) -> None:
    # A query or header parameter is sent or left out; it has no way to say null.
    for parameter in parameters:
        schema = parameter.get("schema")
        if parameter.get("in") != "path" and isinstance(schema, dict):
            drop_null(schema)


def declare_headers(document: dict[str, Any]) -> None:
    """Add the request and response headers described in the module doc to `document`."""
    for _, _, operation in operations(document):
        parameters: list[dict[str, Any]] = operation.setdefault("parameters", [])
        _never_null(parameters)
        _require_if_match(parameters)
        _add_accept_language(parameters)
        for status, response in operation.get("responses", {}).items():
            headers: dict[str, Any] = response.setdefault("headers", {})
            for name in _response_headers(status):
                headers.setdefault(name, RESPONSE_HEADERS[name])
