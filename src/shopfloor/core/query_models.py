"""Query parameters validated as one model, for list routes.

FastAPI validates every declared query parameter on its own, through a chain of helpers per
parameter and request: a list route with a dozen filters and its page spent more CPU on its
parameters than on its rows. `query_model(Model)` is a dependency that validates the query
string against `Model` in one call instead, and `document_query_models(app)` writes the
model's fields into the OpenAPI document as the query parameters FastAPI would have listed,
with the same schemas and descriptions.

Validation errors are FastAPI's own (`RequestValidationError`, located at
`["query", name]`), so they reach the error envelope exactly as before. A field annotated
with a list takes every repetition of its parameter; any other field the last one, as
FastAPI does. Parameters the model does not name are ignored, as FastAPI ignores them.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)

# The attribute that marks a dependency made by `query_model`, holding its model.
_MODEL_ATTRIBUTE = "__query_model__"


def _takes_a_list(annotation: Any) -> bool:
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) in (list, tuple, set, frozenset):
            return True
    return False


def query_model(model: type[ModelT]) -> Callable[[Request], Coroutine[Any, Any, ModelT]]:
    """A dependency that answers the request's query parameters validated as `model`."""
    # Validation takes a field by its alias when it has one, as the query string names it.
    names = tuple(field.alias or name for name, field in model.model_fields.items())
    lists = frozenset(
        field.alias or name
        for name, field in model.model_fields.items()
        if _takes_a_list(field.annotation)
    )

    async def parse_query(request: Request) -> ModelT:
        given = request.query_params
        values: dict[str, Any] = {}
        for name in names:
            if name in lists:
                found = given.getlist(name)
                if found:
                    values[name] = found
            elif (value := given.get(name)) is not None:
                values[name] = value
        try:
            return model.model_validate(values)
        except ValidationError as exc:
            raise RequestValidationError(
                [
                    {**error, "loc": ("query", *error["loc"])}
                    for error in exc.errors(include_url=False)
                ]
            ) from None

    parse_query.__name__ = f"query_{model.__name__}"
    setattr(parse_query, _MODEL_ATTRIBUTE, model)
    return parse_query


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """`model`'s fields as OpenAPI query parameters, in the form FastAPI writes them."""
    schema = model.model_json_schema(mode="validation")
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    parameters = []
    for name, field in model.model_fields.items():
        alias = field.alias or name
        field_schema = dict(properties[alias])
        if "default" in field_schema and field_schema["default"] is None:
            del field_schema["default"]  # FastAPI leaves an absent parameter's None unsaid
        parameter: dict[str, Any] = {
            "name": alias,
            "in": "query",
            "required": alias in required,
            "schema": field_schema,
        }
        if field.description:
            parameter["description"] = field.description
        parameters.append(parameter)
    return parameters


def _models_of(dependant: Dependant) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for child in dependant.dependencies:
        model = getattr(child.call, _MODEL_ATTRIBUTE, None)
        if model is not None:
            found.append(model)
        found.extend(_models_of(child))
    return found


def document_query_models(app: FastAPI) -> None:
    """Make the OpenAPI document list the parameters of every route's query models."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        paths: dict[str, Any] = schema.get("paths", {})
        # Route contexts, as FastAPI's own OpenAPI sees them: included routers' routes too.
        for route in iter_route_contexts(app.routes):
            if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
                continue
            models = list(dict.fromkeys(_models_of(route.dependant)))
            if not models or route.path_format not in paths:
                continue
            for method in route.methods or ():
                operation = paths[route.path_format].get(method.lower())
                if operation is None:
                    continue
                listed = operation.setdefault("parameters", [])
                known = {(p["name"], p["in"]) for p in listed}
                for model in models:
                    for parameter in query_parameters(model):
                        if (parameter["name"], "query") not in known:
                            listed.append(parameter)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
