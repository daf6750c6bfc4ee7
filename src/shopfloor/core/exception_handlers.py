"""Turn every error into the error envelope, in the caller's language.

Domain errors (`AppError`), routing errors (404/405), validation errors (422, or 400 for
malformed JSON) are handled here. Anything else is classified by `render_unhandled` (called
by the error boundary middleware): database unavailable -> 503 with Retry-After, a mapped
unique violation -> 409, a concurrent-update conflict -> 409, a value the database cannot
take (a NUL in text, a date or number out of range) -> 422 `INVALID_VALUE`, logged as a
warning because validation should have refused it, everything else -> 500 with no internals
in the body, logged with the request id.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Scope

from shopfloor.core.db_errors import (
    constraint_name_of,
    is_concurrency_conflict,
    is_database_unavailable,
    is_invalid_value,
    is_unique_violation,
)
from shopfloor.core.errors import AppError
from shopfloor.core.i18n import MessageBook, negotiate_locale

logger = logging.getLogger("shopfloor.errors")

HTTP_STATUS_CODES: dict[int, str] = {
    400: "BAD_REQUEST",
    401: "AUTHENTICATION_REQUIRED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_REQUESTS",
}


HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _state(scope: Scope) -> dict[str, Any]:
    state: dict[str, Any] = scope.setdefault("state", {})
    return state


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def locale_for(scope: Scope) -> str:
    app = scope.get("app")
    default = getattr(getattr(app, "state", None), "default_locale", "zh-TW")
    return negotiate_locale(_header(scope, b"accept-language"), default)


def _messages(scope: Scope) -> MessageBook:
    app = scope.get("app")
    book = getattr(getattr(app, "state", None), "messages", None)
    return book if isinstance(book, MessageBook) else MessageBook()


def error_response(
    scope: Scope,
    *,
    status_code: int,
    code: str,
    params: Mapping[str, Any] | None = None,
    details: Sequence[Mapping[str, Any]] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    locale = locale_for(scope)
    book = _messages(scope)
    rendered_details = []
    for detail in details:
        item = dict(detail)
        if "message" not in item:
            item["message"] = book.render(str(item.get("code", "")), locale, item)
        rendered_details.append(item)
    body = {
        "success": False,
        "error": {
            "code": code,
            "message": book.render(code, locale, params),
            "details": rendered_details,
        },
        "request_id": _state(scope).get("request_id"),
    }
    response = JSONResponse(body, status_code=status_code, headers=dict(headers or {}))
    response.headers["Content-Language"] = locale
    return response


# The catalogue entry for a validation rule that has no text of its own.
UNLISTED_FIELD_ERROR = "field_invalid"
ENGLISH = "en"


# Rules whose context lists the allowed values in pydantic's English ("'a', 'b' or 'c'").
CHOICE_ERRORS = frozenset({"enum", "literal_error"})
LIST_SEPARATORS = {"zh-TW": "、"}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _choices(expected: str, locale: str) -> str:
    """The allowed values as a plain list in the caller's language, without the "or"."""
    values = _QUOTED.findall(expected) or [
        part for part in re.split(r",\s*|\s+or\s+", expected) if part.strip()
    ]
    return LIST_SEPARATORS.get(locale, ", ").join(values)


