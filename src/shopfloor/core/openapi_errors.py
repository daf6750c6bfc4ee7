"""Typed errors in the OpenAPI document: each response lists the codes it can carry.

A route declares the errors it raises (`core/errors.py: error_responses`). Added here are
the errors every operation of its kind can answer, read from the operation itself:

| the operation | status and codes |
|---|---|
| any | 413 `PAYLOAD_TOO_LARGE`, 500 `INTERNAL_ERROR` |
| under the API prefix | 503 `DATABASE_UNAVAILABLE`; with inputs, 422 `INVALID_VALUE` |
| not a GET under the API prefix | 409 `CONCURRENT_MODIFICATION` |
| has parameters or a body | 422 `VALIDATION_ERROR` (one `FieldErrorDetail` per field) |
| has a JSON body | 400 `MALFORMED_JSON` |
| reads If-Match | 400 `INVALID_IF_MATCH`, 412 `PRECONDITION_FAILED`, 428 `PRECONDITION_REQUIRED` |
| needs a bearer token | 401 `AUTHENTICATION_REQUIRED` and the refusals of the token check |

Each response then gets a schema whose `error.code` is an enum of exactly those codes and
whose `details` are the detail models of those errors, and one example per code with its
real message in zh-TW and in English. Identical schemas are shared under one name: a
single code several operations share is `<Code>Error` (`WorkOrderNotFoundError`), the set
of codes most operations share for a status `<Status>Error` (`UnauthorizedError`), anything
else `<Operation><Status>Error` (`WorkOrdersApplyActionConflictError`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel

from shopfloor.core.envelope import ErrorDetail, FieldErrorDetail
from shopfloor.core.errors import (
    DECLARED_ERRORS,
    SCHEMA_REF,
    AppError,
    AuthenticationError,
    PreconditionFailedError,
    PreconditionRequiredError,
    declared_error,
    detail_schema,
)
from shopfloor.core.headers import ACCEPT_LANGUAGE, IF_MATCH
from shopfloor.core.i18n import MessageBook
from shopfloor.core.openapi_walk import is_error, operations

STATUS_NAMES: Final = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "ContentTooLarge",
    415: "UnsupportedMediaType",
    422: "UnprocessableContent",
    428: "PreconditionRequired",
    429: "TooManyRequests",
    500: "InternalServer",
    503: "ServiceUnavailable",
}
DESCRIPTIONS: Final = {
    400: "Malformed request: invalid JSON, or an If-Match that is not a version.",
    401: "Missing or invalid credentials.",
    403: "The caller's role lacks the permission.",
    404: "Not found, or not visible to the caller's organisation.",
    409: "Conflicts with the current state, a unique value or a concurrent change.",
    412: "The If-Match version is stale; the ETag header carries the current one.",
    413: "The request body is too large.",
    415: "The request body's Content-Type is not one this operation reads.",
    422: "The request data is invalid; one detail per field.",
    428: "A required precondition header is missing.",
    429: "Too many requests; see Retry-After.",
    500: "Unexpected server error; the body carries the request id.",
    503: "The database is unavailable; see Retry-After.",
}
EXAMPLE_REQUEST_ID: Final = "5f0c8a0d2b9e4d55a1c3f1e2d4b6a7c8"
LOCALES: Final = ("zh-TW", "en")


def _case(
    status: int, code: str, detail: type[BaseModel] | None = None, **params: Any
) -> dict[str, Any]:
    return {
        "status": status,
        "code": code,
        "params": params,
        "detail": detail.__name__ if detail is not None else None,
        "detail_schema": detail_schema(detail),
    }


def _inputs(operation: dict[str, Any]) -> bool:
    parameters = [
        item
        for item in operation.get("parameters", [])
        if str(item.get("name", "")).lower() != ACCEPT_LANGUAGE.lower()
    ]
    return bool(parameters) or "requestBody" in operation


def _reads_if_match(operation: dict[str, Any]) -> bool:
    return any(
        item.get("in") == "header" and item.get("name") == IF_MATCH
        for item in operation.get("parameters", [])
    )


def _bearer(operation: dict[str, Any]) -> bool:
    return any(requirement for requirement in operation.get("security", []))


@dataclass(frozen=True)
class ErrorContext:
    """What the automatic errors depend on beyond the operation itself."""

    api_prefix: str
    max_body_bytes: int
    # The errors the installed bearer check answers besides AUTHENTICATION_REQUIRED.
    token_refusals: tuple[type[AppError], ...] = ()


def automatic_errors(
    method: str, path: str, operation: dict[str, Any], context: ErrorContext
) -> list[dict[str, Any]]:
    """The errors of the table in the module doc that apply to this operation."""
    cases = [
        _case(413, "PAYLOAD_TOO_LARGE", limit=context.max_body_bytes),
        _case(500, "INTERNAL_ERROR"),
    ]
    in_api = path.startswith(context.api_prefix + "/")
    inputs = _inputs(operation)
    if inputs:
        cases.append(_case(422, "VALIDATION_ERROR", FieldErrorDetail))
    if in_api:
        cases.append(_case(503, "DATABASE_UNAVAILABLE"))
        if inputs:
            cases.append(_case(422, "INVALID_VALUE"))
        if method != "get":
            cases.append(_case(409, "CONCURRENT_MODIFICATION"))
    if "application/json" in operation.get("requestBody", {}).get("content", {}):
        cases.append(_case(400, "MALFORMED_JSON", FieldErrorDetail))
    if _reads_if_match(operation):
        cases.append(_case(400, "INVALID_IF_MATCH"))
        cases.append(declared_error(PreconditionFailedError))
        cases.append(declared_error(PreconditionRequiredError))
    if _bearer(operation):
        refusals: tuple[type[AppError], ...] = (AuthenticationError, *context.token_refusals)
        cases.extend(declared_error(error) for error in refusals)
    return cases


@dataclass
class ErrorResponse:
    """One operation's error response being built: its codes and their detail models."""

    operation_id: str
    status: int
    description: str | None = None
    cases: list[dict[str, Any]] = field(default_factory=list)

    def add(self, case: dict[str, Any]) -> None:
        if all(known["code"] != case["code"] for known in self.cases):
            self.cases.append(case)

    @property
    def codes(self) -> list[str]:
        return [case["code"] for case in self.cases]

    def detail_names(self) -> list[str]:
        names = {case["detail"] for case in self.cases if case["detail"]}
        # Specific models first (a client tries them in order), the general ones last.
        general = (FieldErrorDetail.__name__, ErrorDetail.__name__)
        return sorted(names, key=lambda name: (name in general, name)) or [ErrorDetail.__name__]

    def schema(self) -> dict[str, Any]:
        names = self.detail_names()
        refs = [{"$ref": SCHEMA_REF + name} for name in names]
        if len(names) > 1 and ErrorDetail.__name__ not in names:
            refs.append({"$ref": SCHEMA_REF + ErrorDetail.__name__})
        items = refs[0] if len(refs) == 1 else {"anyOf": refs}
        return {
            "type": "object",
            "required": ["success", "error", "request_id"],
            "properties": {
                "success": {"type": "boolean", "const": False},
                "error": {
                    "type": "object",
                    "required": ["code", "message", "details"],
                    "properties": {
                        "code": {
                            "type": "string",
                            "enum": self.codes,
                            "description": "The error codes this operation answers with this "
                            "status.",
                        },
                        "message": {
                            "type": "string",
                            "description": "Human-readable text in zh-TW or en (Accept-Language).",
                        },
                        "details": {"type": "array", "items": items},
                    },
                },
                "request_id": {
                    "anyOf": [{"type": "string"}, {"type": "null"}],
                    "description": "The request's id, as in the X-Request-ID header.",
                },
            },
        }

    def examples(self, messages: MessageBook) -> dict[str, Any]:
        examples: dict[str, Any] = {}
        for case in self.cases:
            for locale in LOCALES:
                text = messages.render(case["code"], locale, case["params"])
                name = case["code"] if locale == LOCALES[0] else f"{case['code']}_{locale}"
                examples[name] = {
                    "summary": f"{case['code']} ({locale})",
                    "value": {
                        "success": False,
                        "error": {"code": case["code"], "message": text, "details": []},
                        "request_id": EXAMPLE_REQUEST_ID,
                    },
                }
        return examples


