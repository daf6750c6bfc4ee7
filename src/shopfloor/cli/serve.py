"""`shopfloor serve`: the development server."""

from __future__ import annotations

from typing import Annotated

import typer

from shopfloor.cli.errors import fail


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes.")] = False,
    migrate: Annotated[bool, typer.Option(help="Apply pending migrations before serving.")] = True,
) -> None:
    """Serve the API with uvicorn (embedded PostgreSQL when no DATABASE_URL is set)."""
    import uvicorn

    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import upgrade_database

    url = resolve_database_url()
    if migrate:
        upgrade_database(url, "head")
    typer.echo(f"Serving on http://{host}:{port} (docs: http://{host}:{port}/docs)")
    try:
        uvicorn.run(
            "shopfloor.main:app",
            host=host,
            port=port,
            reload=reload,
            access_log=False,
            log_config=None,
            proxy_headers=True,
        )
    except (OSError, SystemExit) as exc:
        fail(f"the server stopped: {exc}")