def field_details(scope: Scope, errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic-style errors (`type`, `loc`, `ctx`) as details in the caller's language."""
    locale = locale_for(scope)
    app = scope.get("app")
    field_book = getattr(getattr(app, "state", None), "field_messages", None)
    details: list[dict[str, Any]] = []
    seen: set[tuple[tuple[str | int, ...], str]] = set()
    for error in errors:
        error_type = str(error.get("type", "value_error"))
        loc = tuple(part if isinstance(part, int) else str(part) for part in error["loc"])
        # A parameter that the route and one of its dependencies both declare is checked
        # twice; the client hears about it once.
        if (loc, error_type) in seen:
            continue
        seen.add((loc, error_type))
        context = dict(error.get("ctx") or {})
        if error_type in ("value_error", "assertion_error"):
            raw = str(context.get("error", error.get("msg", "")))
            context = {"reason": raw}
        if error_type in CHOICE_ERRORS and isinstance(context.get("expected"), str):
            context["expected"] = _choices(context["expected"], locale)
        context = {key: _plain(value) for key, value in context.items()}
        message = str(error.get("msg", ""))
        if isinstance(field_book, MessageBook):
            if error_type in field_book:
                message = field_book.render(error_type, locale, context)
            elif locale != ENGLISH and UNLISTED_FIELD_ERROR in field_book:
                # A rule without its own text: pydantic's sentence is English only, so other
                # languages get the catalogue's general text instead (the code stays exact).
                message = field_book.render(UNLISTED_FIELD_ERROR, locale)
        details.append(
            {
                "loc": list(loc),
                # Pydantic's rule name, in the UPPER_SNAKE form of every other code.
                "code": error_type.upper(),
                "message": message,
            }
        )
    return details


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def app_error_response(scope: Scope, error: AppError) -> JSONResponse:
    return error_response(
        scope,
        status_code=error.status_code,
        code=error.code,
        params=error.params,
        details=error.details,
        headers=error.headers,
    )


async def handle_app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return app_error_response(request.scope, exc)


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response(
            request.scope,
            status_code=400,
            code="MALFORMED_JSON",
            details=field_details(request.scope, errors),
        )
    return error_response(
        request.scope,
        status_code=422,
        code="VALIDATION_ERROR",
        details=field_details(request.scope, errors),
    )


def allowed_methods(scope: Scope) -> list[str]:
    """Every method some route accepts on this path.

    Routing answers 405 from the first route whose path matches, so its `Allow` header names
    only that route's methods (GET and POST on one path are two routes); this asks them all.
    """
    router = getattr(scope.get("app"), "router", None)
    routes = getattr(router, "routes", ())
    allowed: list[str] = []
    for method in HTTP_METHODS:
        probe = {**scope, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in routes):
            allowed.append(method)
    return allowed


def _is_unreadable_json(request: Request, exc: StarletteHTTPException) -> bool:
    """FastAPI's 400 for a JSON body that the decoder gave up on.

    A syntax error is a `JSONDecodeError`, answered as a validation error; bytes that are not
    UTF-8, nesting deeper than the decoder's recursion limit and integers longer than Python
    converts arrive here, as a plain 400 caused by the decoder's `ValueError` or
    `RecursionError`. They are malformed JSON all the same.
    """
    if exc.status_code != 400 or not isinstance(exc.__cause__, (ValueError, RecursionError)):
        return False
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    return not media_type or media_type == "application/json" or media_type.endswith("+json")


async def handle_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if _is_unreadable_json(request, exc):
        error = {"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error"}
        return error_response(
            request.scope,
            status_code=400,
            code="MALFORMED_JSON",
            details=field_details(request.scope, [error]),
        )
    code = HTTP_STATUS_CODES.get(exc.status_code, "HTTP_ERROR")
    params: dict[str, Any] = {}
    headers = dict(exc.headers or {})
    if exc.status_code == 413:
        params["limit"] = getattr(request.app.state, "max_body_bytes", "")
    if exc.status_code == 405:
        allowed = allowed_methods(request.scope)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
    return error_response(
        request.scope,
        status_code=exc.status_code,
        code=code,
        params=params,
        headers=headers,
    )


def render_unhandled(scope: Scope, exc: BaseException) -> JSONResponse:
    """The response for an exception no handler claimed."""
    request_id = _state(scope).get("request_id")
    app = scope.get("app")
    app_state = getattr(app, "state", None)
    if is_unique_violation(exc):
        constraint = constraint_name_of(exc)
        constraint_errors: Mapping[str, str] = getattr(app_state, "constraint_errors", {})
        code = constraint_errors.get(constraint or "")
        if code is not None:
            return error_response(
                scope,
                status_code=409,
                code=code,
                details=[{"code": "DUPLICATE_VALUE", "constraint": constraint}],
            )
        logger.error(
            "unmapped unique violation on %s",
            constraint,
            exc_info=exc,
            extra={"request_id": request_id},
        )
    elif is_concurrency_conflict(exc):
        return error_response(scope, status_code=409, code="CONCURRENT_MODIFICATION")
    elif is_database_unavailable(exc):
        retry_after = getattr(app_state, "db_retry_after_s", 5)
        logger.warning(
            "database unavailable: %s: %s",
            type(exc).__name__,
            str(exc).splitlines()[0][:200] if str(exc) else "",
            extra={"request_id": request_id},
        )
        return error_response(
            scope,
            status_code=503,
            code="DATABASE_UNAVAILABLE",
            headers={"Retry-After": str(retry_after)},
        )
    elif is_invalid_value(exc):
        # The client's fault, so not a 500; but a field without its validation rule, so
        # the traceback goes to the log for someone to add the rule.
        logger.warning(
            "value refused by the database: %s",
            type(exc).__name__,
            exc_info=exc,
            extra={"request_id": request_id},
        )
        return error_response(scope, status_code=422, code="INVALID_VALUE")
    else:
        logger.error(
            "unhandled error: %s",
            type(exc).__name__,
            exc_info=exc,
            extra={"request_id": request_id},
        )
    return error_response(scope, status_code=500, code="INTERNAL_ERROR")


def install_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