def _pascal(text: str) -> str:
    return "".join(part.capitalize() for part in text.replace("-", "_").split("_") if part)


def _operations_of(members: list[ErrorResponse]) -> int:
    return len({member.operation_id for member in members})


def _names(groups: dict[str, list[ErrorResponse]]) -> list[tuple[str, ErrorResponse]]:
    """A component name for each response, by the rule of the module doc."""
    shared = {key for key, members in groups.items() if _operations_of(members) > 1}
    # Per status, the set of several codes shared by the most operations is the status's own.
    common: dict[int, str] = {}
    for key, members in sorted(groups.items(), key=lambda item: -_operations_of(item[1])):
        if key in shared and len(members[0].codes) > 1:
            common.setdefault(members[0].status, key)
    named: list[tuple[str, ErrorResponse]] = []
    for key, members in groups.items():
        first = members[0]
        status_name = STATUS_NAMES.get(first.status, f"Status{first.status}")
        if key in shared and len(first.codes) == 1:
            code_name = _pascal(first.codes[0].lower())
            named.extend((f"{code_name.removesuffix('Error')}Error", member) for member in members)
        elif common.get(first.status) == key:
            named.extend((f"{status_name}Error", member) for member in members)
        else:
            named.extend(
                (f"{_pascal(member.operation_id)}{status_name}Error", member) for member in members
            )
    return named


