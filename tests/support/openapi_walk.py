"""Walking an OpenAPI document: its operations, schemas and the responses of each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) for every operation, in document order."""
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, or the component its `$ref` names."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
        resolved: dict[str, Any] = document["components"]["schemas"][ref.removeprefix(SCHEMA_REF)]
        return resolved
    return schema


def subschemas(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object below `node` (schemas among them), with a path for messages."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from subschemas(value, f"{where}/{index}")


def string_enums(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every schema in the document that enumerates string values."""
    return [
        (where, node)
        for where, node in subschemas(document, "#")
        if isinstance(node.get("enum"), list)
        and node["enum"]
        and all(isinstance(value, str) for value in node["enum"])
        and "/examples/" not in where
    ]


def content_schema(response: dict[str, Any], media_type: str = "application/json") -> Any:
    return response.get("content", {}).get(media_type, {}).get("schema")
