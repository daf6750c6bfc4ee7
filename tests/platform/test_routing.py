"""A path a route spells out wins over a sibling's parameter (`core/routing.py`)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from enum import StrEnum

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from shopfloor.core.exception_handlers import install_exception_handlers
from shopfloor.core.routing import literal_segments_first


class Move(StrEnum):
    START = "start"
    STOP = "stop"


def things_router() -> APIRouter:
    router = APIRouter()

    @router.get("/me")
    async def read_me() -> str:
        return "me"

    @router.patch("/me")
    async def edit_me() -> str:
        return "edited me"

    @router.get("/{thing_id}")
    async def read_thing(thing_id: uuid.UUID) -> str:
        return f"thing {thing_id}"

    @router.delete("/{thing_id}")
    async def delete_thing(thing_id: uuid.UUID) -> str:
        return f"deleted {thing_id}"

    @router.get("/{thing_id}/history")
    async def thing_history(thing_id: uuid.UUID) -> str:
        return "history"

    @router.post("/{thing_id}/{move}", name="move_thing")
    async def move_thing(thing_id: uuid.UUID, move: Move) -> str:
        return f"{move.value} {thing_id}"

    @router.post("/{left}/{right}/pair")
    async def pair(left: str, right: str) -> str:
        return "pair"

    @router.post("/a/b/pair")
    async def fixed_pair() -> str:
        return "fixed pair"

    return router


@pytest.fixture
def router() -> APIRouter:
    return literal_segments_first(things_router())


@pytest.fixture
async def things(router: APIRouter) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_exception_handlers(app)
    app.include_router(router, prefix="/things")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def allowed(response: httpx.Response) -> set[str]:
    return {method.strip() for method in response.headers["Allow"].split(",")}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/things/me", {"GET", "PATCH"}),
        ("OPTIONS", "/things/me", {"GET", "PATCH"}),
        ("POST", "/things/me", {"GET", "PATCH"}),
        ("POST", f"/things/{uuid.uuid4()}/history", {"GET"}),
        ("PATCH", f"/things/{uuid.uuid4()}", {"GET", "DELETE"}),
    ],
)
async def test_an_undeclared_method_on_a_spelled_out_path_is_405(
    things: httpx.AsyncClient, method: str, path: str, allow: set[str]
) -> None:
    response = await things.request(method, path)

    assert response.status_code == 405
    assert allowed(response) == allow


async def test_the_parameter_routes_still_answer(things: httpx.AsyncClient) -> None:
    thing_id = uuid.uuid4()

    assert (await things.get(f"/things/{thing_id}")).json() == f"thing {thing_id}"
    assert (await things.delete(f"/things/{thing_id}")).json() == f"deleted {thing_id}"
    assert (await things.post(f"/things/{thing_id}/start")).json() == f"start {thing_id}"
    # A word that only starts like a sibling's is an ordinary value.
    assert (await things.get("/things/meow")).status_code == 422
    assert (await things.post(f"/things/{thing_id}/historyx")).status_code == 422
    assert (await things.get("/things/me")).json() == "me"


async def test_a_bad_value_is_still_validated(things: httpx.AsyncClient) -> None:
    bad_id = await things.delete("/things/not-a-uuid")
    bad_move = await things.post(f"/things/{uuid.uuid4()}/jump")

    assert bad_id.status_code == 422
    assert bad_id.json()["error"]["details"][0]["loc"] == ["path", "thing_id"]
    assert bad_move.status_code == 422
    assert bad_move.json()["error"]["details"][0]["loc"] == ["path", "move"]


async def test_paths_that_differ_in_two_segments_are_left_alone(
    things: httpx.AsyncClient,
) -> None:
    # Refusing `a` and `b` one segment at a time would also refuse /a/c/pair.
    assert (await things.post("/things/a/c/pair")).json() == "pair"
    assert (await things.post("/things/a/b/pair")).json() == "pair"


def test_the_document_and_urls_are_unchanged(router: APIRouter) -> None:
    app = FastAPI()
    app.include_router(router, prefix="/things")
    thing_id = uuid.uuid4()

    paths = set(app.openapi()["paths"])
    url = app.url_path_for("move_thing", thing_id=str(thing_id), move="start")

    assert "/things/{thing_id}/{move}" in paths
    assert "/things/{thing_id}" in paths
    assert not any(":" in path for path in paths)
    assert url == f"/things/{thing_id}/start"


def test_it_can_run_twice(router: APIRouter) -> None:
    before = [getattr(route, "path", "") for route in router.routes]

    literal_segments_first(router)

    assert [getattr(route, "path", "") for route in router.routes] == before
