"""Every path of the document answers a method it does not declare with 405 and its own Allow."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
OPERATION_KEYS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _sample(document: dict[str, Any], schema: dict[str, Any]) -> str:
    """A value routing accepts for a path parameter: an enum's first value, else a UUID."""
    schema = _resolve(document, schema)
    if "enum" in schema:
        return str(schema["enum"][0])
    return str(uuid.uuid4())


def concrete_path(document: dict[str, Any], path: str) -> str:
    operations = document["paths"][path]
    schemas: dict[str, dict[str, Any]] = {}
    for key, operation in operations.items():
        if key not in OPERATION_KEYS:
            continue
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                schemas[parameter["name"]] = parameter["schema"]
    return re.sub(r"\{(\w+)\}", lambda match: _sample(document, schemas[match[1]]), path)


def undeclared(app: FastAPI) -> list[tuple[str, str, frozenset[str]]]:
    cases = []
    for path, operations in app.openapi()["paths"].items():
        declared = frozenset(key.upper() for key in operations if key in OPERATION_KEYS)
        cases.extend((path, method, declared) for method in METHODS if method not in declared)
    return cases


async def test_every_undeclared_method_is_405_with_the_paths_methods(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    document = app.openapi()
    cases = undeclared(app)
    assert len(cases) > 50  # every module's paths are in the document

    wrong = []
    for path, method, declared in cases:
        response = await client.request(method, concrete_path(document, path))
        allow = {part.strip() for part in response.headers.get("Allow", "").split(",")}
        if response.status_code != 405 or allow != declared:
            wrong.append((method, path, response.status_code, response.headers.get("Allow")))
        elif response.json()["error"]["code"] != "METHOD_NOT_ALLOWED":
            wrong.append((method, path, response.status_code, response.text))

    assert wrong == []


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/v1/users/me", "GET, PATCH"),
        ("OPTIONS", "/api/v1/users/me", "GET, PATCH"),
        ("OPTIONS", "/api/v1/work-orders/summary", "GET"),
        ("POST", f"/api/v1/work-orders/{uuid.uuid4()}/history", "GET"),
        ("DELETE", f"/api/v1/dispatches/{uuid.uuid4()}/reports", "GET, POST"),
    ],
)
async def test_a_spelled_out_path_is_not_caught_by_a_parameter(
    client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    response = await client.request(method, path)

    assert response.status_code == 405
    assert response.headers["Allow"] == allow
