"""The success envelope rendered from plain data, for the hottest reads.

FastAPI validates what a handler returns against the route's response model and serializes
it with pydantic. For a read whose values come straight from the database that is most of
the request's CPU: validating and dumping the fifty rows of a list page costs several times
the query. Such a route builds plain dicts and returns `json_answer(...)`, the same envelope
encoded by orjson. It still declares its response model, which documents the answer in
OpenAPI, and a test holds the plain answer to exactly what the model renders.

orjson writes what pydantic writes for these values: datetimes in UTC ending in `Z` with
microseconds only when there are some, dates as `YYYY-MM-DD`, UUIDs in their canonical form
(the driver's own UUID type through `_default`), enums as their values, None as null.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response

from shopfloor.core.envelope import PaginationMeta

_OPTIONS = orjson.OPT_UTC_Z


def _default(value: object) -> str:
    # asyncpg returns its own subclass of uuid.UUID, which orjson does not take as one.
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def render(value: object) -> bytes:
    """`value` as JSON, the way the response models render the same values."""
    return orjson.dumps(value, default=_default, option=_OPTIONS)


def json_answer(
    data: object,
    *,
    pagination: PaginationMeta | None = None,
    message: str | None = None,
    headers: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The success envelope around `data` (with `pagination` for a list), rendered."""
    envelope: dict[str, Any] = {"success": True, "data": data}
    if pagination is not None:
        envelope["pagination"] = {
            "total": pagination.total,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "pages": pagination.pages,
        }
    envelope["message"] = message
    return Response(
        render(envelope),
        status_code=status_code,
        headers=dict(headers) if headers else None,
        media_type="application/json",
    )
