"""A path that a route spells out belongs to that route, whatever the method.

Routing takes the first route whose path and method both match, so `DELETE /users/me`
reached `DELETE /users/{user_id}` (422: "me" is not a UUID) and `POST /work-orders/{id}/history`
reached the lifecycle route `POST /work-orders/{id}/{action}` (428), although `/users/me` and
`/work-orders/{id}/history` are resources of their own whose methods are GET and PATCH, and
GET. `literal_segments_first` tells a parameter to leave alone the words that a sibling route
spells out in its place, so such a request finds only its own path: an undeclared method
answers 405, and `Allow` lists that path's methods.

Two routes are siblings when their paths differ in one segment only, a parameter in one and
a literal word in the other (`/{user_id}/password` and `/me/password`). The parameter gets a
path convertor that matches any segment but those words; its value, its validation and the
OpenAPI document stay as they were.
"""

from __future__ import annotations

import hashlib
import re

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.convertors import CONVERTOR_TYPES, StringConvertor, register_url_convertor
from starlette.routing import compile_path

_PLAIN_PARAMETER = re.compile(r"^\{([a-zA-Z_][a-zA-Z0-9_]*)(?::str)?\}$")


class SegmentExceptConvertor(StringConvertor):
    """One path segment, like the default convertor; each subclass refuses its own words."""


def segment_except_regex(words: frozenset[str]) -> str:
    """Any segment but one of `words`: a lookahead refuses a word followed by the segment's end."""
    alternatives = "|".join(re.escape(word) for word in sorted(words))
    return f"(?!(?:{alternatives})(?:/|$))[^/]+"


def _convertor_for(words: frozenset[str]) -> str:
    """The name of a registered convertor refusing `words` (registered once per process)."""
    digest = hashlib.sha256("/".join(sorted(words)).encode()).hexdigest()[:16]
    name = f"segment_except_{digest}"
    if name not in CONVERTOR_TYPES:
        convertor = type(name, (SegmentExceptConvertor,), {"regex": segment_except_regex(words)})
        register_url_convertor(name, convertor())
    return name


def _sibling_word(parameter_path: list[str], literal_path: list[str]) -> tuple[int, str] | None:
    """(position, word) when the paths differ only where the first has a plain parameter."""
    if len(parameter_path) != len(literal_path):
        return None
    differences = [
        index
        for index, (mine, theirs) in enumerate(zip(parameter_path, literal_path, strict=True))
        if mine != theirs
    ]
    if len(differences) != 1:
        return None
    index = differences[0]
    word = literal_path[index]
    if _PLAIN_PARAMETER.match(parameter_path[index]) is None or "{" in word or not word:
        return None
    return index, word


def literal_segments_first(router: APIRouter) -> APIRouter:
    """Rewrite the paths of `router`'s routes so that literal siblings win (see module doc).

    Call it before the router is included. It changes the routes in place and is idempotent:
    a parameter it gave a convertor is no longer a plain parameter.
    """
    routes = [route for route in router.routes if isinstance(route, APIRoute)]
    segments = {id(route): route.path.split("/") for route in routes}
    for route in routes:
        words: dict[int, set[str]] = {}
        for other in routes:
            if other is route:
                continue
            found = _sibling_word(segments[id(route)], segments[id(other)])
            if found is not None:
                words.setdefault(found[0], set()).add(found[1])
        if not words:
            continue
        path = list(segments[id(route)])
        for index, excluded in words.items():
            name = _PLAIN_PARAMETER.match(path[index])
            assert name is not None
            path[index] = "{" + name.group(1) + ":" + _convertor_for(frozenset(excluded)) + "}"
        route.path = "/".join(path)
        route.path_regex, route.path_format, route.param_convertors = compile_path(route.path)
    return router
