"""The application's one customisation of the OpenAPI document FastAPI builds.

FastAPI writes the whole document from the routes; only what it cannot know is changed
here, once, when the document is first built:

- the password flow of /docs' Authorize button posts to the token route under the
  configured `API_PREFIX` (the bearer scheme is declared at import, before settings exist).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def install_openapi(app: FastAPI, *, token_url: str) -> None:
    """Build `app`'s document with FastAPI, then adjust it (see the module doc)."""

    def openapi() -> dict[str, Any]:
        # FastAPI's own build, which it caches; the changes below are the same every time.
        schema = FastAPI.openapi(app)
        for scheme in schema.get("components", {}).get("securitySchemes", {}).values():
            password_flow = scheme.get("flows", {}).get("password")
            if password_flow is not None:
                password_flow["tokenUrl"] = token_url
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
