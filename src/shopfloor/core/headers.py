"""The HTTP headers of the API, and how the OpenAPI document describes them.

A route names the headers its success answer carries:

    @router.post("", status_code=201, responses=answer_headers(201, ETAG, LOCATION) | ...)

The headers every answer carries (request id, language of errors, Retry-After, ...) and the
request headers every operation reads are declared by `core/openapi.py` for all routes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

ETAG: Final = "ETag"
LOCATION: Final = "Location"
RETRY_AFTER: Final = "Retry-After"
WWW_AUTHENTICATE: Final = "WWW-Authenticate"
REQUEST_ID: Final = "X-Request-ID"
CONTENT_LANGUAGE: Final = "Content-Language"
IDEMPOTENT_REPLAYED: Final = "Idempotent-Replayed"
ACCEPT_LANGUAGE: Final = "Accept-Language"
IF_MATCH: Final = "If-Match"
ANSWER_EXAMPLES: Final = "x-answer-examples"

# A version in quotes, optionally weak; the server reads the digits (core/concurrency.py).
IF_MATCH_PATTERN: Final = r'^\s*(?:W/)?"?(\d{1,10})"?\s*$'

# `required`: the answer always carries it (Idempotent-Replayed only on a replay).
RESPONSE_HEADERS: Final[dict[str, dict[str, Any]]] = {
    ETAG: {
        "required": True,
        "description": 'The version of the resource in quotes, e.g. "3": send it back in '
        "If-Match to change the resource.",
        "schema": {"type": "string", "pattern": r'^"\d+"$', "examples": ['"3"']},
    },
    LOCATION: {
        "required": True,
        "description": "The URL of the resource just created.",
        "schema": {"type": "string", "format": "uri-reference"},
    },
    RETRY_AFTER: {
        "required": True,
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1, "examples": [30]},
    },
    WWW_AUTHENTICATE: {
        "required": True,
        "description": "The scheme to authenticate with: `Bearer`, or "
        '`Bearer error="invalid_token"` for a token that was refused.',
        "schema": {"type": "string", "examples": ["Bearer"]},
    },
    REQUEST_ID: {
        "required": True,
        "description": "The request's id: the client's own X-Request-ID when it sent a sane one, "
        "otherwise a new one. Error bodies carry it as `request_id`; quote it when reporting "
        "a problem.",
        "schema": {"type": "string", "maxLength": 128},
    },
    CONTENT_LANGUAGE: {
        "required": True,
        "description": "The language of the error's messages: `zh-TW` or `en`.",
        "schema": {"type": "string", "enum": ["zh-TW", "en"], "x-enum-varnames": ["ZH_TW", "EN"]},
    },
    IDEMPOTENT_REPLAYED: {
        "required": False,
        "description": "`true` when this answer repeats the first answer to the same "
        "Idempotency-Key, which counted nothing again; absent otherwise.",
        "schema": {"type": "string", "enum": ["true"]},
    },
}

ACCEPT_LANGUAGE_PARAMETER: Final[dict[str, Any]] = {
    "name": ACCEPT_LANGUAGE,
    "in": "header",
    "required": False,
    "description": "The language of messages: `en` for English; Traditional Chinese (`zh-TW`) "
    "otherwise, unless the server's DEFAULT_LOCALE says English. Q-values are honoured.",
    # Never refused: an unknown or malformed value falls back to the default language.
    "schema": {"type": "string", "examples": ["en", "zh-TW"]},
}


def answer_headers(
    status_code: int, *names: str, examples: Mapping[str, Any] | None = None
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entry: the success answer `status_code` carries these headers
    (and, given `examples`, these examples of its JSON body)."""
    answer: dict[str, Any] = {"headers": {name: RESPONSE_HEADERS[name] for name in names}}
    if examples:
        # As text: FastAPI drops every null from the document it writes, examples included;
        # `core/openapi.py` puts them back as they are.
        answer[ANSWER_EXAMPLES] = json.dumps(dict(examples))
    return {status_code: answer}
