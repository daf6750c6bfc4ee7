"""The OpenAPI document: one envelope for every route, the error envelope, tag groups."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.platform.conftest import http_client

REF = "#/components/schemas/"


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


def schema_name(response: dict[str, Any]) -> str | None:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    return ref.removeprefix(REF) if ref.startswith(REF) else None


def check_envelopes(spec: dict[str, Any]) -> int:
    """Assert the envelope rules on every operation; return how many were checked."""
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert "ValidationError" not in schemas
    checked = 0
    for method, path, operation in operations(spec):
        where = f"{method} {path}"
        assert operation.get("summary"), where
        successes = {code: item for code, item in operation["responses"].items() if code[0] == "2"}
        errors = {code: item for code, item in operation["responses"].items() if code[0] in "45"}
        assert len(successes) == 1, where
        (success,) = successes.values()
        name = schema_name(success)
        assert name is not None, where
        # An envelope by shape: `success` fixed to true and a `data` member. Subclasses (a
        # token response adding the OAuth2 fields at the top level) qualify too.
        properties = schemas[name]["properties"]
        assert properties.get("success", {}).get("const") is True, where
        assert "data" in properties, where
        if name.endswith("ListEnvelope"):
            assert "pagination" in schemas[name]["required"], where
        for code, error in errors.items():
            name = schema_name(error)
            assert name is not None, f"{where} {code}"
            envelope = schemas[name]
            assert set(envelope["properties"]) == {"success", "error", "request_id"}
            assert envelope["properties"]["success"]["const"] is False
            assert error.get("description"), f"{where} {code}"
        assert {"413", "500"} <= set(errors), where
        if path.startswith("/api/"):
            assert "503" in errors, where
        checked += 1
    return checked


async def test_every_test_module_route_declares_the_envelopes(
    platform_client: httpx.AsyncClient,
) -> None:
    spec = (await platform_client.get("/openapi.json")).json()

    assert check_envelopes(spec) == len(operations(spec)) >= 15


async def test_every_product_route_declares_the_envelopes(app: FastAPI) -> None:
    async with http_client(app) as client:
        spec = (await client.get("/openapi.json")).json()

    assert check_envelopes(spec) == len(operations(spec)) >= 2


async def test_every_product_module_is_one_described_tag_group(app: FastAPI) -> None:
    spec = app.openapi()
    declared = {tag["name"]: tag.get("description", "") for tag in spec["tags"]}
    enabled = app.state.enabled_modules

    assert list(declared) == [item.tag for item in enabled] + ["Health"]
    assert all(declared.values())
    for method, path, operation in operations(spec):
        assert len(operation["tags"]) == 1, f"{method} {path}"
        assert operation["tags"][0] in declared, f"{method} {path}"


@pytest.mark.parametrize("path", ["/health", "/health/ready"])
def test_probes_are_documented_as_health(path: str, app: FastAPI) -> None:
    operation = app.openapi()["paths"][path]["get"]

    assert operation["tags"] == ["Health"]
    assert operation["security"] == []
