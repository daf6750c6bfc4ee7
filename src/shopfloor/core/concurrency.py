"""Optimistic locking over HTTP: ETag out, If-Match in.

The ETag of a versioned row is its version number in quotes (`"3"`). Writes that must not
overwrite someone else's change require `If-Match` (428 when it is missing, 412 when stale).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Response

from shopfloor.core.errors import (
    BadRequestError,
    PreconditionFailedError,
    PreconditionRequiredError,
)
from shopfloor.core.headers import ETAG, IF_MATCH, IF_MATCH_PATTERN

_ETAG = re.compile(IF_MATCH_PATTERN)


def etag_for(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers[ETAG] = etag_for(version)


def parse_if_match(value: str | None) -> int:
    if value is None or not value.strip():
        raise PreconditionRequiredError()
    match = _ETAG.match(value)
    if match is None:
        raise BadRequestError(code="INVALID_IF_MATCH")
    return int(match.group(1))


async def required_if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias=IF_MATCH,
            description='The version from the ETag of your last read, e.g. "3".',
        ),
    ] = None,
) -> int:
    return parse_if_match(if_match)


IfMatchVersion = Annotated[int, Depends(required_if_match)]


def check_version(*, current: int, expected: int) -> None:
    """412 with the current version when the caller edited a stale copy."""
    if current != expected:
        raise PreconditionFailedError(
            params={"current_version": current},
            details=[
                {
                    "loc": ["header", IF_MATCH],
                    "code": "STALE_VERSION",
                    "current_version": current,
                }
            ],
            headers={ETAG: etag_for(current)},
        )