def type_errors(document: dict[str, Any], context: ErrorContext, messages: MessageBook) -> None:
    """Replace every error response of `document` by its typed schema and examples."""
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    built: list[tuple[dict[str, Any], ErrorResponse]] = []
    detail_schemas: dict[str, Any] = {
        model.__name__: detail_schema(model) for model in (ErrorDetail, FieldErrorDetail)
    }
    for method, path, operation in operations(document):
        responses: dict[str, Any] = operation.setdefault("responses", {})
        by_status: dict[int, ErrorResponse] = {}
        # FastAPI drops the null members of what it copies (`detail: None`).
        declared = [
            {"detail": None, "detail_schema": None, "params": {}, **case, "status": int(status)}
            for status, response in responses.items()
            if is_error(status)
            for case in response.pop(DECLARED_ERRORS, [])
        ]
        for case in [*declared, *automatic_errors(method, path, operation, context)]:
            target = by_status.setdefault(
                case["status"], ErrorResponse(operation["operationId"], case["status"])
            )
            target.add(case)
            if case["detail"]:
                detail_schemas.setdefault(case["detail"], case["detail_schema"])
        for status, error in sorted(by_status.items()):
            response = responses.setdefault(str(status), {})
            response["description"] = DESCRIPTIONS.get(status, response.get("description", ""))
            built.append((response, error))
    for name, schema in detail_schemas.items():
        for nested, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(nested, definition)
        schemas.setdefault(name, schema)
    # FastAPI's own 422 models: this server never answers with them.
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    groups: dict[str, list[ErrorResponse]] = defaultdict(list)
    where: dict[int, dict[str, Any]] = {}
    for response, error in built:
        key = json.dumps([error.status, error.schema()], sort_keys=True)
        groups[key].append(error)
        where[id(error)] = response
    for name, error in _names(groups):
        schema = {"title": name, **error.schema()}
        if schemas.setdefault(name, schema) != schema:
            raise ValueError(f"two schemas are named {name}")
        where[id(error)]["content"] = {
            "application/json": {
                "schema": {"$ref": SCHEMA_REF + name},
                "examples": error.examples(messages),
            }
        }
