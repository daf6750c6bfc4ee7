"""Query models: parsed like FastAPI's own query parameters, documented the same way."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, Field

from shopfloor.core.exception_handlers import install_exception_handlers
from shopfloor.core.query_models import document_query_models, query_model
from tests.platform.conftest import http_client


class Probe(BaseModel):
    tag: list[str] | None = Field(default=None, description="Repeat it.", examples=["a,b"])
    owner: uuid.UUID | None = Field(default=None, description="Whose.")
    level: int = Field(default=3, ge=1, le=5, description="How deep.")
    since: date | None = None
    starts: str | None = Field(default=None, alias="from", max_length=8)


def probe_app() -> FastAPI:
    app = FastAPI()
    install_exception_handlers(app)

    @app.get("/model")
    async def by_model(probe: Annotated[Probe, Depends(query_model(Probe))]) -> dict[str, Any]:
        return probe.model_dump(mode="json", by_alias=True)

    @app.get("/fastapi")
    async def by_fastapi(
        tag: Annotated[list[str] | None, Query(description="Repeat it.", examples=["a,b"])] = None,
        owner: Annotated[uuid.UUID | None, Query(description="Whose.")] = None,
        level: Annotated[int, Query(ge=1, le=5, description="How deep.")] = 3,
        since: date | None = None,
        starts: Annotated[str | None, Query(alias="from", max_length=8)] = None,
    ) -> dict[str, Any]:
        return {"tag": tag, "owner": owner, "level": level, "since": since, "from": starts}

    document_query_models(app)
    return app


@pytest.fixture
async def probe() -> Any:
    async with http_client(probe_app()) as http:
        yield http


QUERIES = [
    "",
    "tag=a&tag=b&level=5",
    "tag=a,b&owner=8c7f2d2e-2f7e-4f59-9f0d-0c2b8a1f0e11&since=2026-12-06&from=x",
    "level=2&level=4",  # the last of a repeated single value
    "unknown=1&level=1",
]


@pytest.mark.parametrize("query", QUERIES)
async def test_good_queries_parse_as_fastapi_parses_them(
    probe: httpx.AsyncClient, query: str
) -> None:
    by_model = await probe.get(f"/model?{query}")
    by_fastapi = await probe.get(f"/fastapi?{query}")
    assert by_model.status_code == by_fastapi.status_code == 200
    assert by_model.json() == by_fastapi.json()


BAD_QUERIES = [
    "level=0",
    "level=6",
    "level=abc",
    "level=",
    "owner=not-a-uuid",
    "since=2026-13-01",
    "from=123456789",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
async def test_bad_queries_fail_as_fastapi_fails_them(probe: httpx.AsyncClient, query: str) -> None:
    by_model = await probe.get(f"/model?{query}")
    by_fastapi = await probe.get(f"/fastapi?{query}")
    assert by_model.status_code == by_fastapi.status_code == 422
    assert by_model.json()["error"] == by_fastapi.json()["error"]
    [detail] = by_model.json()["error"]["details"]
    assert detail["loc"][0] == "query"


def test_the_model_is_documented_as_fastapi_documents_its_parameters() -> None:
    spec = probe_app().openapi()
    model = spec["paths"]["/model"]["get"]["parameters"]
    fastapi = spec["paths"]["/fastapi"]["get"]["parameters"]
    assert model == fastapi
    assert [parameter["name"] for parameter in model] == [
        "tag",
        "owner",
        "level",
        "since",
        "from",
    ]
