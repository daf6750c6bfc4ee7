"""The interactive docs work without internet: every asset local, a strict policy, `/` leads there.

The pages are checked as HTML here; `test_docs_browser.py` loads them in a real browser.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tests.platform.conftest import AppFactory, http_client

PAGES = ("/docs", "/redoc")
ASSET_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}
LINKED = re.compile(r"""(?:src|href)="([^"]*)\"""")
CSS_IMPORT = re.compile(r"""@import\s+url\("([^"]+)"\)""")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def linked_urls(html: str) -> list[str]:
    return LINKED.findall(html)


def policy(response: httpx.Response) -> dict[str, list[str]]:
    directives = [part.split() for part in response.headers["Content-Security-Policy"].split(";")]
    return {name: sources for name, *sources in directives}


@pytest.fixture
async def client(platform_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(platform_app) as http:
        yield http


@pytest.mark.parametrize("page", PAGES)
async def test_the_pages_load_nothing_from_another_origin(
    page: str, client: httpx.AsyncClient
) -> None:
    response = await client.get(page)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    urls = linked_urls(response.text)
    assert urls
    assert all(url.startswith("/docs/assets/") for url in urls), urls
    assert "http://" not in response.text
    assert "https://" not in response.text
    assert "fonts.googleapis" not in response.text


async def test_every_asset_of_the_pages_is_served(client: httpx.AsyncClient) -> None:
    assets = {url for page in PAGES for url in linked_urls((await client.get(page)).text)}
    stylesheet = (await client.get("/docs/assets/docs.css")).text
    assets |= {"/docs/assets/" + name for name in CSS_IMPORT.findall(stylesheet)}

    assert assets == {
        "/docs/assets/swagger-ui-bundle.js",
        "/docs/assets/docs.css",
        "/docs/assets/swagger-ui.css",
        "/docs/assets/redoc.standalone.js",
        "/docs/assets/favicon.svg",
    }
    for url in sorted(assets):
        response = await client.get(url)
        suffix = url[url.rindex(".") :]
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].startswith(ASSET_TYPES[suffix]), url
        assert response.headers["Cache-Control"] == "public, max-age=86400", url
        assert len(response.content) > 100, url


async def test_the_scripts_are_swagger_ui_and_redoc(client: httpx.AsyncClient) -> None:
    swagger = await client.get("/docs/assets/swagger-ui-bundle.js")
    redoc = await client.get("/docs/assets/redoc.standalone.js")

    assert "SwaggerUIBundle" in swagger.text[:2000]
    assert "Redoc" in redoc.text[:2000]


async def test_both_pages_show_the_local_favicon(client: httpx.AsyncClient) -> None:
    for page in PAGES:
        html = (await client.get(page)).text
        assert '<link rel="shortcut icon" href="/docs/assets/favicon.svg">' in html, page

    icon = await client.get("/docs/assets/favicon.svg")

    assert icon.headers["Content-Type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg")


async def test_an_unchanged_asset_is_answered_304(client: httpx.AsyncClient) -> None:
    first = await client.get("/docs/assets/swagger-ui.css")

    again = await client.get(
        "/docs/assets/swagger-ui.css", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "path", ["/docs/assets/nothing.js", "/docs/assets/", "/docs/assets/%2e%2e/docs_pages.py"]
)
async def test_an_unknown_asset_is_a_404_envelope(path: str, client: httpx.AsyncClient) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    assert response.headers["Cache-Control"] == "no-store"


async def test_an_asset_cannot_be_written(client: httpx.AsyncClient) -> None:
    response = await client.post("/docs/assets/docs.css", content=b"body {}")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


async def test_swagger_ui_may_run_only_its_own_start_up_script(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    (script,) = INLINE_SCRIPT.findall(response.text)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()

    directives = policy(response)

    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


async def test_redoc_runs_no_inline_script(client: httpx.AsyncClient) -> None:
    response = await client.get("/redoc")

    assert INLINE_SCRIPT.findall(response.text) == []
    assert policy(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("page", PAGES)
async def test_the_policy_names_no_other_origin(page: str, client: httpx.AsyncClient) -> None:
    response = await client.get(page)

    sources = [source for values in policy(response).values() for source in values]
    assert "'unsafe-eval'" not in sources
    assert "*" not in sources
    assert not [source for source in sources if "." in source or source.startswith("http")]
    assert "'unsafe-inline'" not in policy(response)["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"


async def test_the_api_keeps_its_own_policy(client: httpx.AsyncClient) -> None:
    for path in ("/openapi.json", "/health"):
        response = await client.get(path)
        assert response.headers["Content-Security-Policy"] == (
            "default-src 'none'; frame-ancestors 'none'"
        )
        assert response.headers["Cache-Control"] == "no-store"


async def test_swagger_ui_is_told_not_to_call_the_online_validator(
    client: httpx.AsyncClient,
) -> None:
    html = (await client.get("/docs")).text

    assert '"validatorUrl": null' in html
    assert '"persistAuthorization": true' in html


async def test_the_root_leads_to_the_docs(client: httpx.AsyncClient) -> None:
    response = await client.get("/")

    assert response.status_code == 307
    assert response.headers["Location"] == "/docs"


async def test_without_docs_the_root_and_the_assets_are_404(make_app: AppFactory) -> None:
    async with http_client(make_app(docs_enabled=False)) as client:
        responses = [
            await client.get(path)
            for path in ("/", "/docs", "/redoc", "/docs/assets/swagger-ui-bundle.js")
        ]

    assert [response.status_code for response in responses] == [404] * 4
    assert {response.json()["error"]["code"] for response in responses} == {"NOT_FOUND"}


async def test_behind_a_path_prefix_every_address_follows_it(platform_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=platform_app, root_path="/mes")
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        root = await client.get("/")
        docs = (await client.get("/docs")).text
        redoc = (await client.get("/redoc")).text

    assert root.headers["Location"] == "/mes/docs"
    assert all(url.startswith("/mes/docs/assets/") for url in linked_urls(docs + redoc))
    assert "url: '/mes/openapi.json'" in docs
    assert 'spec-url="/mes/openapi.json"' in redoc
