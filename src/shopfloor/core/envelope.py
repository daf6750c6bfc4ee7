"""The one response envelope every route answers with, declared in OpenAPI.

Success: ``{"success": true, "data": ..., "message": ...}``; lists add ``pagination``.
Errors: ``{"success": false, "error": {"code", "message", "details"}, "request_id"}``.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


def resource_name(params: tuple[Any, ...]) -> str:
    """`WorkOrderRead` -> `WorkOrder`: the name a parametrised envelope is given after."""
    names = [getattr(param, "__name__", str(param)).removesuffix("Read") for param in params]
    return "".join(name[:1].upper() + name[1:] for name in names)


class PaginationMeta(BaseModel):
    total: int = Field(description="Rows matching the filters, across all pages.")
    page: int = Field(description="The 1-based page returned.")
    page_size: int = Field(description="Rows per page.")
    pages: int = Field(description="Number of pages for this page size.")


# Response models: a field with a default is still always sent, so OpenAPI lists it as
# required in responses (pydantic's serialization-mode schema).
ALWAYS_SENT = ConfigDict(json_schema_serialization_defaults_required=True)


class Envelope(BaseModel, Generic[T]):
    model_config = ALWAYS_SENT

    success: Literal[True] = True
    data: T
    message: str | None = None

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        # `WorkOrderEnvelope` in OpenAPI and generated clients, not `Envelope_WorkOrderRead_`.
        return f"{resource_name(params)}Envelope"


class ListEnvelope(BaseModel, Generic[T]):
    model_config = ALWAYS_SENT

    success: Literal[True] = True
    data: list[T]
    pagination: PaginationMeta
    message: str | None = None

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        return f"{resource_name(params)}ListEnvelope"


class ErrorDetail(BaseModel):
    """One problem inside an error; error classes name a more precise model (`detail_model`)."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int] | None = Field(
        default=None, description="Where the problem is, such as ['body', 'quantity']."
    )
    code: str = Field(description="A stable UPPER_SNAKE code for this detail.")
    message: str = Field(description="What is wrong, in the caller's language.")


class FieldErrorDetail(ErrorDetail):
    """A field, parameter or header that was refused; `code` is the rule (`GREATER_THAN`)."""

    loc: list[str | int] = Field(description="Where: ['body', 'quantity'], ['query', 'page'].")


class StaleVersionDetail(ErrorDetail):
    """412: the If-Match version is not the current one."""

    loc: list[str | int] = Field(examples=[["header", "If-Match"]])
    code: Literal["STALE_VERSION"]
    current_version: int = Field(description="Send this in If-Match after reloading.")


class DuplicateValueDetail(ErrorDetail):
    """409: a unique value is already in use."""

    code: Literal["DUPLICATE_VALUE"]
    value: str | None = Field(default=None, description="The value, when it came from the body.")
    constraint: str | None = Field(
        default=None, description="The unique constraint, when the database refused the value."
    )


class ErrorBody(BaseModel):
    model_config = ALWAYS_SENT

    code: str = Field(description="A stable UPPER_SNAKE error code.")
    message: str = Field(description="Human-readable text in zh-TW or en (Accept-Language).")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorEnvelope(BaseModel):
    model_config = ALWAYS_SENT

    success: Literal[False] = False
    error: ErrorBody
    request_id: str | None = None


def ok(data: Any, message: str | None = None) -> dict[str, Any]:
    """Wrap a payload in the success envelope (validated by the route's response model)."""
    return {"success": True, "data": data, "message": message}
