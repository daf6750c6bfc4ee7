"""The application's one customisation of the OpenAPI document FastAPI builds.

FastAPI writes the whole document from the routes; only what it cannot know is changed
here, once, when the document is first built:

- operation ids are `<group>_<verb>` (`work_orders_get`, `dispatches_report_production`):
  the group is the first path segment below the API prefix, the verb the route's name
  without the group's own words (`read_work_order` in `/work-orders` is `get`);
- schemas are named after their model's title: a parametrised envelope is
  `WorkOrderEnvelope` (its `model_parametrized_name`), not `Envelope_WorkOrderRead_`;
- the password flow of /docs' Authorize button posts to the token route under the
  configured `API_PREFIX` (the bearer scheme is declared at import, before settings exist);
- `servers`, `contact` (settings `API_SERVER_URL`, `API_CONTACT_*`) and the licence (the
  package's);
- `security: []` on the operations that need no token (sign-in, refresh, health);
- every error response typed: the codes it can carry as an enum, its detail models and
  an example per code (`core/openapi_errors.py`);
- the headers FastAPI does not see (`core/openapi_headers.py`): `If-Match` required where
  it is read, `Accept-Language` on every operation, and the response headers every answer
  carries.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, metadata
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from shopfloor.core.config import AppSettings
from shopfloor.core.headers import ANSWER_EXAMPLES
from shopfloor.core.openapi_errors import ErrorContext, type_errors
from shopfloor.core.openapi_headers import declare_headers
from shopfloor.core.openapi_walk import operations

PACKAGE = "shopfloor"

# Route names start with these words where the operation id says it shorter.
VERB_SYNONYMS = {"read": "get"}


def _group_of(path: str, api_prefix: str) -> str:
    """`/api/v1/work-orders/{id}` -> `work_orders`; `/health/ready` -> `health`."""
    below = path.removeprefix(api_prefix) if path.startswith(api_prefix + "/") else path
    first = next((part for part in below.split("/") if part), "root")
    return first.replace("-", "_")


def _singulars(group: str) -> tuple[str, ...]:
    # "work_orders" -> "work_order"; "dispatches" -> "dispatch" (and "dispatche", harmless).
    return tuple(group[: -len(end)] for end in ("es", "s") if group.endswith(end))


def _verb_of(name: str, group: str) -> str:
    words = f"_{name}_"
    for form in (group, *_singulars(group)):
        words = words.replace(f"_{form}_", "_")
    verb = words.strip("_") or "get"
    first, _, rest = verb.partition("_")
    first = VERB_SYNONYMS.get(first, first)
    return f"{first}_{rest}" if rest else first


def operation_ids(api_prefix: str) -> Callable[[APIRoute], str]:
    """FastAPI's `generate_unique_id_function`: the `<group>_<verb>` id of a route."""

    def operation_id(route: APIRoute) -> str:
        group = _group_of(route.path_format, api_prefix)
        return f"{group}_{_verb_of(route.name, group)}"

    return operation_id


SCHEMA_REF = "#/components/schemas/"


def _replace_refs(node: Any, renamed: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.removeprefix(SCHEMA_REF) in renamed:
            node["$ref"] = SCHEMA_REF + renamed[ref.removeprefix(SCHEMA_REF)]
        for value in node.values():
            _replace_refs(value, renamed)
    elif isinstance(node, list):
        for value in node:
            _replace_refs(value, renamed)


def name_schemas_by_title(document: dict[str, Any]) -> None:
    """Rename each component to its title where that name is free.

    Pydantic names the definition of a parametrised model after its generic origin and
    arguments; the title is the model's own name.
    """
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    renamed: dict[str, str] = {}
    for name, schema in schemas.items():
        title = schema.get("title")
        free = title not in schemas and title not in renamed.values()
        if isinstance(title, str) and title != name and title.isidentifier() and free:
            renamed[name] = title
    if not renamed:
        return
    document["components"]["schemas"] = {
        renamed.get(name, name): schema for name, schema in schemas.items()
    }
    _replace_refs(document, renamed)


def describe_installation(document: dict[str, Any], settings: AppSettings) -> None:
    """The server to call, who to contact and the licence, from the settings and the package."""
    document["servers"] = [{"url": settings.api_server_url}]
    contact = {
        "name": settings.api_contact_name,
        "url": settings.api_contact_url,
        "email": settings.api_contact_email,
    }
    info = document["info"]
    info["contact"] = {key: value for key, value in contact.items() if value}
    licence = package_licence()
    if licence:
        info["license"] = {"name": licence, "identifier": licence}


def package_licence() -> str | None:
    """The SPDX licence of the installed package (pyproject's `license`)."""
    try:
        meta = metadata(PACKAGE)
    except PackageNotFoundError:
        return None
    licence = meta["License-Expression"] or meta["License"]
    return str(licence) if licence else None


def restore_answer_examples(document: dict[str, Any]) -> None:
    """The examples routes gave their answers (`answer_headers`), nulls and all."""
    for _, _, operation in operations(document):
        for response in operation.get("responses", {}).values():
            examples = response.pop(ANSWER_EXAMPLES, None)
            if isinstance(examples, str):
                media = response.setdefault("content", {}).setdefault("application/json", {})
                media["examples"] = json.loads(examples)


def mark_public_operations(document: dict[str, Any]) -> None:
    """`security: []` on operations without authentication, so clients send no token."""
    for _, _, operation in operations(document):
        operation.setdefault("security", [])


def follow_token_url(document: dict[str, Any], token_url: str) -> None:
    for scheme in document.get("components", {}).get("securitySchemes", {}).values():
        password_flow = scheme.get("flows", {}).get("password")
        if password_flow is not None:
            password_flow["tokenUrl"] = token_url


def _error_context(app: FastAPI, settings: AppSettings) -> ErrorContext:
    resolver = getattr(app.state, "principal_resolver", None)
    return ErrorContext(
        api_prefix=settings.api_prefix,
        max_body_bytes=settings.max_body_bytes,
        token_refusals=tuple(getattr(resolver, "refusals", ())),
    )


def install_openapi(app: FastAPI, *, settings: AppSettings, token_url: str) -> None:
    """Build `app`'s document with FastAPI, then complete it (see the module doc)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            # FastAPI's own build, which it caches: completed once, in place.
            document = FastAPI.openapi(app)
            name_schemas_by_title(document)
            follow_token_url(document, token_url)
            describe_installation(document, settings)
            mark_public_operations(document)
            restore_answer_examples(document)
            type_errors(document, _error_context(app, settings), app.state.messages)
            declare_headers(document)
            return document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
