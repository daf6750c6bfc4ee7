"""The application's error types.

An `AppError` carries a stable UPPER_SNAKE code, an HTTP status, parameters for its message
and optional details. The text itself comes from the message catalogues, in the caller's
language, when the exception handler renders the error envelope.

Most refusals undo the request: the unit of work rolls back. A refusal that must leave a
trace (a failed sign-in's audit entry and counter, a replayed refresh token's revoked
family) is raised with `keep_changes=True`: the request's session then commits what the
service wrote before raising, and the error is answered as usual. No route has to do
anything for it (`core/database.py: get_db_session`).

A route lists the errors it raises, and OpenAPI documents each status with exactly those
codes (plus the ones every route of its kind can answer, added by `core/openapi_errors.py`):

    responses=error_responses(PermissionDeniedError, WorkOrderNotFoundError, ...)

A class names the model of its details (`detail_model`) and the parameters of an example
message (`example_params`), so the document shows real payloads and texts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from types import MappingProxyType
from typing import Any, ClassVar

from pydantic import BaseModel

from shopfloor.core.envelope import StaleVersionDetail


def example(**params: Any) -> Mapping[str, Any]:
    """Parameters of an error's example message in OpenAPI (`example_params`)."""
    return MappingProxyType(params)


class AppError(Exception):
    """Base for every error the API answers on purpose."""

    code: ClassVar[str] = "INTERNAL_ERROR"
    status_code: ClassVar[int] = 500
    # For OpenAPI: the model of this error's details, and parameters for an example message.
    detail_model: ClassVar[type[BaseModel] | None] = None
    example_params: ClassVar[Mapping[str, Any]] = {}

    def __init__(
        self,
        *,
        params: Mapping[str, Any] | None = None,
        details: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        code: str | None = None,
        keep_changes: bool = False,
    ) -> None:
        self.keep_changes = keep_changes
        self.params: dict[str, Any] = dict(params or {})
        self.details: list[dict[str, Any]] = [dict(item) for item in details or ()]
        self.headers: dict[str, str] = dict(headers or {})
        if code is not None:
            self.code = code  # type: ignore[misc]
        super().__init__(self.code)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, params={self.params!r})"


class BadRequestError(AppError):
    code = "BAD_REQUEST"
    status_code = 400


class AuthenticationError(AppError):
    code = "AUTHENTICATION_REQUIRED"
    status_code = 401

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.headers.setdefault("WWW-Authenticate", "Bearer")


class PermissionDeniedError(AppError):
    code = "PERMISSION_DENIED"
    status_code = 403


class NotFoundError(AppError):
    code = "NOT_FOUND"
    status_code = 404


class ConflictError(AppError):
    code = "CONFLICT"
    status_code = 409


class PreconditionFailedError(AppError):
    code = "PRECONDITION_FAILED"
    status_code = 412
    detail_model = StaleVersionDetail
    example_params = example(current_version=4)


class PreconditionRequiredError(AppError):
    code = "PRECONDITION_REQUIRED"
    status_code = 428


class UnsupportedMediaTypeError(AppError):
    """The body's Content-Type is not one the operation reads."""

    code = "UNSUPPORTED_MEDIA_TYPE"
    status_code = 415


class ValidationFailedError(AppError):
    """A business rule on the input failed after schema validation passed."""

    code = "VALIDATION_ERROR"
    status_code = 422


class TooManyRequestsError(AppError):
    code = "TOO_MANY_REQUESTS"
    status_code = 429
    example_params = example(retry_after=30)

    def __init__(self, *, retry_after_s: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_after_s = max(1, int(retry_after_s))
        self.headers["Retry-After"] = str(self.retry_after_s)
        self.params.setdefault("retry_after", self.retry_after_s)


class ServiceUnavailableError(AppError):
    code = "DATABASE_UNAVAILABLE"
    status_code = 503


# The key under which a route's declared errors travel to `core/openapi_errors.py`.
DECLARED_ERRORS = "x-declared-errors"
SCHEMA_REF = "#/components/schemas/"


def detail_schema(model: type[BaseModel] | None) -> dict[str, Any] | None:
    if model is None:
        return None
    return model.model_json_schema(mode="serialization", ref_template=SCHEMA_REF + "{model}")


def declared_error(error: type[AppError]) -> dict[str, Any]:
    """What the OpenAPI document needs of an error class, as plain JSON."""
    detail = error.detail_model
    return {
        "status": error.status_code,
        "code": error.code,
        "params": dict(error.example_params),
        "detail": detail.__name__ if detail is not None else None,
        "detail_schema": detail_schema(detail),
    }


def error_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the errors a route raises, by status."""
    by_status: dict[int, list[dict[str, Any]]] = {}
    for error in errors:
        by_status.setdefault(error.status_code, []).append(declared_error(error))
    return {
        status: {"description": HTTPStatus(status).phrase, DECLARED_ERRORS: declared}
        for status, declared in sorted(by_status.items())
    }
