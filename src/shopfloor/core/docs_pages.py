"""The interactive API docs, Swagger UI at /docs and ReDoc at /redoc, working without internet.

FastAPI's default pages load Swagger UI, ReDoc, Google's fonts and a favicon from public
CDNs, so on a factory network without internet access they stay blank. Here FastAPI's own
page builders get local addresses instead: Swagger UI's and ReDoc's scripts and styles come
from the `fastapi-offline` wheel, the favicon and Shopfloor's few style changes from
`docs_assets/` beside this file, all served under /docs/assets. Each page carries a
Content-Security-Policy that lets it load nothing from any other origin.

`GET /` sends a browser to the docs; without docs it stays the usual 404.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
ASSETS_URL = "/docs/assets"

# Shopfloor's own files first, so a name of ours is never shadowed by the wheel's.
ASSET_PACKAGES: list[str | tuple[str, str]] = [
    ("shopfloor.core", "docs_assets"),
    ("fastapi_offline", "static"),
]
SWAGGER_JS = "swagger-ui-bundle.js"
SWAGGER_CSS = "docs.css"  # imports swagger-ui.css, then hides the client credential fields
REDOC_JS = "redoc.standalone.js"
FAVICON = "favicon.svg"

# The assets change only with a release; a day's cache spares reloading 2.8 MB on every visit
# and the ETag lets a browser check cheaply afterwards.
ASSET_CACHE_CONTROL = "public, max-age=86400"

SWAGGER_UI_PARAMETERS: dict[str, Any] = {
    "persistAuthorization": True,
    "displayRequestDuration": True,
    # No badge image from the public online validator.
    "validatorUrl": None,
}

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


class DocsAssets(StaticFiles):
    """The docs' scripts, styles and favicon; only files of the listed packages."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", ASSET_CACHE_CONTROL)
        return response


def content_security_policy(inline_scripts: list[str]) -> str:
    """Only this origin, and only the page's own inline scripts (by their hashes)."""
    script_sources = ["'self'", *(f"'sha256-{script_hash(text)}'" for text in inline_scripts)]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(script_sources),
            # Both UIs render with inline style attributes and injected style elements.
            "style-src 'self' 'unsafe-inline'",
            # Swagger UI's icons are data: URLs in its stylesheet.
            "img-src 'self' data:",
            "connect-src 'self'",
            # ReDoc builds its search index in a worker made from a Blob.
            "worker-src blob:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def script_hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def with_policy(page: HTMLResponse) -> HTMLResponse:
    html = bytes(page.body).decode()
    page.headers["Content-Security-Policy"] = content_security_policy(INLINE_SCRIPT.findall(html))
    return page


def prefix_of(request: Request) -> str:
    """The path a proxy mounts the application under (`--root-path`), as FastAPI's own docs."""
    root_path: str = request.scope.get("root_path", "")
    return root_path.rstrip("/")


def install_docs_pages(
    app: FastAPI,
    *,
    openapi_url: str,
    title: str,
    swagger_ui_parameters: Mapping[str, Any] | None = None,
) -> None:
    """Serve /docs, /redoc, their assets and the redirect from `/`.

    Build the app with `docs_url=None, redoc_url=None` so FastAPI adds no CDN pages of its own.
    """
    parameters = {**SWAGGER_UI_PARAMETERS, **(swagger_ui_parameters or {})}
    app.mount(ASSETS_URL, DocsAssets(packages=ASSET_PACKAGES), name="docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        prefix = prefix_of(request)
        assets = prefix + ASSETS_URL
        return with_policy(
            get_swagger_ui_html(
                openapi_url=prefix + openapi_url,
                title=f"{title} - Swagger UI",
                swagger_js_url=f"{assets}/{SWAGGER_JS}",
                swagger_css_url=f"{assets}/{SWAGGER_CSS}",
                swagger_favicon_url=f"{assets}/{FAVICON}",
                swagger_ui_parameters=parameters,
            )
        )

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        prefix = prefix_of(request)
        assets = prefix + ASSETS_URL
        return with_policy(
            get_redoc_html(
                openapi_url=prefix + openapi_url,
                title=f"{title} - ReDoc",
                redoc_js_url=f"{assets}/{REDOC_JS}",
                redoc_favicon_url=f"{assets}/{FAVICON}",
                with_google_fonts=False,
            )
        )

    @app.get("/", include_in_schema=False)
    async def to_the_docs(request: Request) -> RedirectResponse:
        return RedirectResponse(prefix_of(request) + DOCS_URL, status_code=307)
