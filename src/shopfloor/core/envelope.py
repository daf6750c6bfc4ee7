"""The one response envelope every route answers with, declared in OpenAPI.

Success: ``{"success": true, "data": ..., "message": ...}``; lists add ``pagination``.
Errors: ``{"success": false, "error": {"code", "message", "details"}, "request_id"}``.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


def resource_name(params: tuple[type[Any], ...]) -> str:
    """`WorkOrderRead` -> `WorkOrder`: the name a parametrised envelope is given after."""
    names = [getattr(param, "__name__", str(param)) for param in params]
    return "".join(name.removesuffix("Read") for name in names)


class PaginationMeta(BaseModel):
    total: int = Field(description="Rows matching the filters, across all pages.")
    page: int = Field(description="The 1-based page returned.")
    page_size: int = Field(description="Rows per page.")
    pages: int = Field(description="Number of pages for this page size.")


class Envelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: T
    message: str | None = None

    @classmethod
    def model_parametrized_name(cls, params: tuple[type[Any], ...]) -> str:
        # `WorkOrderEnvelope` in OpenAPI and generated clients, not `Envelope_WorkOrderRead_`.
        return f"{resource_name(params)}Envelope"


class ListEnvelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: list[T]
    pagination: PaginationMeta
    message: str | None = None

    @classmethod
    def model_parametrized_name(cls, params: tuple[type[Any], ...]) -> str:
        return f"{resource_name(params)}ListEnvelope"


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    loc: list[str | int] | None = Field(
        default=None, description="Where the problem is, such as ['body', 'quantity']."
    )
    code: str = Field(description="A stable code for this detail.")
    message: str = Field(description="What is wrong, in the caller's language.")


class ErrorBody(BaseModel):
    code: str = Field(description="A stable UPPER_SNAKE error code.", examples=["NOT_FOUND"])
    message: str = Field(description="Human-readable text in zh-TW or en (Accept-Language).")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorEnvelope(BaseModel):
    success: Literal[False] = False
    error: ErrorBody
    request_id: str | None = None


def ok(data: Any, message: str | None = None) -> dict[str, Any]:
    """Wrap a payload in the success envelope (validated by the route's response model)."""
    return {"success": True, "data": data, "message": message}


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request (for example invalid JSON).",
    401: "Missing or invalid credentials.",
    403: "The caller's role lacks the permission.",
    404: "Not found, or not visible to the caller's organisation.",
    409: "Conflicts with the current state or a unique value.",
    412: "The If-Match version is stale.",
    413: "The request body is too large.",
    422: "The request data is invalid; one detail per field.",
    428: "The If-Match header is required.",
    429: "Too many requests; see Retry-After.",
    500: "Unexpected server error; the body carries the request id.",
    503: "The database is unavailable; see Retry-After.",
}


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries that document the error envelope for these statuses."""
    return {
        code: {"model": ErrorEnvelope, "description": ERROR_DESCRIPTIONS.get(code, "Error.")}
        for code in status_codes
    }


COMMON_ERROR_RESPONSES = error_responses(400, 413, 422, 500, 503)
